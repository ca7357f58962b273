import type { Knex } from 'knex';

/**
 * Who works where: enti (a Comune, or the Comuni of a Unione sharing one database), their protocol
 * registers (AOO), offices, and staff. `staff.username` is the PostgreSQL login role the person
 * signs in as; the helper functions below resolve the signed-in staff member from `session_user`
 * (not `current_user`, which a `SET ROLE` could change) and are what every row-level security
 * policy is written against.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE scrivania.enti (
      id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      istat_code    text NOT NULL UNIQUE CHECK (istat_code ~ '^[0-9]{6}$'),
      name          text NOT NULL CHECK (length(trim(name)) > 0),
      kind          text NOT NULL DEFAULT 'comune' CHECK (kind IN ('comune', 'unione')),
      unione_id     integer REFERENCES scrivania.enti (id),
      codice_fiscale text NOT NULL CHECK (codice_fiscale ~ '^[0-9]{11}$'),
      ipa_code      text NOT NULL UNIQUE,
      province      text NOT NULL CHECK (province ~ '^[A-Z]{2}$'),
      address       text NOT NULL,
      pec           text,
      patron_saint  text,
      patron_day    text CHECK (patron_day ~ '^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'),
      created_at    timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE scrivania.protocol_registers (
      id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ente_id     integer NOT NULL REFERENCES scrivania.enti (id),
      aoo_code    text NOT NULL CHECK (length(aoo_code) BETWEEN 1 AND 16),
      name        text NOT NULL,
      active      boolean NOT NULL DEFAULT true,
      UNIQUE (ente_id, aoo_code)
    );

    CREATE TABLE scrivania.offices (
      id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ente_id     integer NOT NULL REFERENCES scrivania.enti (id),
      code        text NOT NULL CHECK (code ~ '^[A-Z0-9_]{2,20}$'),
      name        text NOT NULL CHECK (length(trim(name)) > 0),
      email       text,
      active      boolean NOT NULL DEFAULT true,
      UNIQUE (ente_id, code)
    );

    CREATE TABLE scrivania.staff (
      id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ente_id      integer NOT NULL REFERENCES scrivania.enti (id),
      username     text NOT NULL UNIQUE CHECK (username ~ '^[a-z][a-z0-9_.]{2,47}$'),
      full_name    text NOT NULL CHECK (length(trim(full_name)) >= 3),
      email        text,
      role         text NOT NULL CHECK (role IN ('clerk', 'technician', 'manager', 'admin')),
      enabled      boolean NOT NULL DEFAULT true,
      created_at   timestamptz NOT NULL DEFAULT now(),
      created_by   text NOT NULL DEFAULT session_user,
      disabled_at  timestamptz,
      disabled_by  text,
      CHECK (enabled OR disabled_at IS NOT NULL)
    );

    CREATE TABLE scrivania.staff_offices (
      staff_id   integer NOT NULL REFERENCES scrivania.staff (id) ON DELETE CASCADE,
      office_id  integer NOT NULL REFERENCES scrivania.offices (id),
      PRIMARY KEY (staff_id, office_id)
    );
    CREATE INDEX staff_offices_office_idx ON scrivania.staff_offices (office_id);
  `);

  await knex.raw(`
    CREATE FUNCTION scrivania.current_staff_id() RETURNS integer
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$ SELECT id FROM scrivania.staff WHERE username = session_user AND enabled $$;

    CREATE FUNCTION scrivania.current_ente_id() RETURNS integer
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$ SELECT ente_id FROM scrivania.staff WHERE username = session_user AND enabled $$;

    CREATE FUNCTION scrivania.current_unione_id() RETURNS integer
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
        SELECT e.unione_id FROM scrivania.staff s JOIN scrivania.enti e ON e.id = s.ente_id
        WHERE s.username = session_user AND s.enabled
      $$;

    CREATE FUNCTION scrivania.current_staff_role() RETURNS text
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$ SELECT role FROM scrivania.staff WHERE username = session_user AND enabled $$;

    CREATE FUNCTION scrivania.current_office_ids() RETURNS integer[]
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
        SELECT coalesce(array_agg(so.office_id), '{}')
        FROM scrivania.staff s JOIN scrivania.staff_offices so ON so.staff_id = s.id
        WHERE s.username = session_user AND s.enabled
      $$;

    REVOKE ALL ON FUNCTION scrivania.current_staff_id(), scrivania.current_ente_id(), scrivania.current_unione_id(),
      scrivania.current_staff_role(), scrivania.current_office_ids() FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION scrivania.current_staff_id(), scrivania.current_ente_id(), scrivania.current_unione_id(),
      scrivania.current_staff_role(), scrivania.current_office_ids() TO scrivania_staff;
  `);

  // Row-level security, forced so that the tables' owner is bound by it too.
  await knex.raw(`
    ALTER TABLE scrivania.enti ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.enti FORCE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.protocol_registers ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.protocol_registers FORCE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.offices ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.offices FORCE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.staff ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.staff FORCE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.staff_offices ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.staff_offices FORCE ROW LEVEL SECURITY;

    GRANT SELECT ON scrivania.enti, scrivania.protocol_registers, scrivania.offices,
      scrivania.staff, scrivania.staff_offices TO scrivania_staff;
    GRANT INSERT, UPDATE ON scrivania.offices TO scrivania_admin;

    -- A staff member sees their own ente and, in a Unione, the Unione it belongs to.
    CREATE POLICY enti_visible ON scrivania.enti FOR SELECT TO scrivania_staff
      USING (id = (SELECT scrivania.current_ente_id()) OR id = (SELECT scrivania.current_unione_id()));

    CREATE POLICY registers_of_my_ente ON scrivania.protocol_registers FOR SELECT TO scrivania_staff
      USING (ente_id = (SELECT scrivania.current_ente_id()));

    CREATE POLICY offices_of_my_ente ON scrivania.offices FOR SELECT TO scrivania_staff
      USING (ente_id = (SELECT scrivania.current_ente_id()));
    CREATE POLICY offices_admin_insert ON scrivania.offices FOR INSERT TO scrivania_admin
      WITH CHECK (ente_id = (SELECT scrivania.current_ente_id()));
    CREATE POLICY offices_admin_update ON scrivania.offices FOR UPDATE TO scrivania_admin
      USING (ente_id = (SELECT scrivania.current_ente_id()))
      WITH CHECK (ente_id = (SELECT scrivania.current_ente_id()));

    -- Colleagues of the same ente are visible (to assign work, to see who holds a case). Staff rows
    -- are written only through the SECURITY DEFINER administration functions.
    CREATE POLICY staff_of_my_ente ON scrivania.staff FOR SELECT TO scrivania_staff
      USING (ente_id = (SELECT scrivania.current_ente_id()));
    CREATE POLICY staff_offices_of_my_ente ON scrivania.staff_offices FOR SELECT TO scrivania_staff
      USING (office_id IN (SELECT o.id FROM scrivania.offices o));
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE scrivania.staff_offices;
    DROP TABLE scrivania.staff;
    DROP TABLE scrivania.offices;
    DROP TABLE scrivania.protocol_registers;
    DROP TABLE scrivania.enti;
    DROP FUNCTION scrivania.current_office_ids();
    DROP FUNCTION scrivania.current_staff_role();
    DROP FUNCTION scrivania.current_unione_id();
    DROP FUNCTION scrivania.current_ente_id();
    DROP FUNCTION scrivania.current_staff_id();
  `);
}
