import type { Knex } from 'knex';

/**
 * The application schema and the NOLOGIN group roles that carry every grant. Roles are
 * cluster-wide, so they are created only when missing: several Scrivania databases (a test server,
 * a training copy) can share one PostgreSQL cluster. Staff members sign in as their own LOGIN roles,
 * members of exactly one of these groups.
 */
export async function up(knex: Knex): Promise<void> {
  // The schema owner runs the SECURITY DEFINER functions that row-level security relies on, and
  // creates staff login roles: it must bypass RLS (FORCE applies to owners) and be able to create roles.
  await knex.raw(`
    DO $$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_user
                     AND (rolsuper OR (rolbypassrls AND rolcreaterole))) THEN
        RAISE EXCEPTION 'Scrivania migrations must run as a superuser or a role with BYPASSRLS and CREATEROLE (current: %)', current_user;
      END IF;
    END
    $$;
  `);
  await knex.raw(`
    DO $$
    DECLARE
      group_role text;
    BEGIN
      FOREACH group_role IN ARRAY ARRAY['scrivania_staff', 'scrivania_clerk', 'scrivania_technician',
                                        'scrivania_manager', 'scrivania_admin']
      LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = group_role) THEN
          EXECUTE format('CREATE ROLE %I NOLOGIN', group_role);
        END IF;
      END LOOP;
    END
    $$;
  `);
  // Each staff group inherits the common grants of scrivania_staff.
  await knex.raw(`
    GRANT scrivania_staff TO scrivania_clerk, scrivania_technician, scrivania_manager, scrivania_admin;
  `);
  await knex.raw(`
    CREATE SCHEMA scrivania;
    REVOKE ALL ON SCHEMA scrivania FROM PUBLIC;
    GRANT USAGE ON SCHEMA scrivania TO scrivania_staff;
    REVOKE CREATE ON SCHEMA public FROM PUBLIC;
  `);
  // The migrations ledger is readable by staff so the app can refuse a schema it does not know.
  await knex.raw(`
    GRANT SELECT ON TABLE knex_migrations TO scrivania_staff;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`REVOKE SELECT ON TABLE knex_migrations FROM scrivania_staff`);
  await knex.raw(`DROP SCHEMA scrivania CASCADE`);
}
