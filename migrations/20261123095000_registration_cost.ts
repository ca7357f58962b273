import type { Knex } from 'knex';

/**
 * What a registration writes besides what it registers: less of it, for the protocol register's
 * throughput (`npm run bench:protocol`).
 *
 * - Rows that record their own creation are audited from their first change on, as protocol
 *   entries already are: the registration's case (its history starts with the `register` event:
 *   who, when), fascicolo (now with `opened_by`; `opened_on` was there), documents (`created_by`,
 *   `created_at`) and versions (`uploaded_by_login`, `uploaded_at`). Their INSERT copied the row
 *   into the audit log, four rows of every registration. A document's first version is part of
 *   its creation (a document cannot be committed without one), so that update is not logged
 *   either: changes after the creation are, as before, with their old and new values.
 * - The worklist indexes led by the assignee hold only assigned cases: "my cases" asks for an
 *   assignee (`assignee_id = …`, which implies the index's condition), the unassigned list reads
 *   the office's indexes. A new case has no assignee, so a registration no longer writes twelve
 *   index entries for it.
 */
const AUDIT_FROM_FIRST_CHANGE = [
  { table: 'instances', when: '' },
  { table: 'fascicoli', when: '' },
  { table: 'documents', when: 'WHEN (OLD.current_version > 0)' },
  { table: 'document_versions', when: '' },
] as const;

const ASSIGNED_ONLY = 'assignee_id IS NOT NULL';

/** The worklist's assignee-led indexes (migration 20261123090700_worklist_indexes) as they are now. */
async function assigneeIndexes(knex: Knex): Promise<Array<{ name: string; definition: string }>> {
  const { rows } = await knex.raw<{ rows: Array<{ name: string; definition: string }> }>(
    `SELECT indexname AS name, indexdef AS definition FROM pg_indexes
      WHERE schemaname = 'scrivania' AND tablename = 'instances' AND indexname LIKE 'instances\\_assignee\\_%\\_idx' ORDER BY 1`,
  );
  return rows;
}

/** The definition with `assignee_id IS NOT NULL` added to its condition. */
export function assignedOnly(definition: string): string {
  const where = definition.match(/ WHERE \((.*)\)$/);
  return where ? `${definition.slice(0, where.index)} WHERE ((${where[1]}) AND ${ASSIGNED_ONLY})` : `${definition} WHERE (${ASSIGNED_ONLY})`;
}

/** The definition without the condition `assignedOnly` added. */
export function withoutAssignedOnly(definition: string): string {
  // As PostgreSQL prints it back: each operand of the AND in parentheses.
  return definition.replace(/ WHERE \(\(?assignee_id IS NOT NULL\)?\)$/, '').replace(/ WHERE \(\((.*)\) AND \(?assignee_id IS NOT NULL\)?\)$/, ' WHERE ($1)');
}

async function rebuildAssigneeIndexes(knex: Knex, rewrite: (definition: string) => string): Promise<void> {
  // On a central database of millions of cases the builds outlast the pool's statement timeout.
  await knex.raw('SET LOCAL statement_timeout = 0');
  for (const { name, definition } of await assigneeIndexes(knex)) {
    await knex.raw(`DROP INDEX scrivania.${name}`);
    await knex.raw(rewrite(definition));
  }
}

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE scrivania.fascicoli ADD COLUMN opened_by text;
    UPDATE scrivania.fascicoli f SET opened_by = a.actor
      FROM scrivania.audit_log a WHERE a.table_name = 'fascicoli' AND a.action = 'INSERT' AND a.row_id = f.id::text;
    UPDATE scrivania.fascicoli SET opened_by = current_user WHERE opened_by IS NULL;
    ALTER TABLE scrivania.fascicoli ALTER COLUMN opened_by SET DEFAULT session_user, ALTER COLUMN opened_by SET NOT NULL;
  `);
  for (const { table, when } of AUDIT_FROM_FIRST_CHANGE) {
    await knex.raw(`
      DROP TRIGGER ${table}_audit ON scrivania.${table};
      CREATE TRIGGER ${table}_audit AFTER UPDATE OR DELETE ON scrivania.${table}
        FOR EACH ROW ${when} EXECUTE FUNCTION scrivania.audit_row();
    `);
  }
  await rebuildAssigneeIndexes(knex, assignedOnly);
}

export async function down(knex: Knex): Promise<void> {
  await rebuildAssigneeIndexes(knex, withoutAssignedOnly);
  for (const { table } of AUDIT_FROM_FIRST_CHANGE) {
    await knex.raw(`
      DROP TRIGGER ${table}_audit ON scrivania.${table};
      CREATE TRIGGER ${table}_audit AFTER INSERT OR UPDATE OR DELETE ON scrivania.${table}
        FOR EACH ROW EXECUTE FUNCTION scrivania.audit_row();
    `);
  }
  await knex.raw('ALTER TABLE scrivania.fascicoli DROP COLUMN opened_by');
}
