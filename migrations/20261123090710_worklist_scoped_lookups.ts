import type { Knex } from 'knex';
import { createLookups, VISIBLE_INSTANCE } from './20261123090700_worklist_indexes';

/** The applicant indexes also carry the assignee, so "my cases" are narrowed in the index too. */
const APPLICANT_INDEXES = [
  ['instances_applicant_person_idx', 'applicant_person_id'],
  ['instances_applicant_business_idx', 'applicant_business_id'],
] as const;

/**
 * The registry's trigram indexes take no pending list: a GIN pending list (fastupdate) is scanned
 * linearly by every search until a vacuum merges it, which for a registry loaded in one go (a
 * migration from another system, the demo data) made each applicant search read thousands of
 * entries. The registry changes a few rows at a time, so inserting straight into the index is cheap.
 */
const REGISTRY_TRIGRAM_INDEXES = ['scrivania.persons_name_trgm_idx', 'scrivania.businesses_name_trgm_idx'] as const;

/**
 * What the planner assumes a lookup returns: a name, a tax code or a protocol number within a scope
 * finds tens to a few hundred cases. Too high an estimate makes it hash-join the whole scope's index
 * (every case of an office or a person) instead of reading the few cases found by id.
 */
const EXPECTED_MATCHES = 100;

/** The worklist's scope, a narrowing of what row-level security lets the caller see: never a widening. */
const IN_SCOPE = `(within_offices IS NULL OR i.office_id = ANY (within_offices))
             AND (assigned_to IS NULL OR i.assignee_id = assigned_to)`;

/**
 * The search and applicant lookups take the worklist's scope (offices, or the assignee for "my
 * cases"): a technician's search among their own cases no longer returns, and has the caller read
 * back, every matching case of the office. The scope only ever narrows: the policy of
 * `instances_visible` is still applied word for word. The registry's trigram indexes stop keeping a
 * pending list (see REGISTRY_TRIGRAM_INDEXES).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('SET LOCAL statement_timeout = 0');
  await knex.raw(`
    DROP FUNCTION scrivania.worklist_search_ids(text, integer, integer);
    DROP FUNCTION scrivania.worklist_applicant_ids(text);
  `);
  for (const [name, column] of APPLICANT_INDEXES) {
    await knex.raw(`DROP INDEX scrivania.${name}`);
    await knex.raw(`CREATE INDEX ${name} ON scrivania.instances (${column}, office_id) INCLUDE (ente_id, id, assignee_id)`);
  }
  for (const index of REGISTRY_TRIGRAM_INDEXES) {
    await knex.raw(`ALTER INDEX ${index} SET (fastupdate = off)`);
    await knex.raw(`SELECT gin_clean_pending_list(?::regclass)`, [index]);
  }
  await knex.raw(`
    CREATE FUNCTION scrivania.worklist_applicant_ids(pattern text, within_offices integer[], assigned_to integer)
      RETURNS SETOF bigint
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = scrivania, pg_temp
      ROWS ${EXPECTED_MATCHES}
      AS $$
        SELECT i.id
          FROM scrivania.instances i
         WHERE i.applicant_person_id = ANY (ARRAY(
                 SELECT p.id FROM scrivania.persons p
                  WHERE p.ente_id = (SELECT scrivania.current_ente_id())
                    AND (lower(p.last_name || ' ' || p.first_name) LIKE lower(pattern)
                         OR lower(p.codice_fiscale) LIKE lower(pattern))))
           AND ${IN_SCOPE}
           AND ${VISIBLE_INSTANCE}
        UNION ALL
        SELECT i.id
          FROM scrivania.instances i
         WHERE i.applicant_business_id = ANY (ARRAY(
                 SELECT b.id FROM scrivania.businesses b
                  WHERE b.ente_id = (SELECT scrivania.current_ente_id())
                    AND (lower(b.name) LIKE lower(pattern) OR lower(b.partita_iva) LIKE lower(pattern))))
           AND ${IN_SCOPE}
           AND ${VISIBLE_INSTANCE}
      $$;

    CREATE FUNCTION scrivania.worklist_search_ids(search text, protocol_number integer, protocol_year integer,
                                                  within_offices integer[], assigned_to integer)
      RETURNS SETOF bigint
      LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = scrivania, pg_temp
      ROWS ${EXPECTED_MATCHES}
      AS $$
      DECLARE
        pattern CONSTANT text := '%' || replace(replace(replace(lower(search), '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%';
      BEGIN
        IF position(' ' IN search) > 0 THEN
          RETURN QUERY SELECT i.id FROM scrivania.instances i
                        WHERE i.search_text LIKE pattern AND ${IN_SCOPE} AND ${VISIBLE_INSTANCE};
        ELSE
          RETURN QUERY SELECT scrivania.worklist_applicant_ids(pattern, within_offices, assigned_to);
          RETURN QUERY SELECT i.id FROM scrivania.instances i
                        WHERE lower(i.subject) LIKE pattern AND ${IN_SCOPE} AND ${VISIBLE_INSTANCE};
        END IF;
        IF worklist_search_ids.protocol_number IS NOT NULL THEN
          RETURN QUERY
            SELECT i.id FROM scrivania.instances i
             WHERE i.protocol_number = worklist_search_ids.protocol_number
               AND (worklist_search_ids.protocol_year IS NULL OR i.protocol_year = worklist_search_ids.protocol_year)
               AND ${IN_SCOPE}
               AND ${VISIBLE_INSTANCE};
        END IF;
      END
      $$;

    REVOKE ALL ON FUNCTION scrivania.worklist_applicant_ids(text, integer[], integer),
      scrivania.worklist_search_ids(text, integer, integer, integer[], integer) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION scrivania.worklist_applicant_ids(text, integer[], integer),
      scrivania.worklist_search_ids(text, integer, integer, integer[], integer) TO scrivania_staff;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('SET LOCAL statement_timeout = 0');
  await knex.raw(`
    DROP FUNCTION scrivania.worklist_search_ids(text, integer, integer, integer[], integer);
    DROP FUNCTION scrivania.worklist_applicant_ids(text, integer[], integer);
  `);
  for (const [name, column] of APPLICANT_INDEXES) {
    await knex.raw(`DROP INDEX scrivania.${name}`);
    await knex.raw(`CREATE INDEX ${name} ON scrivania.instances (${column}, office_id) INCLUDE (ente_id, id)`);
  }
  for (const index of REGISTRY_TRIGRAM_INDEXES) await knex.raw(`ALTER INDEX ${index} RESET (fastupdate)`);
  await createLookups(knex);
}
