import type { Knex } from 'knex';

/**
 * Accented and foreign letters as a front-office clerk would type them without accents: Italian
 * names (Niccolò, Nicolò), and those of residents from elsewhere in Europe (Łukasz, Ștefan, Müller).
 * Kept here, not imported: a migration must mean the same thing forever.
 */
const FOLDED_LETTERS: ReadonlyArray<readonly [string, string]> = [
  ['ÀÁÂÃÄÅĀĂĄ', 'A'],
  ['àáâãäåāăą', 'a'],
  ['ÇĆČ', 'C'],
  ['çćč', 'c'],
  ['ĎĐ', 'D'],
  ['ďđ', 'd'],
  ['ÈÉÊËĒĖĘĚ', 'E'],
  ['èéêëēėęě', 'e'],
  ['ĞĢ', 'G'],
  ['ğģ', 'g'],
  ['ÌÍÎÏĪĮİ', 'I'],
  ['ìíîïīįı', 'i'],
  ['ĶĹĻĽŁ', 'KLLLL'],
  ['ķĺļľł', 'kllll'],
  ['ÑŃŅŇ', 'N'],
  ['ñńņň', 'n'],
  ['ÒÓÔÕÖØŌŐ', 'O'],
  ['òóôõöøōő', 'o'],
  ['ŔŘ', 'R'],
  ['ŕř', 'r'],
  ['ŚŞŠȘ', 'S'],
  ['śşšș', 's'],
  ['ŢŤȚ', 'T'],
  ['ţťț', 't'],
  ['ÙÚÛÜŪŮŰŲ', 'U'],
  ['ùúûüūůűų', 'u'],
  ['ÝŸ', 'Y'],
  ['ýÿ', 'y'],
  ['ŹŻŽ', 'Z'],
  ['źżž', 'z'],
];

function translateArguments(): { from: string; to: string } {
  let from = '';
  let to = '';
  for (const [letters, plain] of FOLDED_LETTERS) {
    const chars = [...letters];
    const targets = plain.length === 1 ? chars.map(() => plain) : [...plain];
    if (targets.length !== chars.length) throw new Error(`people_search: ${letters} and ${plain} differ in length`);
    from += chars.join('');
    to += targets.join('');
  }
  return { from, to };
}

/**
 * Search of the people registry for the dossier (fascicolo del cittadino / dell'impresa): a name key
 * that ignores case, accents, apostrophes, spaces and dashes ("D'Angelo Niccolò" and "dangelo
 * niccolo" have the same key), with trigram indexes (pg_trgm, installed by the instances migration)
 * so that "contains" and "sounds close to" searches stay fast on a large registry.
 */
export async function up(knex: Knex): Promise<void> {
  const { from, to } = translateArguments();
  await knex.raw(`
    CREATE FUNCTION scrivania.name_search_key(name text) RETURNS text
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $$
        SELECT pg_catalog.regexp_replace(pg_catalog.lower(pg_catalog.translate(name, '${from}', '${to}')), '[^a-z0-9]', '', 'g')
      $$;
    COMMENT ON FUNCTION scrivania.name_search_key(text) IS
      'A name as searched: lower case, accents folded, only letters and digits (DAngelo Niccolò = dangeloniccolo).';
    GRANT EXECUTE ON FUNCTION scrivania.name_search_key(text) TO scrivania_staff;

    CREATE INDEX persons_name_key_trgm_idx ON scrivania.persons
      USING gin (scrivania.name_search_key(last_name || ' ' || first_name) public.gin_trgm_ops);
    CREATE INDEX businesses_name_key_trgm_idx ON scrivania.businesses
      USING gin (scrivania.name_search_key(name) public.gin_trgm_ops);
    CREATE INDEX businesses_codice_fiscale_idx ON scrivania.businesses (ente_id, codice_fiscale);
    CREATE INDEX businesses_legal_representative_idx ON scrivania.businesses (legal_representative_id)
      WHERE legal_representative_id IS NOT NULL;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP INDEX scrivania.businesses_legal_representative_idx;
    DROP INDEX scrivania.businesses_codice_fiscale_idx;
    DROP INDEX scrivania.businesses_name_key_trgm_idx;
    DROP INDEX scrivania.persons_name_key_trgm_idx;
    DROP FUNCTION scrivania.name_search_key(text);
  `);
}
