import type { Knex } from 'knex';

/**
 * The state each person left each worklist in (filters, sort, columns, search, the saved view it
 * came from), so the worklist reopens as they left it at their next sign-in, on any workstation.
 * One row per person and worklist; private like the saved views.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE scrivania.worklist_remembered_views (
      staff_id    integer NOT NULL DEFAULT scrivania.current_staff_id() REFERENCES scrivania.staff (id) ON DELETE CASCADE,
      scope       text NOT NULL CHECK (scope IN ('mine', 'office', 'unassigned')),
      ente_id     integer NOT NULL REFERENCES scrivania.enti (id),
      state       jsonb NOT NULL CHECK (length(state::text) <= 20000),
      -- The saved view the state was opened from (it may have been changed since).
      view_id     bigint REFERENCES scrivania.worklist_views (id) ON DELETE SET NULL,
      updated_at  timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (staff_id, scope)
    );

    ALTER TABLE scrivania.worklist_remembered_views ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.worklist_remembered_views FORCE ROW LEVEL SECURITY;
    GRANT SELECT, INSERT, UPDATE, DELETE ON scrivania.worklist_remembered_views TO scrivania_staff;
    CREATE POLICY worklist_remembered_views_own ON scrivania.worklist_remembered_views FOR ALL TO scrivania_staff
      USING (staff_id = (SELECT scrivania.current_staff_id()))
      WITH CHECK (staff_id = (SELECT scrivania.current_staff_id()) AND ente_id = (SELECT scrivania.current_ente_id()));
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP TABLE scrivania.worklist_remembered_views`);
}
