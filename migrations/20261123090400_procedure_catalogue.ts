import type { Knex } from 'knex';

/**
 * The procedure catalogue: the census of administrative procedures (censimento dei procedimenti).
 * Each type has its office, its legal term in days (L. 241/1990 art. 2: 30 by default, at most 180),
 * the rule that governs its clock, its legal basis, whether it can be started online, and its fees.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE scrivania.procedure_types (
      id                  integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ente_id             integer NOT NULL REFERENCES scrivania.enti (id),
      office_id           integer NOT NULL REFERENCES scrivania.offices (id),
      code                text NOT NULL CHECK (code ~ '^[A-Z0-9_]{2,30}$'),
      name                text NOT NULL CHECK (length(trim(name)) > 0),
      category            text NOT NULL,
      legal_term_days     integer NOT NULL DEFAULT 30 CHECK (legal_term_days BETWEEN 1 AND 180),
      -- silenzio_inadempimento: the office must decide within the term (L. 241/1990 art. 2);
      -- silenzio_assenso: silence is acceptance when the term lapses (art. 20; DPR 380/2001 art. 20);
      -- scia: the activity starts at once, the office may prohibit within the term (art. 19).
      clock_rule          text NOT NULL CHECK (clock_rule IN ('silenzio_inadempimento', 'silenzio_assenso', 'scia')),
      legal_reference     text NOT NULL,
      suspension_allowed  boolean NOT NULL DEFAULT true,
      online_available    boolean NOT NULL DEFAULT false,
      fee_cents           integer NOT NULL DEFAULT 0 CHECK (fee_cents >= 0),
      active              boolean NOT NULL DEFAULT true,
      created_at          timestamptz NOT NULL DEFAULT now(),
      updated_at          timestamptz NOT NULL DEFAULT now(),
      UNIQUE (ente_id, code)
    );
    CREATE INDEX procedure_types_office_idx ON scrivania.procedure_types (office_id);

    ALTER TABLE scrivania.procedure_types ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.procedure_types FORCE ROW LEVEL SECURITY;
    GRANT SELECT ON scrivania.procedure_types TO scrivania_staff;
    GRANT INSERT, UPDATE ON scrivania.procedure_types TO scrivania_admin;
    CREATE POLICY procedure_types_of_my_ente ON scrivania.procedure_types FOR SELECT TO scrivania_staff
      USING (ente_id = (SELECT scrivania.current_ente_id()));
    CREATE POLICY procedure_types_admin_insert ON scrivania.procedure_types FOR INSERT TO scrivania_admin
      WITH CHECK (ente_id = (SELECT scrivania.current_ente_id()));
    CREATE POLICY procedure_types_admin_update ON scrivania.procedure_types FOR UPDATE TO scrivania_admin
      USING (ente_id = (SELECT scrivania.current_ente_id()))
      WITH CHECK (ente_id = (SELECT scrivania.current_ente_id()));

    CREATE TRIGGER procedure_types_audit AFTER INSERT OR UPDATE OR DELETE ON scrivania.procedure_types
      FOR EACH ROW EXECUTE FUNCTION scrivania.audit_row();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP TABLE scrivania.procedure_types`);
}
