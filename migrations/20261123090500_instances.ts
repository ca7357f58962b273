import type { Knex } from 'knex';

const OFFICE_OR_ASSIGNEE_SORTS = [
  ['received', 'received_at'],
  ['due', 'due_date'],
  ['applicant', 'applicant_name'],
  ['procedure', 'procedure_name'],
  ['protocol', 'protocol_year, protocol_number'],
  ['status', 'status'],
] as const;

/**
 * Instances (istanze): what citizens and businesses submit, with applicant, procedure, office,
 * assignee, status, protocol registration, received and due dates. The workflow proper comes later;
 * this is what the worklist reads. Applicant and procedure names are copied onto the row by triggers
 * so the worklist can sort and seek on them with an index (kept in step when the source changes).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`);
  await knex.raw(`
    CREATE TABLE scrivania.instances (
      id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ente_id               integer NOT NULL REFERENCES scrivania.enti (id),
      office_id             integer NOT NULL REFERENCES scrivania.offices (id),
      procedure_type_id     integer NOT NULL REFERENCES scrivania.procedure_types (id),
      applicant_person_id   bigint REFERENCES scrivania.persons (id),
      applicant_business_id bigint REFERENCES scrivania.businesses (id),
      applicant_name        text NOT NULL DEFAULT '',
      applicant_tax_code    text NOT NULL DEFAULT '',
      procedure_code        text NOT NULL DEFAULT '',
      procedure_name        text NOT NULL DEFAULT '',
      subject               text NOT NULL CHECK (length(trim(subject)) > 0),
      channel               text NOT NULL CHECK (channel IN ('online', 'pec', 'desk')),
      status                text NOT NULL DEFAULT 'received'
                              CHECK (status IN ('received', 'in_progress', 'suspended', 'accepted', 'rejected', 'withdrawn')),
      protocol_register_id  integer NOT NULL REFERENCES scrivania.protocol_registers (id),
      protocol_year         integer NOT NULL,
      protocol_number       integer NOT NULL CHECK (protocol_number > 0),
      received_at           timestamptz NOT NULL,
      due_date              date NOT NULL,
      assignee_id           integer REFERENCES scrivania.staff (id),
      closed_at             timestamptz,
      created_at            timestamptz NOT NULL DEFAULT now(),
      updated_at            timestamptz NOT NULL DEFAULT now(),
      search_text           text GENERATED ALWAYS AS (
                              lower(applicant_name || ' ' || applicant_tax_code || ' ' || subject)) STORED,
      CONSTRAINT instances_one_applicant CHECK (num_nonnulls(applicant_person_id, applicant_business_id) = 1),
      CONSTRAINT instances_closed_when_final CHECK (
        (status IN ('accepted', 'rejected', 'withdrawn')) = (closed_at IS NOT NULL)),
      CONSTRAINT instances_protocol_unique UNIQUE (protocol_register_id, protocol_year, protocol_number)
    );
  `);

  for (const [name, columns] of OFFICE_OR_ASSIGNEE_SORTS) {
    await knex.raw(`CREATE INDEX instances_assignee_${name}_idx ON scrivania.instances (assignee_id, ${columns}, id)`);
    await knex.raw(`CREATE INDEX instances_office_${name}_idx ON scrivania.instances (office_id, ${columns}, id)`);
  }
  await knex.raw(`
    CREATE INDEX instances_search_trgm_idx ON scrivania.instances USING gin (search_text public.gin_trgm_ops);
    CREATE INDEX instances_applicant_person_idx ON scrivania.instances (applicant_person_id);
    CREATE INDEX instances_applicant_business_idx ON scrivania.instances (applicant_business_id);
    CREATE INDEX instances_procedure_type_idx ON scrivania.instances (procedure_type_id);
  `);

  await knex.raw(`
    -- Copies applicant and procedure names onto the instance, and refuses an applicant, procedure
    -- or office of another ente (row-level security would hide them, but a foreign key would not).
    CREATE FUNCTION scrivania.instances_fill_denormalized() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      DECLARE
        found_ente integer;
      BEGIN
        IF NEW.applicant_person_id IS NOT NULL THEN
          SELECT ente_id, last_name || ' ' || first_name, codice_fiscale
            INTO found_ente, NEW.applicant_name, NEW.applicant_tax_code
            FROM scrivania.persons WHERE id = NEW.applicant_person_id;
        ELSE
          SELECT ente_id, name, partita_iva
            INTO found_ente, NEW.applicant_name, NEW.applicant_tax_code
            FROM scrivania.businesses WHERE id = NEW.applicant_business_id;
        END IF;
        IF found_ente IS DISTINCT FROM NEW.ente_id THEN
          RAISE EXCEPTION 'Applicant of another ente' USING ERRCODE = '23503', HINT = 'scrivania:applicant_other_ente';
        END IF;
        SELECT ente_id, code, name INTO found_ente, NEW.procedure_code, NEW.procedure_name
          FROM scrivania.procedure_types WHERE id = NEW.procedure_type_id;
        IF found_ente IS DISTINCT FROM NEW.ente_id THEN
          RAISE EXCEPTION 'Procedure of another ente' USING ERRCODE = '23503', HINT = 'scrivania:procedure_other_ente';
        END IF;
        IF NOT EXISTS (SELECT 1 FROM scrivania.offices WHERE id = NEW.office_id AND ente_id = NEW.ente_id) THEN
          RAISE EXCEPTION 'Office of another ente' USING ERRCODE = '23503', HINT = 'scrivania:office_other_ente';
        END IF;
        IF NEW.assignee_id IS NOT NULL AND NOT EXISTS (
             SELECT 1 FROM scrivania.staff WHERE id = NEW.assignee_id AND ente_id = NEW.ente_id) THEN
          RAISE EXCEPTION 'Assignee of another ente' USING ERRCODE = '23503', HINT = 'scrivania:assignee_other_ente';
        END IF;
        NEW.updated_at := now();
        RETURN NEW;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.instances_fill_denormalized() FROM PUBLIC;
    CREATE TRIGGER instances_fill_denormalized
      BEFORE INSERT OR UPDATE OF applicant_person_id, applicant_business_id, procedure_type_id, office_id, assignee_id, ente_id
      ON scrivania.instances FOR EACH ROW EXECUTE FUNCTION scrivania.instances_fill_denormalized();

    CREATE FUNCTION scrivania.instances_follow_person() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      BEGIN
        UPDATE scrivania.instances
           SET applicant_name = NEW.last_name || ' ' || NEW.first_name, applicant_tax_code = NEW.codice_fiscale
         WHERE applicant_person_id = NEW.id;
        RETURN NULL;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.instances_follow_person() FROM PUBLIC;
    CREATE TRIGGER persons_names_to_instances AFTER UPDATE OF last_name, first_name, codice_fiscale
      ON scrivania.persons FOR EACH ROW EXECUTE FUNCTION scrivania.instances_follow_person();

    CREATE FUNCTION scrivania.instances_follow_business() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      BEGIN
        UPDATE scrivania.instances SET applicant_name = NEW.name, applicant_tax_code = NEW.partita_iva
         WHERE applicant_business_id = NEW.id;
        RETURN NULL;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.instances_follow_business() FROM PUBLIC;
    CREATE TRIGGER businesses_names_to_instances AFTER UPDATE OF name, partita_iva
      ON scrivania.businesses FOR EACH ROW EXECUTE FUNCTION scrivania.instances_follow_business();

    CREATE FUNCTION scrivania.instances_follow_procedure() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      BEGIN
        UPDATE scrivania.instances SET procedure_code = NEW.code, procedure_name = NEW.name
         WHERE procedure_type_id = NEW.id;
        RETURN NULL;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.instances_follow_procedure() FROM PUBLIC;
    CREATE TRIGGER procedure_names_to_instances AFTER UPDATE OF code, name
      ON scrivania.procedure_types FOR EACH ROW EXECUTE FUNCTION scrivania.instances_follow_procedure();
  `);

  await knex.raw(`
    ALTER TABLE scrivania.instances ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.instances FORCE ROW LEVEL SECURITY;
    GRANT SELECT ON scrivania.instances TO scrivania_staff;
    GRANT INSERT, UPDATE ON scrivania.instances TO scrivania_clerk, scrivania_technician, scrivania_manager, scrivania_admin;

    -- Administrators see the whole ente; everyone else the instances of the offices they belong to.
    CREATE POLICY instances_visible ON scrivania.instances FOR SELECT TO scrivania_staff
      USING (ente_id = (SELECT scrivania.current_ente_id())
             AND ((SELECT scrivania.current_staff_role()) = 'admin'
                  OR office_id = ANY ((SELECT scrivania.current_office_ids())::integer[])));
    CREATE POLICY instances_insert ON scrivania.instances FOR INSERT TO scrivania_staff
      WITH CHECK (ente_id = (SELECT scrivania.current_ente_id())
                  AND ((SELECT scrivania.current_staff_role()) = 'admin'
                       OR office_id = ANY ((SELECT scrivania.current_office_ids())::integer[])));
    CREATE POLICY instances_update ON scrivania.instances FOR UPDATE TO scrivania_staff
      USING (ente_id = (SELECT scrivania.current_ente_id())
             AND ((SELECT scrivania.current_staff_role()) = 'admin'
                  OR office_id = ANY ((SELECT scrivania.current_office_ids())::integer[])))
      WITH CHECK (ente_id = (SELECT scrivania.current_ente_id())
                  AND ((SELECT scrivania.current_staff_role()) = 'admin'
                       OR office_id = ANY ((SELECT scrivania.current_office_ids())::integer[])));

    CREATE TRIGGER instances_audit AFTER INSERT OR UPDATE OR DELETE ON scrivania.instances
      FOR EACH ROW EXECUTE FUNCTION scrivania.audit_row();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TRIGGER procedure_names_to_instances ON scrivania.procedure_types;
    DROP TRIGGER businesses_names_to_instances ON scrivania.businesses;
    DROP TRIGGER persons_names_to_instances ON scrivania.persons;
    DROP TABLE scrivania.instances;
    DROP FUNCTION scrivania.instances_follow_procedure();
    DROP FUNCTION scrivania.instances_follow_business();
    DROP FUNCTION scrivania.instances_follow_person();
    DROP FUNCTION scrivania.instances_fill_denormalized();
  `);
}
