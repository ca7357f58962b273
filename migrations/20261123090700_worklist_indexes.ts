import type { Knex } from 'knex';

/** The worklist's sorts: index name part and key columns (`id`, the tie-breaker, is appended). */
const WORKLIST_SORTS = [
  ['received', ['received_at']],
  ['due', ['due_date']],
  ['applicant', ['applicant_name']],
  ['procedure', ['procedure_name']],
  ['protocol', ['protocol_year', 'protocol_number']],
  ['status', ['status']],
] as const;

/**
 * The leading column of each family of worklist indexes (the scope: an office's cases or a
 * person's), and the columns carried in the index so that row-level security (ente, office), the
 * "unassigned" scope and the status and procedure filters are checked without visiting the table.
 */
const SCOPES = [
  ['office', 'office_id', ['ente_id', 'status', 'assignee_id', 'procedure_type_id']],
  ['assignee', 'assignee_id', ['ente_id', 'office_id', 'status', 'procedure_type_id']],
] as const;

/** A case is open until it is closed: `closed_at`, not a list of statuses (the workflow adds statuses). */
const OPEN = 'closed_at IS NULL';

interface IndexChange {
  name: string;
  definition: string;
  /** The definition it replaces (migration 20261123090500_instances), restored by `down`. */
  replaces: string | null;
}

function sortIndexes(): IndexChange[] {
  const all: IndexChange[] = [];
  for (const [scope, leading, carried] of SCOPES) {
    for (const [sort, columns] of WORKLIST_SORTS) {
      const keys = [leading, ...columns, 'id'].join(', ');
      const include = carried.filter((column) => !(columns as readonly string[]).includes(column)).join(', ');
      const body = `ON scrivania.instances (${keys}) INCLUDE (${include})`;
      all.push({ name: `instances_${scope}_${sort}_idx`, definition: body, replaces: `ON scrivania.instances (${keys})` });
      all.push({ name: `instances_${scope}_${sort}_open_idx`, definition: `${body} WHERE ${OPEN}`, replaces: null });
    }
  }
  return all;
}

/**
 * Cases by applicant with what row-level security reads: the applicant filter finds an applicant's
 * visible cases in the index alone.
 */
const APPLICANT_INDEXES: IndexChange[] = [
  {
    name: 'instances_applicant_person_idx',
    definition: 'ON scrivania.instances (applicant_person_id, office_id) INCLUDE (ente_id, id)',
    replaces: 'ON scrivania.instances (applicant_person_id)',
  },
  {
    name: 'instances_applicant_business_idx',
    definition: 'ON scrivania.instances (applicant_business_id, office_id) INCLUDE (ente_id, id)',
    replaces: 'ON scrivania.instances (applicant_business_id)',
  },
];

/** Trigram indexes for "contains" on names, tax codes and subjects (each much smaller than search_text's). */
const TRIGRAM_INDEXES: IndexChange[] = [
  {
    name: 'persons_name_trgm_idx',
    definition: `ON scrivania.persons USING gin (lower(last_name || ' ' || first_name) public.gin_trgm_ops, lower(codice_fiscale) public.gin_trgm_ops)`,
    replaces: null,
  },
  {
    name: 'businesses_name_trgm_idx',
    definition: 'ON scrivania.businesses USING gin (lower(name) public.gin_trgm_ops, lower(partita_iva) public.gin_trgm_ops)',
    replaces: null,
  },
  {
    name: 'instances_subject_trgm_idx',
    definition: 'ON scrivania.instances USING gin (lower(subject) public.gin_trgm_ops)',
    replaces: null,
  },
];

/**
 * The policy `instances_visible` (migration 20261123090500_instances), word for word, for the
 * functions below, which run as their owner and so are not subject to row-level security.
 */
export const VISIBLE_INSTANCE = `i.ente_id = (SELECT scrivania.current_ente_id())
             AND ((SELECT scrivania.current_staff_role()) = 'admin'
                  OR i.office_id = ANY ((SELECT scrivania.current_office_ids())::integer[]))`;

/** Building these indexes on a central database of millions of cases outlasts the pool's statement timeout. */
async function allowLongIndexBuilds(knex: Knex): Promise<void> {
  await knex.raw('SET LOCAL statement_timeout = 0');
}

/**
 * Worklist indexes and search functions for a million cases.
 *
 * Indexes: each sort's index per office and per assignee carries the columns that row-level
 * security and the status and procedure filters read (index-only counts and OFFSET seeks), and a
 * partial copy holds only the open cases, the worklist's default view (a few percent of all).
 *
 * Text matching: LIKE is not leakproof, so under row-level security PostgreSQL may not use a
 * trigram index for it. The two functions below run the matching as their owner (who bypasses
 * row-level security: migrations run as a superuser or a BYPASSRLS role) and apply the policies of
 * `instances` and of the registry themselves, exactly: the caller gets the ids of the cases it could
 * see anyway, and uses them as `i.id IN (SELECT …)` under its own row-level security.
 *
 * - `worklist_applicant_ids(pattern)`: cases whose applicant's name or codice fiscale / partita IVA
 *   is ILIKE `pattern` (the registry's people and businesses first, then their cases by index).
 * - `worklist_search_ids(search, protocol_number, protocol_year)`: the search box. `search_text` is
 *   lower(applicant name || ' ' || tax code || ' ' || subject); text without a space cannot span two
 *   of those, so it is matched in each (the applicants, and the subject's own trigram index), which
 *   is far cheaper than `search_text`'s index. Text with a space is matched on `search_text`.
 */
export async function up(knex: Knex): Promise<void> {
  await allowLongIndexBuilds(knex);
  for (const { name, definition, replaces } of [...sortIndexes(), ...APPLICANT_INDEXES, ...TRIGRAM_INDEXES]) {
    if (replaces) await knex.raw(`DROP INDEX scrivania.${name}`);
    await knex.raw(`CREATE INDEX ${name} ${definition}`);
  }
  await createLookups(knex);
}

/** The two lookup functions as this migration defines them (20261123090710 replaces them; its `down` restores these). */
export async function createLookups(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION scrivania.worklist_applicant_ids(pattern text)
      RETURNS SETOF bigint
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = scrivania, pg_temp
      ROWS 1000
      AS $$
        SELECT i.id
          FROM scrivania.instances i
         WHERE i.applicant_person_id = ANY (ARRAY(
                 SELECT p.id FROM scrivania.persons p
                  WHERE p.ente_id = (SELECT scrivania.current_ente_id())
                    AND (lower(p.last_name || ' ' || p.first_name) LIKE lower(pattern)
                         OR lower(p.codice_fiscale) LIKE lower(pattern))))
           AND ${VISIBLE_INSTANCE}
        UNION ALL
        SELECT i.id
          FROM scrivania.instances i
         WHERE i.applicant_business_id = ANY (ARRAY(
                 SELECT b.id FROM scrivania.businesses b
                  WHERE b.ente_id = (SELECT scrivania.current_ente_id())
                    AND (lower(b.name) LIKE lower(pattern) OR lower(b.partita_iva) LIKE lower(pattern))))
           AND ${VISIBLE_INSTANCE}
      $$;

    CREATE FUNCTION scrivania.worklist_search_ids(search text, protocol_number integer, protocol_year integer)
      RETURNS SETOF bigint
      LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = scrivania, pg_temp
      ROWS 1000
      AS $$
      DECLARE
        pattern CONSTANT text := '%' || replace(replace(replace(lower(search), '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%';
      BEGIN
        IF position(' ' IN search) > 0 THEN
          RETURN QUERY SELECT i.id FROM scrivania.instances i WHERE i.search_text LIKE pattern AND ${VISIBLE_INSTANCE};
        ELSE
          RETURN QUERY SELECT scrivania.worklist_applicant_ids(pattern);
          RETURN QUERY SELECT i.id FROM scrivania.instances i WHERE lower(i.subject) LIKE pattern AND ${VISIBLE_INSTANCE};
        END IF;
        IF worklist_search_ids.protocol_number IS NOT NULL THEN
          RETURN QUERY
            SELECT i.id FROM scrivania.instances i
             WHERE i.protocol_number = worklist_search_ids.protocol_number
               AND (worklist_search_ids.protocol_year IS NULL OR i.protocol_year = worklist_search_ids.protocol_year)
               AND ${VISIBLE_INSTANCE};
        END IF;
      END
      $$;

    REVOKE ALL ON FUNCTION scrivania.worklist_applicant_ids(text), scrivania.worklist_search_ids(text, integer, integer) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION scrivania.worklist_applicant_ids(text), scrivania.worklist_search_ids(text, integer, integer)
      TO scrivania_staff;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await allowLongIndexBuilds(knex);
  await knex.raw(`
    DROP FUNCTION scrivania.worklist_search_ids(text, integer, integer);
    DROP FUNCTION scrivania.worklist_applicant_ids(text);
  `);
  for (const { name, replaces } of [...sortIndexes(), ...APPLICANT_INDEXES, ...TRIGRAM_INDEXES]) {
    await knex.raw(`DROP INDEX scrivania.${name}`);
    if (replaces) await knex.raw(`CREATE INDEX ${name} ${replaces}`);
  }
}
