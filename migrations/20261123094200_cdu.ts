import type { Knex } from 'knex';

/**
 * The certificato di destinazione urbanistica (DPR 380/2001 art. 30): what it certifies and how it
 * is asked for.
 *
 * - `cadastral_parcels`: the ente's parcels (catasto terreni, or fabbricati), sezione, foglio,
 *   particella, area, qualità and classe; a parcel suppressed (split by a frazionamento, merged,
 *   or otherwise) keeps its row with the day and cause, and `cadastral_parcel_successors` names
 *   the parcels it became. At most one current parcel per identifier.
 * - the planning instrument (PRG, PGT, PUC, PRGC...) with its approval act and the days it is in
 *   force, its zones ("B2 Residenziale di completamento"), the articles of its rules (NTA) with
 *   their prescriptions, and which articles govern which zone;
 * - `parcel_zones`: the zones a parcel falls in, with the share of its area (a parcel may straddle
 *   several; the shares of one instrument never exceed 100%);
 * - `planning_constraints` (vincoli: paesaggistico D.Lgs. 42/2004, idrogeologico R.D. 3267/1923,
 *   fasce di rispetto...) and `parcel_constraints`, the parcels each one binds;
 * - `cdu_requests`: a request, tied to the case it opened (of the CDU procedure, same ente), its
 *   applicant and purpose, and `cdu_request_parcels`, the parcels named. Append-only: what happens
 *   next is the case's history and the certificate.
 *
 * Every table is the ente's own (row-level security), audited by triggers. The cadastre and the
 * planning tables are maintained by the administrators; requests are made by the staff who
 * register instances.
 */
const REFERENCE_TABLES = [
  'cadastral_parcels',
  'cadastral_parcel_successors',
  'planning_instruments',
  'planning_zones',
  'planning_articles',
  'planning_zone_articles',
  'parcel_zones',
  'planning_constraints',
  'parcel_constraints',
] as const;
const REQUEST_TABLES = ['cdu_requests', 'cdu_request_parcels'] as const;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE scrivania.cadastral_parcels (
      id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ente_id            integer NOT NULL REFERENCES scrivania.enti (id),
      catasto            text NOT NULL DEFAULT 'terreni' CHECK (catasto IN ('terreni', 'fabbricati')),
      sezione            text CHECK (sezione ~ '^[A-Z]{1,3}$'),
      foglio             integer NOT NULL CHECK (foglio BETWEEN 1 AND 9999),
      particella         text NOT NULL CHECK (particella ~ '^[1-9][0-9]{0,5}[a-z]{0,1}$'),
      area_m2            integer CHECK (area_m2 > 0),
      quality            text CHECK (length(trim(quality)) BETWEEN 1 AND 60),
      quality_class      text CHECK (quality_class ~ '^[0-9A-Z]{1,3}$'),
      valid_from         date NOT NULL,
      suppressed_on      date,
      suppression_cause  text CHECK (suppression_cause IN ('frazionamento', 'fusione', 'soppressione')),
      created_at         timestamptz NOT NULL DEFAULT now(),
      UNIQUE (id, ente_id),
      CHECK ((suppressed_on IS NULL) = (suppression_cause IS NULL)),
      CHECK (suppressed_on IS NULL OR suppressed_on >= valid_from),
      -- A parcel of the catasto terreni has an area; a building unit of the fabbricati need not.
      CHECK (catasto = 'fabbricati' OR area_m2 IS NOT NULL)
    );
    CREATE UNIQUE INDEX cadastral_parcels_current_idx ON scrivania.cadastral_parcels
      (ente_id, catasto, coalesce(sezione, ''), foglio, particella) WHERE suppressed_on IS NULL;
    CREATE INDEX cadastral_parcels_lookup_idx ON scrivania.cadastral_parcels (ente_id, foglio, particella);

    CREATE TABLE scrivania.cadastral_parcel_successors (
      parcel_id     bigint NOT NULL,
      successor_id  bigint NOT NULL,
      ente_id       integer NOT NULL,
      PRIMARY KEY (parcel_id, successor_id),
      FOREIGN KEY (parcel_id, ente_id) REFERENCES scrivania.cadastral_parcels (id, ente_id),
      FOREIGN KEY (successor_id, ente_id) REFERENCES scrivania.cadastral_parcels (id, ente_id),
      CHECK (parcel_id <> successor_id)
    );

    CREATE TABLE scrivania.planning_instruments (
      id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ente_id         integer NOT NULL REFERENCES scrivania.enti (id),
      kind            text NOT NULL CHECK (kind IN ('PRG', 'PGT', 'PUC', 'PRGC', 'PSC', 'PI', 'PO', 'PRGI')),
      name            text NOT NULL CHECK (length(trim(name)) BETWEEN 3 AND 200),
      approval_act    text NOT NULL CHECK (length(trim(approval_act)) BETWEEN 3 AND 300),
      approved_on     date NOT NULL,
      in_force_from   date NOT NULL,
      in_force_to     date,
      created_at      timestamptz NOT NULL DEFAULT now(),
      UNIQUE (id, ente_id),
      CHECK (in_force_from >= approved_on),
      CHECK (in_force_to IS NULL OR in_force_to >= in_force_from)
    );

    CREATE TABLE scrivania.planning_zones (
      id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ente_id        integer NOT NULL,
      instrument_id  integer NOT NULL,
      code           text NOT NULL CHECK (code ~ '^[A-Z][A-Za-z0-9./-]{0,11}$'),
      name           text NOT NULL CHECK (length(trim(name)) BETWEEN 3 AND 200),
      FOREIGN KEY (instrument_id, ente_id) REFERENCES scrivania.planning_instruments (id, ente_id),
      UNIQUE (instrument_id, code),
      UNIQUE (id, ente_id, instrument_id)
    );

    CREATE TABLE scrivania.planning_articles (
      id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ente_id        integer NOT NULL,
      instrument_id  integer NOT NULL,
      number         text NOT NULL CHECK (number ~ '^[1-9][0-9]{0,2}(-(bis|ter|quater|quinquies|sexies)){0,1}$'),
      title          text NOT NULL CHECK (length(trim(title)) BETWEEN 3 AND 300),
      text           text NOT NULL CHECK (length(trim(text)) BETWEEN 10 AND 20000),
      FOREIGN KEY (instrument_id, ente_id) REFERENCES scrivania.planning_instruments (id, ente_id),
      UNIQUE (instrument_id, number),
      UNIQUE (id, ente_id, instrument_id)
    );

    -- The articles that govern a zone, in the order the certificate prints them (the zone's own
    -- article first, then the general ones: distances, heights, parking...). Same instrument only.
    CREATE TABLE scrivania.planning_zone_articles (
      zone_id        integer NOT NULL,
      article_id     integer NOT NULL,
      ente_id        integer NOT NULL,
      instrument_id  integer NOT NULL,
      position       smallint NOT NULL CHECK (position BETWEEN 1 AND 100),
      PRIMARY KEY (zone_id, article_id),
      UNIQUE (zone_id, position),
      FOREIGN KEY (zone_id, ente_id, instrument_id) REFERENCES scrivania.planning_zones (id, ente_id, instrument_id),
      FOREIGN KEY (article_id, ente_id, instrument_id) REFERENCES scrivania.planning_articles (id, ente_id, instrument_id)
    );

    CREATE TABLE scrivania.parcel_zones (
      parcel_id      bigint NOT NULL,
      zone_id        integer NOT NULL,
      ente_id        integer NOT NULL,
      instrument_id  integer NOT NULL,
      share_percent  numeric(5, 2) NOT NULL CHECK (share_percent > 0 AND share_percent <= 100),
      PRIMARY KEY (parcel_id, zone_id),
      FOREIGN KEY (parcel_id, ente_id) REFERENCES scrivania.cadastral_parcels (id, ente_id),
      FOREIGN KEY (zone_id, ente_id, instrument_id) REFERENCES scrivania.planning_zones (id, ente_id, instrument_id)
    );
    CREATE INDEX parcel_zones_zone_idx ON scrivania.parcel_zones (zone_id);

    -- The shares of one parcel in the zones of one instrument add up to at most 100%: checked at
    -- commit, so a parcel's zoning can be rewritten row by row inside a transaction.
    CREATE FUNCTION scrivania.parcel_zones_total() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      DECLARE
        total numeric;
      BEGIN
        SELECT sum(share_percent) INTO total FROM parcel_zones
         WHERE parcel_id = NEW.parcel_id AND instrument_id = NEW.instrument_id;
        IF total > 100 THEN
          RAISE EXCEPTION 'Parcel % is zoned for % of its area', NEW.parcel_id, total || '%'
            USING ERRCODE = '23514', HINT = 'scrivania:parcel_zones_over_100';
        END IF;
        RETURN NULL;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.parcel_zones_total() FROM PUBLIC;
    CREATE CONSTRAINT TRIGGER parcel_zones_total AFTER INSERT OR UPDATE ON scrivania.parcel_zones
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION scrivania.parcel_zones_total();

    CREATE TABLE scrivania.planning_constraints (
      id               integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ente_id          integer NOT NULL REFERENCES scrivania.enti (id),
      kind             text NOT NULL CHECK (kind IN ('paesaggistico', 'idrogeologico', 'fascia_rispetto', 'beni_culturali', 'sismico', 'altro')),
      name             text NOT NULL CHECK (length(trim(name)) BETWEEN 3 AND 300),
      legal_reference  text NOT NULL CHECK (length(trim(legal_reference)) BETWEEN 3 AND 300),
      act              text CHECK (length(trim(act)) BETWEEN 3 AND 300),
      UNIQUE (id, ente_id)
    );

    CREATE TABLE scrivania.parcel_constraints (
      parcel_id      bigint NOT NULL,
      constraint_id  integer NOT NULL,
      ente_id        integer NOT NULL,
      note           text CHECK (length(trim(note)) BETWEEN 1 AND 500),
      PRIMARY KEY (parcel_id, constraint_id),
      FOREIGN KEY (parcel_id, ente_id) REFERENCES scrivania.cadastral_parcels (id, ente_id),
      FOREIGN KEY (constraint_id, ente_id) REFERENCES scrivania.planning_constraints (id, ente_id)
    );
    CREATE INDEX parcel_constraints_constraint_idx ON scrivania.parcel_constraints (constraint_id);
  `);

  await knex.raw(`
    CREATE TABLE scrivania.cdu_requests (
      id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ente_id              integer NOT NULL DEFAULT scrivania.current_ente_id() REFERENCES scrivania.enti (id),
      instance_id          bigint NOT NULL UNIQUE REFERENCES scrivania.instances (id),
      applicant_person_id  bigint NOT NULL REFERENCES scrivania.persons (id),
      purpose              text NOT NULL CHECK (purpose IN ('compravendita', 'donazione', 'successione', 'divisione', 'permuta', 'mutuo', 'altro')),
      purpose_note         text CHECK (length(trim(purpose_note)) BETWEEN 1 AND 200),
      idempotency_key      uuid NOT NULL,
      requested_at         timestamptz NOT NULL DEFAULT now(),
      requested_by         integer NOT NULL DEFAULT scrivania.current_staff_id() REFERENCES scrivania.staff (id),
      requested_by_login   text NOT NULL DEFAULT session_user,
      UNIQUE (ente_id, idempotency_key),
      UNIQUE (id, ente_id),
      CHECK (purpose <> 'altro' OR purpose_note IS NOT NULL)
    );
    CREATE INDEX cdu_requests_requested_at_idx ON scrivania.cdu_requests (ente_id, requested_at DESC);
    CREATE INDEX cdu_requests_person_idx ON scrivania.cdu_requests (applicant_person_id);

    -- A request belongs to a case of the CDU procedure of its own ente, for a person of that ente:
    -- checked with the owner's rights, since the case may be of an office the requester cannot see.
    CREATE FUNCTION scrivania.cdu_requests_check() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM instances i JOIN procedure_types p ON p.id = i.procedure_type_id
                        WHERE i.id = NEW.instance_id AND i.ente_id = NEW.ente_id AND p.code = 'CDU') THEN
          RAISE EXCEPTION 'Instance % is not a CDU case of ente %', NEW.instance_id, NEW.ente_id
            USING ERRCODE = '23514', HINT = 'scrivania:cdu_instance_mismatch';
        END IF;
        IF NOT EXISTS (SELECT 1 FROM persons WHERE id = NEW.applicant_person_id AND ente_id = NEW.ente_id) THEN
          RAISE EXCEPTION 'Person % is not of ente %', NEW.applicant_person_id, NEW.ente_id
            USING ERRCODE = '23514', HINT = 'scrivania:cdu_person_mismatch';
        END IF;
        RETURN NEW;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.cdu_requests_check() FROM PUBLIC;
    CREATE TRIGGER cdu_requests_check BEFORE INSERT ON scrivania.cdu_requests
      FOR EACH ROW EXECUTE FUNCTION scrivania.cdu_requests_check();

    CREATE TABLE scrivania.cdu_request_parcels (
      request_id  bigint NOT NULL,
      position    smallint NOT NULL CHECK (position BETWEEN 1 AND 50),
      parcel_id   bigint NOT NULL,
      ente_id     integer NOT NULL,
      PRIMARY KEY (request_id, position),
      UNIQUE (request_id, parcel_id),
      FOREIGN KEY (request_id, ente_id) REFERENCES scrivania.cdu_requests (id, ente_id),
      FOREIGN KEY (parcel_id, ente_id) REFERENCES scrivania.cadastral_parcels (id, ente_id)
    );
    CREATE INDEX cdu_request_parcels_parcel_idx ON scrivania.cdu_request_parcels (parcel_id);

    -- The certificate answering a request: at most one not annulled (an annulled one may be replaced).
    ALTER TABLE scrivania.certificates ADD CONSTRAINT certificates_cdu_request_fk
      FOREIGN KEY (cdu_request_id) REFERENCES scrivania.cdu_requests (id);
    CREATE UNIQUE INDEX certificates_cdu_request_idx ON scrivania.certificates (cdu_request_id)
      WHERE cdu_request_id IS NOT NULL AND annulled_at IS NULL;
  `);

  for (const table of [...REFERENCE_TABLES, ...REQUEST_TABLES]) {
    await knex.raw(`
      ALTER TABLE scrivania.${table} ENABLE ROW LEVEL SECURITY;
      ALTER TABLE scrivania.${table} FORCE ROW LEVEL SECURITY;
      GRANT SELECT ON scrivania.${table} TO scrivania_staff;
      CREATE POLICY ${table}_of_my_ente ON scrivania.${table} FOR SELECT TO scrivania_staff
        USING (ente_id = (SELECT scrivania.current_ente_id()));
      CREATE TRIGGER ${table}_audit AFTER INSERT OR UPDATE OR DELETE ON scrivania.${table}
        FOR EACH ROW EXECUTE FUNCTION scrivania.audit_row();
    `);
  }
  // The cadastre and the planning rules: the ente's administrators keep them (imports from the
  // Agenzia delle Entrate's files, the instrument's tables).
  for (const table of REFERENCE_TABLES) {
    await knex.raw(`
      GRANT INSERT, UPDATE, DELETE ON scrivania.${table} TO scrivania_admin;
      CREATE POLICY ${table}_admin_write ON scrivania.${table} FOR ALL TO scrivania_admin
        USING (ente_id = (SELECT scrivania.current_ente_id()))
        WITH CHECK (ente_id = (SELECT scrivania.current_ente_id()));
    `);
  }
  // Requests: made by whoever registers instances, as themselves; never changed nor deleted.
  await knex.raw(`
    GRANT INSERT ON scrivania.cdu_requests, scrivania.cdu_request_parcels
      TO scrivania_clerk, scrivania_technician, scrivania_manager, scrivania_admin;
    CREATE POLICY cdu_requests_insert ON scrivania.cdu_requests FOR INSERT TO scrivania_staff
      WITH CHECK (ente_id = (SELECT scrivania.current_ente_id())
                  AND requested_by = (SELECT scrivania.current_staff_id())
                  AND requested_by_login = session_user);
    CREATE POLICY cdu_request_parcels_insert ON scrivania.cdu_request_parcels FOR INSERT TO scrivania_staff
      WITH CHECK (ente_id = (SELECT scrivania.current_ente_id()));
    CREATE TRIGGER cdu_requests_append_only BEFORE UPDATE OR DELETE ON scrivania.cdu_requests
      FOR EACH ROW EXECUTE FUNCTION scrivania.refuse_change();
    CREATE TRIGGER cdu_request_parcels_append_only BEFORE UPDATE OR DELETE ON scrivania.cdu_request_parcels
      FOR EACH ROW EXECUTE FUNCTION scrivania.refuse_change();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP INDEX scrivania.certificates_cdu_request_idx;
    ALTER TABLE scrivania.certificates DROP CONSTRAINT certificates_cdu_request_fk;
    DROP TABLE scrivania.cdu_request_parcels;
    DROP TABLE scrivania.cdu_requests;
    DROP FUNCTION scrivania.cdu_requests_check();
    DROP TABLE scrivania.parcel_constraints;
    DROP TABLE scrivania.planning_constraints;
    DROP TABLE scrivania.parcel_zones;
    DROP FUNCTION scrivania.parcel_zones_total();
    DROP TABLE scrivania.planning_zone_articles;
    DROP TABLE scrivania.planning_articles;
    DROP TABLE scrivania.planning_zones;
    DROP TABLE scrivania.planning_instruments;
    DROP TABLE scrivania.cadastral_parcel_successors;
    DROP TABLE scrivania.cadastral_parcels;
  `);
}
