import type { Knex } from 'knex';

/**
 * The audit log, written by triggers so that no code path can forget it: every insert, update and
 * delete on an audited table records who (the login role), when, and what changed. It is append-only:
 * staff cannot write it directly and nobody can rewrite it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE scrivania.audit_log (
      id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at          timestamptz NOT NULL DEFAULT clock_timestamp(),
      actor       text NOT NULL DEFAULT session_user,
      ente_id     integer,
      table_name  text NOT NULL,
      row_id      text NOT NULL,
      action      text NOT NULL CHECK (action IN ('INSERT', 'UPDATE', 'DELETE')),
      changes     jsonb NOT NULL
    );
    CREATE INDEX audit_log_row_idx ON scrivania.audit_log (table_name, row_id, at);
    CREATE INDEX audit_log_ente_at_idx ON scrivania.audit_log (ente_id, at);

    CREATE FUNCTION scrivania.audit_row() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      DECLARE
        old_row jsonb := CASE WHEN TG_OP IN ('UPDATE', 'DELETE') THEN to_jsonb(OLD) END;
        new_row jsonb := CASE WHEN TG_OP IN ('INSERT', 'UPDATE') THEN to_jsonb(NEW) END;
        subject jsonb := coalesce(new_row, old_row);
        diff jsonb;
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          SELECT coalesce(jsonb_object_agg(n.key, jsonb_build_array(old_row -> n.key, n.value)), '{}')
            INTO diff
            FROM jsonb_each(new_row) n
           WHERE n.value IS DISTINCT FROM old_row -> n.key AND n.key <> 'updated_at';
          IF diff = '{}' THEN
            RETURN NULL;
          END IF;
        ELSE
          diff := subject;
        END IF;
        INSERT INTO scrivania.audit_log (ente_id, table_name, row_id, action, changes)
        VALUES (
          CASE WHEN TG_TABLE_NAME = 'enti' THEN (subject ->> 'id')::integer ELSE (subject ->> 'ente_id')::integer END,
          TG_TABLE_NAME,
          coalesce(subject ->> 'id', subject::text),
          TG_OP,
          diff
        );
        RETURN NULL;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.audit_row() FROM PUBLIC;

    CREATE FUNCTION scrivania.audit_log_is_append_only() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'The audit log is append-only' USING ERRCODE = '42501', HINT = 'scrivania:audit_append_only';
      END
      $$;
    CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON scrivania.audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION scrivania.audit_log_is_append_only();

    ALTER TABLE scrivania.audit_log ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.audit_log FORCE ROW LEVEL SECURITY;
    GRANT SELECT ON scrivania.audit_log TO scrivania_admin, scrivania_manager;
    CREATE POLICY audit_of_my_ente ON scrivania.audit_log FOR SELECT TO scrivania_admin, scrivania_manager
      USING (ente_id = (SELECT scrivania.current_ente_id()));
  `);

  for (const table of ['enti', 'protocol_registers', 'offices', 'staff', 'staff_offices']) {
    await knex.raw(`
      CREATE TRIGGER ${table}_audit AFTER INSERT OR UPDATE OR DELETE ON scrivania.${table}
        FOR EACH ROW EXECUTE FUNCTION scrivania.audit_row();
    `);
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['enti', 'protocol_registers', 'offices', 'staff', 'staff_offices']) {
    await knex.raw(`DROP TRIGGER ${table}_audit ON scrivania.${table}`);
  }
  await knex.raw(`
    DROP TABLE scrivania.audit_log;
    DROP FUNCTION scrivania.audit_log_is_append_only();
    DROP FUNCTION scrivania.audit_row();
  `);
}
