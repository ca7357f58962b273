import type { Knex } from 'knex';

/*
 * The lists below are copied, not imported from src/shared/domain/anagrafe.ts: a migration must mean
 * the same thing forever. A unit test checks that they still match the domain's lists.
 */
export const HOUSEHOLD_RELATIONSHIPS = [
  'intestatario_scheda',
  'coniuge',
  'unito_civilmente',
  'convivente',
  'figlio',
  'figliastro',
  'genitore',
  'suocero',
  'genero_nuora',
  'nipote',
  'nonno',
  'fratello',
  'cognato',
  'altro_parente',
];
export const RESIDENCE_END_REASONS = ['moved_within', 'emigrated', 'emigrated_abroad', 'deceased', 'untraceable'];
export const BIRTH_ACT_PARTS = ['I', 'II'];
export const BIRTH_ACT_SERIES = ['A', 'B', 'C'];

const list = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');

/** Registry data is written by the registry's clerks and by administrators, read by all staff. */
const WRITERS = 'scrivania_clerk, scrivania_admin';
const MY_ENTE = 'ente_id = (SELECT scrivania.current_ente_id())';

/**
 * An address of the Comune: a street of the toponymy (`archive_streets`, today's name only) or, for
 * a street not yet in it, the address as written; the house number (civico, 'SNC' when it has none),
 * postal code and town.
 */
const ADDRESS_COLUMNS = `
      street_id       integer REFERENCES scrivania.archive_streets (id),
      street_address  text CHECK (length(trim(street_address)) BETWEEN 3 AND 120),
      house_number    text NOT NULL CHECK (house_number ~ '^([1-9][0-9]{0,4}(/{0,1}[A-Z0-9]{1,3}){0,1}|SNC)$'),
      postal_code     text NOT NULL CHECK (postal_code ~ '^[0-9]{5}$'),
      city            text NOT NULL CHECK (length(trim(city)) BETWEEN 1 AND 80),
      CHECK (num_nonnulls(street_id, street_address) = 1)`;

/**
 * The registry (anagrafe) of the Comune's residents, held locally for the certificates:
 *
 * - `residences`: where a person of the people registry lives in the Comune, since when, and when
 *   and why that ended (a move within the Comune, emigration, death). A person is resident while a
 *   row without an end exists; a person's periods never overlap.
 * - `households` (famiglie anagrafiche) at an address, and `household_members` with each member's
 *   relationship to the head (intestatario scheda). A household with members has exactly one head;
 *   a person belongs to one household at a time, lives where the household lives and is resident.
 * - `birth_records`: the atto di nascita (year, number, part and series of the register of births,
 *   time and place, the parents' names) of people whose birth is recorded in the Comune's registers.
 *
 * Rows belong to an ente like the people registry: each ente's staff see only theirs, the
 * registry's clerks and administrators write them, triggers audit every change.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public;

    CREATE TABLE scrivania.residences (
      id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ente_id         integer NOT NULL REFERENCES scrivania.enti (id),
      person_id       bigint NOT NULL REFERENCES scrivania.persons (id),
      ${ADDRESS_COLUMNS},
      resident_since  date NOT NULL,
      ended_on        date,
      end_reason      text CHECK (end_reason IN (${list(RESIDENCE_END_REASONS)})),
      created_at      timestamptz NOT NULL DEFAULT now(),
      created_by      text NOT NULL DEFAULT session_user,
      CHECK ((ended_on IS NULL) = (end_reason IS NULL)),
      CHECK (ended_on IS NULL OR ended_on >= resident_since)
    );
    -- The unique indexes come before the exclusion constraints: a second current row is refused
    -- by the former, a conflict the application reports as such.
    CREATE UNIQUE INDEX residences_current_idx ON scrivania.residences (person_id) WHERE ended_on IS NULL;
    ALTER TABLE scrivania.residences ADD CONSTRAINT residences_periods_do_not_overlap
      EXCLUDE USING gist (person_id WITH =, daterange(resident_since, ended_on, '[)') WITH &&);
    CREATE INDEX residences_street_idx ON scrivania.residences (street_id) WHERE street_id IS NOT NULL;

    CREATE TABLE scrivania.households (
      id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ente_id         integer NOT NULL REFERENCES scrivania.enti (id),
      ${ADDRESS_COLUMNS},
      formed_on       date NOT NULL,
      dissolved_on    date,
      created_at      timestamptz NOT NULL DEFAULT now(),
      created_by      text NOT NULL DEFAULT session_user,
      CHECK (dissolved_on IS NULL OR dissolved_on >= formed_on)
    );
    CREATE INDEX households_ente_idx ON scrivania.households (ente_id);

    CREATE TABLE scrivania.household_members (
      id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ente_id         integer NOT NULL REFERENCES scrivania.enti (id),
      household_id    bigint NOT NULL REFERENCES scrivania.households (id),
      person_id       bigint NOT NULL REFERENCES scrivania.persons (id),
      relationship    text NOT NULL CHECK (relationship IN (${list(HOUSEHOLD_RELATIONSHIPS)})),
      member_from     date NOT NULL,
      member_to       date,
      created_at      timestamptz NOT NULL DEFAULT now(),
      created_by      text NOT NULL DEFAULT session_user,
      CHECK (member_to IS NULL OR member_to >= member_from)
    );
    CREATE UNIQUE INDEX household_members_current_person_idx ON scrivania.household_members (person_id) WHERE member_to IS NULL;
    CREATE UNIQUE INDEX household_members_current_head_idx ON scrivania.household_members (household_id)
      WHERE member_to IS NULL AND relationship = 'intestatario_scheda';
    ALTER TABLE scrivania.household_members
      ADD CONSTRAINT household_members_one_household_at_a_time
        EXCLUDE USING gist (person_id WITH =, daterange(member_from, member_to, '[)') WITH &&),
      ADD CONSTRAINT household_members_one_head_at_a_time
        EXCLUDE USING gist (household_id WITH =, daterange(member_from, member_to, '[)') WITH &&)
        WHERE (relationship = 'intestatario_scheda');
    CREATE INDEX household_members_household_idx ON scrivania.household_members (household_id) WHERE member_to IS NULL;

    CREATE TABLE scrivania.birth_records (
      id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ente_id         integer NOT NULL REFERENCES scrivania.enti (id),
      person_id       bigint NOT NULL UNIQUE REFERENCES scrivania.persons (id),
      act_year        smallint NOT NULL CHECK (act_year BETWEEN 1866 AND 2200),
      act_number      text NOT NULL CHECK (act_number ~ '^[1-9][0-9]{0,4}$'),
      act_part        text NOT NULL CHECK (act_part IN (${list(BIRTH_ACT_PARTS)})),
      act_series      text CHECK (act_series IN (${list(BIRTH_ACT_SERIES)})),
      birth_time      time without time zone,
      birth_place     text NOT NULL CHECK (length(trim(birth_place)) BETWEEN 2 AND 120),
      father_name     text CHECK (length(trim(father_name)) BETWEEN 2 AND 120),
      mother_name     text CHECK (length(trim(mother_name)) BETWEEN 2 AND 120),
      created_at      timestamptz NOT NULL DEFAULT now(),
      created_by      text NOT NULL DEFAULT session_user,
      -- Parte II of the register is kept in series: its acts always name one.
      CHECK (act_part = 'I' OR act_series IS NOT NULL),
      CONSTRAINT birth_records_act_unique UNIQUE NULLS NOT DISTINCT (ente_id, act_year, act_part, act_series, act_number)
    );
  `);

  await knex.raw(`
    -- Each row's person, household and street belong to the row's ente; dates are not before the
    -- person was born; a household member joins no earlier than the household was formed; a birth
    -- act is drawn up in the year of the birth or, for a birth at the turn of the year, the next.
    CREATE FUNCTION scrivania.anagrafe_row_check() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      DECLARE
        -- The four tables share this check: their columns are read by name from the row as JSON.
        row_data constant jsonb := to_jsonb(NEW);
        street integer := (row_data ->> 'street_id')::integer;
        person bigint := (row_data ->> 'person_id')::bigint;
        starts date := coalesce(row_data ->> 'resident_since', row_data ->> 'member_from')::date;
        person_ente integer;
        born date;
        household scrivania.households%ROWTYPE;
      BEGIN
        IF street IS NOT NULL AND NOT EXISTS (
             SELECT 1 FROM scrivania.archive_streets s
              WHERE s.id = street AND s.ente_id = NEW.ente_id AND s.current_street_id IS NULL) THEN
          RAISE EXCEPTION 'The street is not one of today''s streets of this ente'
            USING ERRCODE = '23503', HINT = 'scrivania:anagrafe_street_not_current';
        END IF;
        IF person IS NULL THEN
          RETURN NEW;
        END IF;
        SELECT ente_id, birth_date INTO person_ente, born FROM scrivania.persons WHERE id = person;
        IF person_ente IS DISTINCT FROM NEW.ente_id THEN
          RAISE EXCEPTION 'Person % is not in the registry of this ente', person
            USING ERRCODE = '23503', HINT = 'scrivania:anagrafe_person_other_ente';
        END IF;
        IF TG_TABLE_NAME = 'birth_records' THEN
          IF NEW.act_year NOT BETWEEN extract(year FROM born) AND extract(year FROM born) + 1 THEN
            RAISE EXCEPTION 'A birth act of % is not drawn up in %', born, NEW.act_year
              USING ERRCODE = '23514', HINT = 'scrivania:anagrafe_act_year';
          END IF;
          RETURN NEW;
        END IF;
        IF starts < born THEN
          RAISE EXCEPTION 'Person % was born on %, after %', person, born, starts
            USING ERRCODE = '23514', HINT = 'scrivania:anagrafe_before_birth';
        END IF;
        IF TG_TABLE_NAME = 'household_members' THEN
          SELECT * INTO household FROM scrivania.households WHERE id = NEW.household_id;
          IF household.ente_id IS DISTINCT FROM NEW.ente_id THEN
            RAISE EXCEPTION 'Household % is not of this ente', NEW.household_id
              USING ERRCODE = '23503', HINT = 'scrivania:anagrafe_household_other_ente';
          END IF;
          IF NEW.member_from < household.formed_on
             OR (household.dissolved_on IS NOT NULL AND coalesce(NEW.member_to, 'infinity') > household.dissolved_on) THEN
            RAISE EXCEPTION 'Membership outside the life of household %', NEW.household_id
              USING ERRCODE = '23514', HINT = 'scrivania:anagrafe_membership_outside_household';
          END IF;
        END IF;
        RETURN NEW;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.anagrafe_row_check() FROM PUBLIC;
    CREATE TRIGGER residences_check BEFORE INSERT OR UPDATE ON scrivania.residences
      FOR EACH ROW EXECUTE FUNCTION scrivania.anagrafe_row_check();
    CREATE TRIGGER households_check BEFORE INSERT OR UPDATE ON scrivania.households
      FOR EACH ROW EXECUTE FUNCTION scrivania.anagrafe_row_check();
    CREATE TRIGGER household_members_check BEFORE INSERT OR UPDATE ON scrivania.household_members
      FOR EACH ROW EXECUTE FUNCTION scrivania.anagrafe_row_check();
    CREATE TRIGGER birth_records_check BEFORE INSERT OR UPDATE ON scrivania.birth_records
      FOR EACH ROW EXECUTE FUNCTION scrivania.anagrafe_row_check();

    -- At commit, whatever was changed in between: a household with current members has one head,
    -- and each current member is resident at the household's address. Checked per household, so a
    -- family moving house (the household's address and each member's residence) commits as a whole.
    CREATE FUNCTION scrivania.anagrafe_household_consistent(checked_household_id bigint) RETURNS void
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      DECLARE
        misplaced bigint;
      BEGIN
        IF EXISTS (SELECT 1 FROM scrivania.household_members WHERE household_id = checked_household_id AND member_to IS NULL)
           AND NOT EXISTS (SELECT 1 FROM scrivania.household_members
                            WHERE household_id = checked_household_id AND member_to IS NULL AND relationship = 'intestatario_scheda') THEN
          RAISE EXCEPTION 'Household % has members but no head (intestatario scheda)', checked_household_id
            USING ERRCODE = '23514', HINT = 'scrivania:anagrafe_household_without_head';
        END IF;
        SELECT m.person_id INTO misplaced
          FROM scrivania.household_members m
          JOIN scrivania.households h ON h.id = m.household_id
          LEFT JOIN scrivania.residences r ON r.person_id = m.person_id AND r.ended_on IS NULL
         WHERE m.household_id = checked_household_id AND m.member_to IS NULL
           AND (h.dissolved_on IS NOT NULL
                OR r.id IS NULL
                OR r.street_id IS DISTINCT FROM h.street_id
                OR r.street_address IS DISTINCT FROM h.street_address
                OR r.house_number <> h.house_number
                OR r.postal_code <> h.postal_code
                OR r.city <> h.city)
         LIMIT 1;
        IF misplaced IS NOT NULL THEN
          RAISE EXCEPTION 'Person % is a member of household % without being resident at its address', misplaced, checked_household_id
            USING ERRCODE = '23514', HINT = 'scrivania:anagrafe_member_not_resident_there';
        END IF;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.anagrafe_household_consistent(bigint) FROM PUBLIC;

    CREATE FUNCTION scrivania.anagrafe_check_at_commit() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      DECLARE
        checked bigint;
      BEGIN
        IF TG_TABLE_NAME = 'households' THEN
          PERFORM scrivania.anagrafe_household_consistent(NEW.id);
        ELSIF TG_TABLE_NAME = 'household_members' THEN
          PERFORM scrivania.anagrafe_household_consistent(NEW.household_id);
          IF TG_OP = 'UPDATE' AND OLD.household_id <> NEW.household_id THEN
            PERFORM scrivania.anagrafe_household_consistent(OLD.household_id);
          END IF;
        ELSE
          FOR checked IN
            SELECT household_id FROM scrivania.household_members
             WHERE person_id IN (NEW.person_id, CASE WHEN TG_OP = 'UPDATE' THEN OLD.person_id END) AND member_to IS NULL
          LOOP
            PERFORM scrivania.anagrafe_household_consistent(checked);
          END LOOP;
        END IF;
        RETURN NULL;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.anagrafe_check_at_commit() FROM PUBLIC;
    CREATE CONSTRAINT TRIGGER households_consistent AFTER INSERT OR UPDATE ON scrivania.households
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION scrivania.anagrafe_check_at_commit();
    CREATE CONSTRAINT TRIGGER household_members_consistent AFTER INSERT OR UPDATE ON scrivania.household_members
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION scrivania.anagrafe_check_at_commit();
    CREATE CONSTRAINT TRIGGER residences_consistent AFTER INSERT OR UPDATE ON scrivania.residences
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION scrivania.anagrafe_check_at_commit();
  `);

  const tables = ['residences', 'households', 'household_members', 'birth_records'];
  await knex.raw(`
    ${tables
      .map(
        (table) => `ALTER TABLE scrivania.${table} ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.${table} FORCE ROW LEVEL SECURITY;
    GRANT SELECT ON scrivania.${table} TO scrivania_staff;
    GRANT INSERT, UPDATE ON scrivania.${table} TO ${WRITERS};
    CREATE POLICY ${table}_visible ON scrivania.${table} FOR SELECT TO scrivania_staff USING (${MY_ENTE});
    CREATE POLICY ${table}_insert ON scrivania.${table} FOR INSERT TO ${WRITERS} WITH CHECK (${MY_ENTE});
    CREATE POLICY ${table}_update ON scrivania.${table} FOR UPDATE TO ${WRITERS} USING (${MY_ENTE}) WITH CHECK (${MY_ENTE});
    CREATE TRIGGER ${table}_audit AFTER INSERT OR UPDATE OR DELETE ON scrivania.${table}
      FOR EACH ROW EXECUTE FUNCTION scrivania.audit_row();`,
      )
      .join('\n    ')}
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE scrivania.birth_records;
    DROP TABLE scrivania.household_members;
    DROP TABLE scrivania.households;
    DROP TABLE scrivania.residences;
    DROP FUNCTION scrivania.anagrafe_check_at_commit();
    DROP FUNCTION scrivania.anagrafe_household_consistent(bigint);
    DROP FUNCTION scrivania.anagrafe_row_check();
    DROP EXTENSION IF EXISTS btree_gist;
  `);
}
