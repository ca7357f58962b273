import type { Knex } from 'knex';

/**
 * Worklist views of each person: the named views they save (filters, columns, sort, search), one
 * of which may be the view a worklist opens with. Private: a person reads and writes only their own.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE scrivania.worklist_views (
      id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ente_id     integer NOT NULL REFERENCES scrivania.enti (id),
      staff_id    integer NOT NULL DEFAULT scrivania.current_staff_id() REFERENCES scrivania.staff (id) ON DELETE CASCADE,
      scope       text NOT NULL CHECK (scope IN ('mine', 'office', 'unassigned')),
      name        text NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 60),
      state       jsonb NOT NULL CHECK (length(state::text) <= 20000),
      -- The view the worklist opens with (at most one per person and worklist).
      is_default  boolean NOT NULL DEFAULT false,
      created_at  timestamptz NOT NULL DEFAULT now(),
      updated_at  timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX worklist_views_name_idx ON scrivania.worklist_views (staff_id, scope, lower(name));
    CREATE UNIQUE INDEX worklist_views_default_idx ON scrivania.worklist_views (staff_id, scope) WHERE is_default;

    ALTER TABLE scrivania.worklist_views ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.worklist_views FORCE ROW LEVEL SECURITY;
    GRANT SELECT, INSERT, UPDATE, DELETE ON scrivania.worklist_views TO scrivania_staff;
    CREATE POLICY worklist_views_own ON scrivania.worklist_views FOR ALL TO scrivania_staff
      USING (staff_id = (SELECT scrivania.current_staff_id()))
      WITH CHECK (staff_id = (SELECT scrivania.current_staff_id()) AND ente_id = (SELECT scrivania.current_ente_id()));
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP TABLE scrivania.worklist_views`);
}
