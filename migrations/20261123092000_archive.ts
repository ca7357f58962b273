import type { Knex } from 'knex';

/*
 * The lists below are copied, not imported from src/shared/domain/archive.ts: a migration must mean
 * the same thing forever. A unit test checks that they still match the domain's lists.
 */
export const SERIES_KINDS = ['building_practices', 'condoni', 'commercial_licences', 'council_resolutions', 'other'];
export const PRACTICE_TYPE_LABELS: Record<string, string> = {
  licenza_edilizia: 'Licenza edilizia',
  concessione_edilizia: 'Concessione edilizia',
  autorizzazione_edilizia: 'Autorizzazione edilizia',
  dia: 'Denuncia di inizio attività (DIA)',
  permesso_di_costruire: 'Permesso di costruire',
  scia: 'Segnalazione certificata di inizio attività (SCIA)',
  cila: 'Comunicazione di inizio lavori asseverata (CILA)',
  condono: 'Condono edilizio sanatoria',
  agibilita: 'Agibilità abitabilità',
  licenza_commerciale: 'Licenza commerciale',
  delibera_consiglio: 'Delibera del Consiglio comunale',
  delibera_giunta: 'Delibera della Giunta comunale',
  altro: 'Altro',
};
export const PRACTICE_OUTCOMES = ['granted', 'denied', 'withdrawn', 'lapsed', 'annulled', 'adopted', 'unknown'];
export const ARCHIVE_DOCUMENT_KINDS = [
  'application',
  'drawings',
  'report',
  'decision',
  'certificate',
  'correspondence',
  'photographs',
  'other',
];
export const SUBJECT_ROLES = ['applicant', 'owner', 'designer', 'works_director', 'contractor', 'other'];
export const AGID_DOSSIER_KINDS = ['procedimento_amministrativo', 'affare', 'attivita', 'persona_fisica', 'persona_giuridica'];
export const BOX_STATUSES = ['to_scan', 'scanned', 'indexed', 'verified'];
export const ACCESS_PURPOSES = [
  'records_access_request',
  'civic_access_request',
  'case_review',
  'judicial_request',
  'internal_check',
  'other',
];
export const ACCESS_ACTIONS = ['open', 'print', 'save'];
export const STREET_TYPES = [
  'via',
  'viale',
  'piazza',
  'piazzale',
  'corso',
  'vicolo',
  'largo',
  'strada',
  'localita',
  'frazione',
  'contrada',
  'borgo',
  'salita',
  'vocabolo',
];
export const ARCHIVE_SCAN_TYPES = ['application/pdf', 'image/jpeg', 'image/png'];

const list = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');

const WRITERS = 'scrivania_technician, scrivania_manager, scrivania_admin';
const WRITER_ROLES = "('technician', 'manager', 'admin')";
/** Roles that see reserved (riservato) dossiers and their scans. */
const RESERVED_READERS = "('manager', 'admin')";

/**
 * Who sees an archive series (and its boxes): the owner ente's staff and, for a series shared in a
 * Unione, the staff of every ente of that Unione and of the Unione itself.
 */
const SHARED_VISIBLE = `
  (ente_id = (SELECT scrivania.current_ente_id())
   OR shared_unione_id = (SELECT scrivania.current_unione_id())
   OR shared_unione_id = (SELECT scrivania.current_ente_id()))`;

/**
 * Who sees a dossier and everything in it: as its series, and a reserved dossier only managers and
 * administrators. Every table of a dossier carries the columns this reads (copied from the dossier
 * by triggers), so the check is the same cheap expression on every row, without a join.
 */
const VISIBLE = `${SHARED_VISIBLE}
  AND (NOT reserved OR (SELECT scrivania.current_staff_role()) IN ${RESERVED_READERS})`;

/** The dossiers' policy on one line, as the search lookups (here and in later migrations) apply it. */
export const DOSSIER_VISIBLE_INLINE = VISIBLE.replace(/\s+/g, ' ').trim();

/** Who may write: technical staff, managers and administrators of the owner ente. */
const OWNER_WRITER = `
  ente_id = (SELECT scrivania.current_ente_id())
  AND (SELECT scrivania.current_staff_role()) IN ${WRITER_ROLES}`;

/** ...and what is in a reserved dossier only those who may see it. */
const WRITABLE = `${OWNER_WRITER}
  AND (NOT reserved OR (SELECT scrivania.current_staff_role()) IN ${RESERVED_READERS})`;

const DOSSIER_CHILDREN = ['archive_dossier_subjects', 'archive_addresses', 'archive_parcels', 'archive_documents'] as const;

/**
 * The telematic archive: historical building practices and other records, digitised.
 *
 * - `archive_series`: a series of records (building practices 1950–2015, condoni, …), private to
 *   its ente or shared with all enti of its Unione (`shared_unione_id`, set from the ente).
 * - `archive_dossiers`: one practice (AgID: an aggregation of type fascicolo) with its original
 *   number and year, type, subject, outcome, dates, old protocol references, physical location (the
 *   box of a digitisation campaign), reserved flag and AgID aggregation metadata; `meta_tsv` is the
 *   full-text vector of what describes it (subject, type, numbers, names, addresses) and `search_tsv`
 *   that plus the text of its scans (titles and OCR); both use Italian stemming with accents folded,
 *   are maintained by triggers, and `search_tsv` is *   the full-text vector (Italian stemming, accents folded) of everything searchable in it,
 *   maintained by triggers.
 * - subjects (linked to the people registry where identified), addresses (on the toponymy table
 *   `archive_streets`, where historical names point at today's street), cadastral parcels (several
 *   per dossier), and scanned documents (bytes in `stored_files` by SHA-256, never twice, never
 *   changed, with page count and OCR text).
 * - `archive_access_log`: every open, print and save of a scan, with who, when and why: append-only.
 * - `archive_instance_links`: historical dossiers linked to a current instance ("precedenti").
 * - digitisation campaign: boxes through to-scan, scanned, indexed, verified (each step recorded), and
 *   import batches with one row per manifest line, so an interrupted import resumes where it stopped.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;

    -- Italian stemming with accents folded: "libertà" and "liberta", "abitabilità" and "abitabilita"
    -- are the same word to the search.
    CREATE TEXT SEARCH CONFIGURATION scrivania.archivio (COPY = pg_catalog.italian);
    ALTER TEXT SEARCH CONFIGURATION scrivania.archivio
      ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, pg_catalog.italian_stem;

    CREATE FUNCTION scrivania.archive_practice_type_label(practice_type text) RETURNS text
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $$
        SELECT CASE practice_type
          ${Object.entries(PRACTICE_TYPE_LABELS)
            .map(([type, label]) => `WHEN '${type}' THEN '${label}'`)
            .join('\n          ')}
          ELSE practice_type END
      $$;
    GRANT EXECUTE ON FUNCTION scrivania.archive_practice_type_label(text) TO scrivania_staff;

    -- The enti whose streets a session may read: its own, and the other enti of its Unione.
    CREATE FUNCTION scrivania.archive_visible_ente_ids() RETURNS integer[]
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
        SELECT coalesce(array_agg(e.id), '{}')
          FROM scrivania.enti e
         WHERE e.id = scrivania.current_ente_id()
            OR (e.unione_id IS NOT NULL AND e.unione_id IN (scrivania.current_unione_id(), scrivania.current_ente_id()))
      $$;
    REVOKE ALL ON FUNCTION scrivania.archive_visible_ente_ids() FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION scrivania.archive_visible_ente_ids() TO scrivania_staff;

    -- The words of a person's or a firm's name as searched, each folded like a name search key
    -- (lower case, no accents, apostrophes dropped): 'Geom. D'Angelo Niccolò' = {dangelo, geom, niccolo}.
    CREATE FUNCTION scrivania.archive_name_words(name text) RETURNS text[]
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $$
        SELECT coalesce(array_agg(DISTINCT k ORDER BY k), '{}')
          FROM pg_catalog.regexp_split_to_table(name, '[[:space:],.;:/()-]+') AS w (word)
          CROSS JOIN LATERAL scrivania.name_search_key(w.word) AS k
         WHERE k <> ''
      $$;
    GRANT EXECUTE ON FUNCTION scrivania.archive_name_words(text) TO scrivania_staff;
  `);

  await knex.raw(`
    CREATE TABLE scrivania.archive_series (
      id                integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ente_id           integer NOT NULL REFERENCES scrivania.enti (id),
      code              text NOT NULL CHECK (code ~ '^[A-Z0-9_]{2,30}$'),
      title             text NOT NULL CHECK (length(trim(title)) BETWEEN 3 AND 200),
      kind              text NOT NULL CHECK (kind IN (${list(SERIES_KINDS)})),
      year_from         smallint CHECK (year_from BETWEEN 1860 AND 2100),
      year_to           smallint CHECK (year_to BETWEEN 1860 AND 2100),
      shared            boolean NOT NULL DEFAULT false,
      -- Set from the ente when shared: the Unione whose enti all see the series.
      shared_unione_id  integer REFERENCES scrivania.enti (id),
      -- Indice di classificazione of the titolario (AgID: Classificazione of the aggregation).
      classification    text CHECK (length(classification) <= 40),
      -- Tempo di conservazione (piano di conservazione): building practices are kept forever.
      retention         text NOT NULL DEFAULT 'illimitata' CHECK (length(retention) BETWEEN 1 AND 60),
      created_at        timestamptz NOT NULL DEFAULT now(),
      created_by        text NOT NULL DEFAULT session_user,
      UNIQUE (ente_id, code),
      CHECK (year_from IS NULL OR year_to IS NULL OR year_from <= year_to),
      CHECK (shared = (shared_unione_id IS NOT NULL))
    );

    CREATE FUNCTION scrivania.archive_series_fill() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      BEGIN
        IF NEW.shared THEN
          SELECT unione_id INTO NEW.shared_unione_id FROM scrivania.enti WHERE id = NEW.ente_id;
          IF NEW.shared_unione_id IS NULL THEN
            RAISE EXCEPTION 'Only an ente of a Unione can share a series' USING ERRCODE = '23514', HINT = 'scrivania:series_not_in_unione';
          END IF;
        ELSE
          NEW.shared_unione_id := NULL;
        END IF;
        RETURN NEW;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.archive_series_fill() FROM PUBLIC;
    CREATE TRIGGER archive_series_fill BEFORE INSERT OR UPDATE OF shared, ente_id ON scrivania.archive_series
      FOR EACH ROW EXECUTE FUNCTION scrivania.archive_series_fill();

    -- Toponymy: the streets of each ente. A historical name points at the street that bears today's
    -- name (current_street_id), so a search by the old name finds practices filed under the new one
    -- and the other way round.
    CREATE TABLE scrivania.archive_streets (
      id                 integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ente_id            integer NOT NULL REFERENCES scrivania.enti (id),
      street_type        text NOT NULL CHECK (street_type IN (${list(STREET_TYPES)})),
      name               text NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 120),
      name_key           text GENERATED ALWAYS AS (scrivania.name_search_key(name)) STORED,
      current_street_id  integer REFERENCES scrivania.archive_streets (id),
      renamed_on         date,
      -- False for a name read on a document and not yet checked against the toponymy.
      verified           boolean NOT NULL DEFAULT true,
      created_at         timestamptz NOT NULL DEFAULT now(),
      UNIQUE (ente_id, street_type, name_key),
      CHECK (current_street_id IS DISTINCT FROM id),
      CHECK (renamed_on IS NULL OR current_street_id IS NOT NULL)
    );
    CREATE INDEX archive_streets_key_trgm_idx ON scrivania.archive_streets USING gin (name_key public.gin_trgm_ops);
    CREATE INDEX archive_streets_current_idx ON scrivania.archive_streets (current_street_id) WHERE current_street_id IS NOT NULL;

    -- Today's name is one step away: an old name points at a street that has no newer name.
    CREATE FUNCTION scrivania.archive_streets_check() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      BEGIN
        IF NEW.current_street_id IS NOT NULL AND NOT EXISTS (
             SELECT 1 FROM scrivania.archive_streets
              WHERE id = NEW.current_street_id AND ente_id = NEW.ente_id AND current_street_id IS NULL) THEN
          RAISE EXCEPTION 'A historical street name must point at a current street of the same ente'
            USING ERRCODE = '23514', HINT = 'scrivania:street_rename_chain';
        END IF;
        IF NEW.current_street_id IS NOT NULL AND EXISTS (
             SELECT 1 FROM scrivania.archive_streets WHERE current_street_id = NEW.id) THEN
          RAISE EXCEPTION 'This street has historical names: it must keep today''s name'
            USING ERRCODE = '23514', HINT = 'scrivania:street_rename_chain';
        END IF;
        RETURN NEW;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.archive_streets_check() FROM PUBLIC;
    CREATE TRIGGER archive_streets_check BEFORE INSERT OR UPDATE OF current_street_id ON scrivania.archive_streets
      FOR EACH ROW EXECUTE FUNCTION scrivania.archive_streets_check();
  `);

  await knex.raw(`
    -- Digitisation campaign: the physical boxes of a series, where they stand, and how far each got.
    CREATE TABLE scrivania.archive_boxes (
      id                 integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ente_id            integer NOT NULL REFERENCES scrivania.enti (id),
      series_id          integer NOT NULL REFERENCES scrivania.archive_series (id),
      label              text NOT NULL CHECK (label ~ '^[A-Za-z0-9][A-Za-z0-9 ._/-]{0,39}$'),
      building           text NOT NULL CHECK (length(trim(building)) BETWEEN 1 AND 100),
      room               text NOT NULL CHECK (length(trim(room)) BETWEEN 1 AND 60),
      shelf              text NOT NULL CHECK (length(trim(shelf)) BETWEEN 1 AND 40),
      year_from          smallint CHECK (year_from BETWEEN 1860 AND 2100),
      year_to            smallint CHECK (year_to BETWEEN 1860 AND 2100),
      status             text NOT NULL DEFAULT 'to_scan' CHECK (status IN (${list(BOX_STATUSES)})),
      status_changed_at  timestamptz NOT NULL DEFAULT now(),
      status_changed_by  text NOT NULL DEFAULT session_user,
      note               text CHECK (length(note) <= 1000),
      shared_unione_id   integer,
      UNIQUE (series_id, label),
      UNIQUE (id, series_id),
      CHECK (year_from IS NULL OR year_to IS NULL OR year_from <= year_to)
    );

    CREATE TABLE scrivania.archive_box_events (
      id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      box_id      integer NOT NULL REFERENCES scrivania.archive_boxes (id),
      ente_id     integer NOT NULL,
      shared_unione_id integer,
      from_status text CHECK (from_status IN (${list(BOX_STATUSES)})),
      to_status   text NOT NULL CHECK (to_status IN (${list(BOX_STATUSES)})),
      at          timestamptz NOT NULL DEFAULT clock_timestamp(),
      by_staff_id integer REFERENCES scrivania.staff (id) DEFAULT scrivania.current_staff_id(),
      by_login    text NOT NULL DEFAULT session_user
    );
    CREATE INDEX archive_box_events_box_idx ON scrivania.archive_box_events (box_id, at);

    -- A box belongs to its series' ente and moves one stage forward at a time (to scan, scanned,
    -- indexed, verified); a manager or administrator may send it one stage back (a box found
    -- incomplete at verification). Each move is recorded.
    CREATE FUNCTION scrivania.archive_boxes_check() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      DECLARE
        stages constant text[] := ARRAY[${list(BOX_STATUSES)}];
        step integer;
      BEGIN
        IF TG_OP = 'INSERT' OR NEW.series_id IS DISTINCT FROM OLD.series_id THEN
          SELECT ente_id, shared_unione_id INTO NEW.ente_id, NEW.shared_unione_id
            FROM scrivania.archive_series WHERE id = NEW.series_id;
          IF NOT FOUND THEN
            RAISE EXCEPTION 'Series not found' USING ERRCODE = '23503', HINT = 'scrivania:series_not_found';
          END IF;
        END IF;
        IF TG_OP = 'INSERT' THEN
          NEW.status := 'to_scan';
        ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
          step := array_position(stages, NEW.status) - array_position(stages, OLD.status);
          IF NOT (step = 1 OR (step = -1 AND scrivania.current_staff_role() IN ('manager', 'admin'))) THEN
            RAISE EXCEPTION 'A box moves one stage at a time (from % to % refused)', OLD.status, NEW.status
              USING ERRCODE = '23514', HINT = 'scrivania:box_status_step';
          END IF;
        END IF;
        IF TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status THEN
          NEW.status_changed_at := now();
          NEW.status_changed_by := session_user;
        END IF;
        RETURN NEW;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.archive_boxes_check() FROM PUBLIC;
    CREATE TRIGGER archive_boxes_check BEFORE INSERT OR UPDATE ON scrivania.archive_boxes
      FOR EACH ROW EXECUTE FUNCTION scrivania.archive_boxes_check();

    CREATE FUNCTION scrivania.archive_boxes_record_move() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      BEGIN
        IF TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status THEN
          INSERT INTO scrivania.archive_box_events (box_id, ente_id, shared_unione_id, from_status, to_status)
          VALUES (NEW.id, NEW.ente_id, NEW.shared_unione_id, CASE WHEN TG_OP = 'UPDATE' THEN OLD.status END, NEW.status);
        END IF;
        RETURN NULL;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.archive_boxes_record_move() FROM PUBLIC;
    CREATE TRIGGER archive_boxes_record_move AFTER INSERT OR UPDATE OF status ON scrivania.archive_boxes
      FOR EACH ROW EXECUTE FUNCTION scrivania.archive_boxes_record_move();
  `);

  await knex.raw(`
    CREATE TABLE scrivania.archive_dossiers (
      id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ente_id           integer NOT NULL REFERENCES scrivania.enti (id),
      series_id         integer NOT NULL REFERENCES scrivania.archive_series (id),
      shared_unione_id  integer,
      year              smallint NOT NULL CHECK (year BETWEEN 1860 AND 2100),
      -- The original number, lower case and without leading zeros: '123', '12bis'.
      number            text NOT NULL CHECK (number ~ '^[0-9a-z][0-9a-z/-]{0,19}$'),
      practice_type     text NOT NULL CHECK (practice_type IN (${list(Object.keys(PRACTICE_TYPE_LABELS))})),
      subject           text NOT NULL CHECK (length(trim(subject)) BETWEEN 3 AND 2000),
      outcome           text NOT NULL DEFAULT 'unknown' CHECK (outcome IN (${list(PRACTICE_OUTCOMES)})),
      opened_on         date,
      decided_on        date,
      closed_on         date,
      -- Old protocol references as written: '4567/1978'.
      old_references    text[] NOT NULL DEFAULT '{}',
      box_id            integer,
      reserved          boolean NOT NULL DEFAULT false,
      -- AgID Linee guida 2021, allegato 5 (metadata of aggregations): IdAgg, TipologiaFascicolo,
      -- Classificazione, TempoDiConservazione; TipoAggregazione is 'fascicolo'; DataApertura and
      -- DataChiusura are opened_on and closed_on; the physical position is the box.
      agid_identifier   text NOT NULL UNIQUE CHECK (length(agid_identifier) BETWEEN 5 AND 200),
      agid_kind         text NOT NULL DEFAULT 'procedimento_amministrativo' CHECK (agid_kind IN (${list(AGID_DOSSIER_KINDS)})),
      classification    text CHECK (length(classification) <= 40),
      retention         text NOT NULL DEFAULT 'illimitata' CHECK (length(retention) BETWEEN 1 AND 60),
      notes             text CHECK (length(notes) <= 4000),
      meta_tsv          tsvector NOT NULL DEFAULT '',
      search_tsv        tsvector NOT NULL DEFAULT '',
      created_at        timestamptz NOT NULL DEFAULT now(),
      created_by        text NOT NULL DEFAULT session_user,
      UNIQUE (series_id, year, number),
      FOREIGN KEY (box_id, series_id) REFERENCES scrivania.archive_boxes (id, series_id),
      CHECK (closed_on IS NULL OR opened_on IS NULL OR closed_on >= opened_on)
    );
    CREATE INDEX archive_dossiers_number_idx ON scrivania.archive_dossiers (number, year);
    CREATE INDEX archive_dossiers_year_idx ON scrivania.archive_dossiers (year, id);
    CREATE INDEX archive_dossiers_type_year_idx ON scrivania.archive_dossiers (practice_type, year);
    CREATE INDEX archive_dossiers_box_idx ON scrivania.archive_dossiers (box_id) WHERE box_id IS NOT NULL;
    -- A GIN pending list is read in full by every search until it is merged: the small entries of
    -- references and names go straight into their indexes, the vectors' (hundreds of words a
    -- dossier, rewritten at every import) keep a short list.
    CREATE INDEX archive_dossiers_references_idx ON scrivania.archive_dossiers USING gin (old_references) WITH (fastupdate = off);
    CREATE INDEX archive_dossiers_meta_idx ON scrivania.archive_dossiers USING gin (meta_tsv) WITH (gin_pending_list_limit = 512);
    CREATE INDEX archive_dossiers_search_idx ON scrivania.archive_dossiers USING gin (search_tsv) WITH (gin_pending_list_limit = 512);

    CREATE FUNCTION scrivania.archive_dossiers_fill() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      BEGIN
        IF TG_OP = 'INSERT' OR NEW.series_id IS DISTINCT FROM OLD.series_id THEN
          SELECT ente_id, shared_unione_id INTO NEW.ente_id, NEW.shared_unione_id
            FROM scrivania.archive_series WHERE id = NEW.series_id;
          IF NOT FOUND THEN
            RAISE EXCEPTION 'Series not found' USING ERRCODE = '23503', HINT = 'scrivania:series_not_found';
          END IF;
        END IF;
        IF TG_OP = 'UPDATE' AND NEW.reserved IS DISTINCT FROM OLD.reserved
           AND scrivania.current_staff_role() NOT IN ${RESERVED_READERS} THEN
          RAISE EXCEPTION 'Only managers and administrators mark a dossier reserved'
            USING ERRCODE = '42501', HINT = 'scrivania:reserved_needs_manager';
        END IF;
        RETURN NEW;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.archive_dossiers_fill() FROM PUBLIC;
    CREATE TRIGGER archive_dossiers_fill BEFORE INSERT OR UPDATE OF series_id, reserved ON scrivania.archive_dossiers
      FOR EACH ROW EXECUTE FUNCTION scrivania.archive_dossiers_fill();

    CREATE TABLE scrivania.archive_dossier_subjects (
      id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      dossier_id        bigint NOT NULL REFERENCES scrivania.archive_dossiers (id),
      ente_id           integer NOT NULL,
      shared_unione_id  integer,
      reserved          boolean NOT NULL,
      role              text NOT NULL CHECK (role IN (${list(SUBJECT_ROLES)})),
      -- As written, surname first: 'Rossi Mario', 'Edilizia Tiberina s.r.l.'.
      name              text NOT NULL CHECK (length(trim(name)) BETWEEN 2 AND 200),
      tax_code          text CHECK (tax_code ~ '^([A-Z0-9]{16}|[0-9]{11})$'),
      person_id         bigint REFERENCES scrivania.persons (id),
      business_id       bigint REFERENCES scrivania.businesses (id),
      -- The words of the name as searched ('Geom. D'Angelo Niccolò' = {dangelo, geom, niccolo}).
      name_words        text[] GENERATED ALWAYS AS (scrivania.archive_name_words(name)) STORED,
      CHECK (num_nonnulls(person_id, business_id) <= 1)
    );
    CREATE INDEX archive_subjects_dossier_idx ON scrivania.archive_dossier_subjects (dossier_id);
    CREATE INDEX archive_subjects_words_idx ON scrivania.archive_dossier_subjects USING gin (name_words) WITH (fastupdate = off);
    CREATE INDEX archive_subjects_person_idx ON scrivania.archive_dossier_subjects (person_id) WHERE person_id IS NOT NULL;

    -- The distinct words of the names in each ente's dossiers (a city's surnames and first names, a
    -- few tens of thousands): each typed word, typos and all, is matched against these (trigram
    -- similarity), then the people are found by the words their names contain, in any order.
    CREATE TABLE scrivania.archive_name_words (
      ente_id  integer NOT NULL REFERENCES scrivania.enti (id),
      word     text NOT NULL,
      PRIMARY KEY (ente_id, word)
    );
    CREATE INDEX archive_name_words_trgm_idx ON scrivania.archive_name_words USING gin (word public.gin_trgm_ops)
      WITH (fastupdate = off);

    CREATE TABLE scrivania.archive_addresses (
      id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      dossier_id        bigint NOT NULL REFERENCES scrivania.archive_dossiers (id),
      ente_id           integer NOT NULL,
      shared_unione_id  integer,
      reserved          boolean NOT NULL,
      street_id         integer NOT NULL REFERENCES scrivania.archive_streets (id),
      -- The street as the document wrote it, e.g. 'Via Vittorio Emanuele III 12'.
      written_as        text NOT NULL CHECK (length(trim(written_as)) BETWEEN 1 AND 200),
      civic             text CHECK (civic ~ '^[0-9]{1,5}[a-z0-9/]{0,8}$'),
      civic_number      integer GENERATED ALWAYS AS ((substring(civic FROM '^[0-9]+'))::integer) STORED
    );
    CREATE INDEX archive_addresses_dossier_idx ON scrivania.archive_addresses (dossier_id);
    CREATE INDEX archive_addresses_street_idx ON scrivania.archive_addresses (street_id, civic_number);

    CREATE TABLE scrivania.archive_parcels (
      id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      dossier_id        bigint NOT NULL REFERENCES scrivania.archive_dossiers (id),
      ente_id           integer NOT NULL,
      shared_unione_id  integer,
      reserved          boolean NOT NULL,
      sezione           text CHECK (sezione ~ '^[A-Z]{1,3}$'),
      foglio            integer NOT NULL CHECK (foglio BETWEEN 1 AND 9999),
      particella        text NOT NULL CHECK (particella ~ '^[1-9][0-9]{0,5}[a-z]{0,1}$'),
      subalterno        integer CHECK (subalterno BETWEEN 1 AND 9999)
    );
    CREATE INDEX archive_parcels_dossier_idx ON scrivania.archive_parcels (dossier_id);
    CREATE INDEX archive_parcels_parcel_idx ON scrivania.archive_parcels (foglio, particella, subalterno);
    CREATE INDEX archive_parcels_particella_idx ON scrivania.archive_parcels (particella);

    CREATE TABLE scrivania.archive_import_batches (
      id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ente_id              integer NOT NULL DEFAULT scrivania.current_ente_id() REFERENCES scrivania.enti (id),
      folder               text NOT NULL CHECK (length(folder) BETWEEN 1 AND 1000),
      manifest             text NOT NULL CHECK (length(manifest) BETWEEN 1 AND 255),
      manifest_sha256      char(64) NOT NULL CHECK (manifest_sha256 ~ '^[0-9a-f]{64}$'),
      total_rows           integer NOT NULL CHECK (total_rows >= 0),
      status               text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'interrupted', 'completed')),
      interrupt_requested  boolean NOT NULL DEFAULT false,
      -- The importer working on the batch; it beats while it works, so a batch left 'running' by an
      -- importer that died is recognised (no beat for a while) and can be resumed.
      runner_id            uuid,
      heartbeat_at         timestamptz NOT NULL DEFAULT now(),
      started_by           integer REFERENCES scrivania.staff (id) DEFAULT scrivania.current_staff_id(),
      started_by_login     text NOT NULL DEFAULT session_user,
      started_at           timestamptz NOT NULL DEFAULT now(),
      finished_at          timestamptz,
      CHECK ((status = 'completed') = (finished_at IS NOT NULL))
    );
    CREATE INDEX archive_import_batches_recent_idx ON scrivania.archive_import_batches (ente_id, started_at DESC);

    CREATE TABLE scrivania.archive_documents (
      id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      dossier_id         bigint NOT NULL REFERENCES scrivania.archive_dossiers (id),
      ente_id            integer NOT NULL,
      shared_unione_id   integer,
      reserved           boolean NOT NULL,
      sequence           integer NOT NULL CHECK (sequence >= 1),
      title              text NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 300),
      kind               text NOT NULL CHECK (kind IN (${list(ARCHIVE_DOCUMENT_KINDS)})),
      sha256             char(64) NOT NULL,
      filename           text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255 AND filename !~ '[/\\\\[:cntrl:]]'),
      content_type       text NOT NULL CHECK (content_type IN (${list(ARCHIVE_SCAN_TYPES)})),
      size               bigint NOT NULL CHECK (size > 0),
      page_count         integer NOT NULL CHECK (page_count BETWEEN 1 AND 100000),
      -- OCR text, from the scan's own text layer or from a sidecar file of the scanning service.
      ocr_text           text CHECK (length(ocr_text) <= 2000000),
      ocr_source         text CHECK (ocr_source IN ('text_layer', 'sidecar')),
      import_batch_id    bigint REFERENCES scrivania.archive_import_batches (id),
      imported_at        timestamptz NOT NULL DEFAULT now(),
      imported_by        integer REFERENCES scrivania.staff (id) DEFAULT scrivania.current_staff_id(),
      imported_by_login  text NOT NULL DEFAULT session_user,
      FOREIGN KEY (ente_id, sha256) REFERENCES scrivania.stored_files (ente_id, sha256),
      -- The same scan is never archived twice.
      CONSTRAINT archive_documents_file_unique UNIQUE (ente_id, sha256),
      UNIQUE (dossier_id, sequence),
      CHECK ((ocr_text IS NULL) = (ocr_source IS NULL))
    );
    CREATE INDEX archive_documents_imported_idx ON scrivania.archive_documents (ente_id, imported_at);
    CREATE INDEX archive_documents_batch_idx ON scrivania.archive_documents (import_batch_id) WHERE import_batch_id IS NOT NULL;

    CREATE TABLE scrivania.archive_import_rows (
      batch_id      bigint NOT NULL REFERENCES scrivania.archive_import_batches (id),
      ente_id       integer NOT NULL DEFAULT scrivania.current_ente_id(),
      -- Line of the manifest (the header is line 1).
      line          integer NOT NULL CHECK (line >= 2),
      filename      text,
      outcome       text NOT NULL CHECK (outcome IN ('imported', 'duplicate', 'rejected')),
      reason        text CHECK (reason ~ '^[a-z_]{2,60}$'),
      detail        text CHECK (length(detail) <= 2000),
      document_id   bigint REFERENCES scrivania.archive_documents (id),
      dossier_id    bigint REFERENCES scrivania.archive_dossiers (id),
      sha256        char(64),
      processed_at  timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (batch_id, line),
      CHECK ((outcome = 'rejected') = (reason IS NOT NULL)),
      CHECK (outcome <> 'imported' OR document_id IS NOT NULL)
    );
  `);

  await knex.raw(`
    -- Children of a dossier carry its ente, Unione and reserved flag (for row-level security), and
    -- a person or business named in it must be of the same ente.
    CREATE FUNCTION scrivania.archive_child_fill() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      BEGIN
        SELECT ente_id, shared_unione_id, reserved INTO NEW.ente_id, NEW.shared_unione_id, NEW.reserved
          FROM scrivania.archive_dossiers WHERE id = NEW.dossier_id;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'Dossier not found' USING ERRCODE = '23503', HINT = 'scrivania:dossier_not_found';
        END IF;
        IF TG_TABLE_NAME = 'archive_dossier_subjects' THEN
          IF (NEW.person_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM scrivania.persons WHERE id = NEW.person_id AND ente_id = NEW.ente_id))
             OR (NEW.business_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM scrivania.businesses WHERE id = NEW.business_id AND ente_id = NEW.ente_id)) THEN
            RAISE EXCEPTION 'Person or business of another ente' USING ERRCODE = '23503', HINT = 'scrivania:subject_other_ente';
          END IF;
        ELSIF TG_TABLE_NAME = 'archive_addresses' THEN
          IF NOT EXISTS (SELECT 1 FROM scrivania.archive_streets WHERE id = NEW.street_id AND ente_id = NEW.ente_id) THEN
            RAISE EXCEPTION 'Street of another ente' USING ERRCODE = '23503', HINT = 'scrivania:street_other_ente';
          END IF;
        ELSIF TG_TABLE_NAME = 'archive_documents' THEN
          -- Size and type are those of the stored bytes, never what a client says.
          SELECT size, content_type INTO NEW.size, NEW.content_type
            FROM scrivania.stored_files WHERE ente_id = NEW.ente_id AND sha256 = NEW.sha256;
          IF NOT FOUND THEN
            RAISE EXCEPTION 'Stored file not found' USING ERRCODE = '23503', HINT = 'scrivania:stored_file_missing';
          END IF;
        END IF;
        RETURN NEW;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.archive_child_fill() FROM PUBLIC;
    ${DOSSIER_CHILDREN.map(
      (table) => `CREATE TRIGGER ${table}_fill BEFORE INSERT ON scrivania.${table}
      FOR EACH ROW EXECUTE FUNCTION scrivania.archive_child_fill();`,
    ).join('\n    ')}

    -- A series shared or unshared, a dossier marked reserved: its children follow.
    CREATE FUNCTION scrivania.archive_series_propagate() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      BEGIN
        UPDATE scrivania.archive_dossiers SET shared_unione_id = NEW.shared_unione_id WHERE series_id = NEW.id;
        UPDATE scrivania.archive_boxes SET shared_unione_id = NEW.shared_unione_id WHERE series_id = NEW.id;
        UPDATE scrivania.archive_box_events e SET shared_unione_id = NEW.shared_unione_id
          FROM scrivania.archive_boxes b WHERE b.id = e.box_id AND b.series_id = NEW.id;
        RETURN NULL;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.archive_series_propagate() FROM PUBLIC;
    -- No column list: shared_unione_id is set by the BEFORE trigger, not by the UPDATE itself.
    CREATE TRIGGER archive_series_propagate AFTER UPDATE ON scrivania.archive_series
      FOR EACH ROW WHEN (NEW.shared_unione_id IS DISTINCT FROM OLD.shared_unione_id)
      EXECUTE FUNCTION scrivania.archive_series_propagate();

    CREATE FUNCTION scrivania.archive_dossiers_propagate() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      BEGIN
        ${DOSSIER_CHILDREN.map(
          (table) => `UPDATE scrivania.${table} SET shared_unione_id = NEW.shared_unione_id, reserved = NEW.reserved
          WHERE dossier_id = NEW.id;`,
        ).join('\n        ')}
        RETURN NULL;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.archive_dossiers_propagate() FROM PUBLIC;
    CREATE TRIGGER archive_dossiers_propagate AFTER UPDATE ON scrivania.archive_dossiers
      FOR EACH ROW WHEN (NEW.shared_unione_id IS DISTINCT FROM OLD.shared_unione_id OR NEW.reserved IS DISTINCT FROM OLD.reserved)
      EXECUTE FUNCTION scrivania.archive_dossiers_propagate();

    -- Archived scans are never changed or removed: only who may see them follows their dossier.
    CREATE FUNCTION scrivania.archive_documents_immutable() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) - 'shared_unione_id' - 'reserved') = (to_jsonb(OLD) - 'shared_unione_id' - 'reserved') THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'Archived scans cannot be changed or removed' USING ERRCODE = '42501', HINT = 'scrivania:document_immutable';
      END
      $$;
    CREATE TRIGGER archive_documents_immutable BEFORE UPDATE OR DELETE ON scrivania.archive_documents
      FOR EACH ROW EXECUTE FUNCTION scrivania.archive_documents_immutable();
    CREATE TRIGGER archive_documents_no_truncate BEFORE TRUNCATE ON scrivania.archive_documents
      FOR EACH STATEMENT EXECUTE FUNCTION scrivania.archive_documents_immutable();
  `);

  await knex.raw(`
    -- The full-text vectors of dossiers: subject, type, number and old references (weight A);
    -- names and addresses, with today's name of a renamed street (B); document titles and OCR text
    -- (D). Set-based (one pass over each table for all the dossiers given), and computed as the
    -- owner, so a vector is complete whoever triggered the refresh.
    CREATE FUNCTION scrivania.archive_refresh_search(dossiers bigint[]) RETURNS void
      LANGUAGE sql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
        WITH names AS (
          SELECT s.dossier_id, string_agg(s.name, ' ') AS text
            FROM scrivania.archive_dossier_subjects s WHERE s.dossier_id = ANY (dossiers) GROUP BY s.dossier_id
        ), places AS (
          SELECT a.dossier_id, string_agg(a.written_as || ' ' || st.name || coalesce(' ' || today.name, ''), ' ') AS text
            FROM scrivania.archive_addresses a
            JOIN scrivania.archive_streets st ON st.id = a.street_id
            LEFT JOIN scrivania.archive_streets today ON today.id = st.current_street_id
           WHERE a.dossier_id = ANY (dossiers) GROUP BY a.dossier_id
        ), contents AS (
          SELECT doc.dossier_id, string_agg(doc.title || ' ' || coalesce(doc.ocr_text, ''), ' ' ORDER BY doc.sequence) AS text
            FROM scrivania.archive_documents doc WHERE doc.dossier_id = ANY (dossiers) GROUP BY doc.dossier_id
        )
        UPDATE scrivania.archive_dossiers d
           SET meta_tsv = v.meta, search_tsv = v.meta || v.content
          FROM unnest(dossiers) AS target (id)
          JOIN scrivania.archive_dossiers own ON own.id = target.id
          LEFT JOIN names ON names.dossier_id = target.id
          LEFT JOIN places ON places.dossier_id = target.id
          LEFT JOIN contents ON contents.dossier_id = target.id
          CROSS JOIN LATERAL (
            SELECT setweight(to_tsvector('scrivania.archivio', own.subject || ' ' || scrivania.archive_practice_type_label(own.practice_type)
                             || ' ' || own.number || ' ' || own.year || ' ' || array_to_string(own.old_references, ' ')), 'A')
                   || setweight(to_tsvector('scrivania.archivio', coalesce(names.text, '')), 'B')
                   || setweight(to_tsvector('scrivania.archivio', coalesce(places.text, '')), 'B') AS meta,
                   setweight(to_tsvector('scrivania.archivio', left(coalesce(contents.text, ''), 1000000)), 'D') AS content
          ) v
         WHERE d.id = target.id
      $$;
    REVOKE ALL ON FUNCTION scrivania.archive_refresh_search(bigint[]) FROM PUBLIC;

    -- Dossiers whose vectors are to be refreshed when the transaction commits: a dossier written
    -- with its names, addresses, parcels and scans in one transaction is refreshed once, at the end.
    CREATE TABLE scrivania.archive_search_pending (dossier_id bigint PRIMARY KEY);
    ALTER TABLE scrivania.archive_search_pending ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.archive_search_pending FORCE ROW LEVEL SECURITY;

    CREATE FUNCTION scrivania.archive_refresh_search_of_rows() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      BEGIN
        IF TG_TABLE_NAME = 'archive_dossiers' THEN
          INSERT INTO scrivania.archive_search_pending SELECT id FROM changed ON CONFLICT DO NOTHING;
        ELSE
          INSERT INTO scrivania.archive_search_pending SELECT DISTINCT dossier_id FROM changed ON CONFLICT DO NOTHING;
        END IF;
        RETURN NULL;
      END
      $$;

    CREATE FUNCTION scrivania.archive_refresh_pending() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      BEGIN
        PERFORM scrivania.archive_refresh_search(ARRAY[NEW.dossier_id]);
        DELETE FROM scrivania.archive_search_pending WHERE dossier_id = NEW.dossier_id;
        RETURN NULL;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.archive_refresh_pending() FROM PUBLIC;
    CREATE CONSTRAINT TRIGGER archive_search_pending_refresh AFTER INSERT ON scrivania.archive_search_pending
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION scrivania.archive_refresh_pending();
    REVOKE ALL ON FUNCTION scrivania.archive_refresh_search_of_rows() FROM PUBLIC;

    CREATE TRIGGER archive_dossiers_search_insert AFTER INSERT ON scrivania.archive_dossiers
      REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION scrivania.archive_refresh_search_of_rows();
    ${DOSSIER_CHILDREN.map(
      (table) => `CREATE TRIGGER ${table}_search_insert AFTER INSERT ON scrivania.${table}
      REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION scrivania.archive_refresh_search_of_rows();`,
    ).join('\n    ')}
    ${DOSSIER_CHILDREN.filter((table) => table !== 'archive_documents')
      .map(
        (table) => `CREATE TRIGGER ${table}_search_delete AFTER DELETE ON scrivania.${table}
      REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION scrivania.archive_refresh_search_of_rows();`,
      )
      .join('\n    ')}

    CREATE FUNCTION scrivania.archive_name_words_add() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      BEGIN
        INSERT INTO scrivania.archive_name_words (ente_id, word)
        SELECT DISTINCT c.ente_id, w.word FROM changed c CROSS JOIN LATERAL unnest(c.name_words) AS w (word)
        ORDER BY 1, 2
        ON CONFLICT DO NOTHING;
        RETURN NULL;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.archive_name_words_add() FROM PUBLIC;
    CREATE TRIGGER archive_dossier_subjects_name_words AFTER INSERT ON scrivania.archive_dossier_subjects
      REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION scrivania.archive_name_words_add();

    -- Corrections of a dossier's searchable fields, and renamed streets, refresh the vectors too.
    CREATE FUNCTION scrivania.archive_refresh_search_of_dossier() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      BEGIN
        IF TG_TABLE_NAME = 'archive_streets' THEN
          PERFORM scrivania.archive_refresh_search(ARRAY(
            SELECT DISTINCT a.dossier_id FROM scrivania.archive_addresses a
             WHERE a.street_id IN (NEW.id, OLD.current_street_id, NEW.current_street_id)
                OR a.street_id IN (SELECT id FROM scrivania.archive_streets WHERE current_street_id = NEW.id)));
        ELSE
          PERFORM scrivania.archive_refresh_search(ARRAY[NEW.id]);
        END IF;
        RETURN NULL;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.archive_refresh_search_of_dossier() FROM PUBLIC;
    CREATE TRIGGER archive_dossiers_search_update
      AFTER UPDATE OF subject, practice_type, number, year, old_references ON scrivania.archive_dossiers
      FOR EACH ROW EXECUTE FUNCTION scrivania.archive_refresh_search_of_dossier();
    CREATE TRIGGER archive_streets_search_update AFTER UPDATE OF name, current_street_id ON scrivania.archive_streets
      FOR EACH ROW EXECUTE FUNCTION scrivania.archive_refresh_search_of_dossier();
  `);

  await knex.raw(`
    -- Every open, print and save of an archived scan: who, when, what for. Append-only.
    CREATE TABLE scrivania.archive_access_log (
      id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at               timestamptz NOT NULL DEFAULT clock_timestamp(),
      staff_id         integer NOT NULL DEFAULT scrivania.current_staff_id() REFERENCES scrivania.staff (id),
      login            text NOT NULL DEFAULT session_user,
      staff_ente_id    integer NOT NULL DEFAULT scrivania.current_ente_id() REFERENCES scrivania.enti (id),
      document_id      bigint NOT NULL REFERENCES scrivania.archive_documents (id),
      dossier_id       bigint NOT NULL REFERENCES scrivania.archive_dossiers (id),
      -- The ente that owns the dossier (its managers review who consulted it).
      dossier_ente_id  integer NOT NULL,
      action           text NOT NULL CHECK (action IN (${list(ACCESS_ACTIONS)})),
      purpose          text NOT NULL CHECK (purpose IN (${list(ACCESS_PURPOSES)})),
      purpose_note     text CHECK (length(purpose_note) <= 500),
      -- E.g. the protocol number of the access-to-records request.
      reference        text CHECK (length(reference) <= 100),
      CHECK (purpose <> 'other' OR length(trim(coalesce(purpose_note, ''))) >= 3)
    );
    CREATE INDEX archive_access_log_at_idx ON scrivania.archive_access_log (dossier_ente_id, at DESC);
    CREATE INDEX archive_access_log_staff_idx ON scrivania.archive_access_log (staff_ente_id, at DESC);
    CREATE INDEX archive_access_log_dossier_idx ON scrivania.archive_access_log (dossier_id, at DESC);

    CREATE FUNCTION scrivania.archive_access_log_fill() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      BEGIN
        SELECT dossier_id, ente_id INTO NEW.dossier_id, NEW.dossier_ente_id
          FROM scrivania.archive_documents WHERE id = NEW.document_id;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'Document not found' USING ERRCODE = '23503', HINT = 'scrivania:archive_document_not_found';
        END IF;
        NEW.at := clock_timestamp();
        RETURN NEW;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.archive_access_log_fill() FROM PUBLIC;
    CREATE TRIGGER archive_access_log_fill BEFORE INSERT ON scrivania.archive_access_log
      FOR EACH ROW EXECUTE FUNCTION scrivania.archive_access_log_fill();

    CREATE FUNCTION scrivania.archive_access_log_is_append_only() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'The archive access log is append-only' USING ERRCODE = '42501', HINT = 'scrivania:audit_append_only';
      END
      $$;
    CREATE TRIGGER archive_access_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON scrivania.archive_access_log
      FOR EACH STATEMENT EXECUTE FUNCTION scrivania.archive_access_log_is_append_only();

    -- Historical dossiers linked to a current instance ("precedenti" on the same parcel or address).
    CREATE TABLE scrivania.archive_instance_links (
      instance_id      bigint NOT NULL REFERENCES scrivania.instances (id),
      dossier_id       bigint NOT NULL REFERENCES scrivania.archive_dossiers (id),
      ente_id          integer NOT NULL REFERENCES scrivania.enti (id),
      note             text CHECK (length(note) <= 500),
      linked_at        timestamptz NOT NULL DEFAULT now(),
      linked_by        integer NOT NULL DEFAULT scrivania.current_staff_id() REFERENCES scrivania.staff (id),
      linked_by_login  text NOT NULL DEFAULT session_user,
      PRIMARY KEY (instance_id, dossier_id)
    );
    CREATE INDEX archive_instance_links_dossier_idx ON scrivania.archive_instance_links (dossier_id);
  `);

  await knex.raw(`
    ALTER TABLE scrivania.archive_series ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.archive_series FORCE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.archive_streets ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.archive_streets FORCE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.archive_boxes ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.archive_boxes FORCE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.archive_box_events ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.archive_box_events FORCE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.archive_dossiers ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.archive_dossiers FORCE ROW LEVEL SECURITY;
    ${DOSSIER_CHILDREN.map(
      (table) => `ALTER TABLE scrivania.${table} ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.${table} FORCE ROW LEVEL SECURITY;`,
    ).join('\n    ')}
    ALTER TABLE scrivania.archive_name_words ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.archive_name_words FORCE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.archive_access_log ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.archive_access_log FORCE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.archive_instance_links ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.archive_instance_links FORCE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.archive_import_batches ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.archive_import_batches FORCE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.archive_import_rows ENABLE ROW LEVEL SECURITY;
    ALTER TABLE scrivania.archive_import_rows FORCE ROW LEVEL SECURITY;

    GRANT SELECT ON scrivania.archive_series, scrivania.archive_streets, scrivania.archive_boxes, scrivania.archive_box_events,
      scrivania.archive_dossiers, ${DOSSIER_CHILDREN.map((table) => `scrivania.${table}`).join(', ')},
      scrivania.archive_access_log, scrivania.archive_instance_links, scrivania.archive_name_words TO scrivania_staff;
    GRANT INSERT, UPDATE ON scrivania.archive_series TO scrivania_manager, scrivania_admin;
    GRANT INSERT, UPDATE ON scrivania.archive_streets TO ${WRITERS};
    GRANT INSERT, UPDATE (status, note, building, room, shelf) ON scrivania.archive_boxes TO ${WRITERS};
    GRANT INSERT ON scrivania.archive_dossiers TO ${WRITERS};
    GRANT UPDATE (subject, outcome, opened_on, decided_on, closed_on, old_references, box_id, reserved, notes)
      ON scrivania.archive_dossiers TO ${WRITERS};
    GRANT INSERT, DELETE ON scrivania.archive_dossier_subjects, scrivania.archive_addresses, scrivania.archive_parcels TO ${WRITERS};
    GRANT INSERT ON scrivania.archive_documents TO ${WRITERS};
    GRANT INSERT ON scrivania.archive_access_log TO scrivania_staff;
    GRANT INSERT, DELETE ON scrivania.archive_instance_links TO scrivania_staff;
    GRANT SELECT, INSERT, UPDATE ON scrivania.archive_import_batches, scrivania.archive_import_rows TO ${WRITERS};

    CREATE POLICY archive_series_visible ON scrivania.archive_series FOR SELECT TO scrivania_staff USING (${SHARED_VISIBLE});
    CREATE POLICY archive_series_insert ON scrivania.archive_series FOR INSERT TO scrivania_manager, scrivania_admin
      WITH CHECK (ente_id = (SELECT scrivania.current_ente_id()));
    CREATE POLICY archive_series_update ON scrivania.archive_series FOR UPDATE TO scrivania_manager, scrivania_admin
      USING (ente_id = (SELECT scrivania.current_ente_id())) WITH CHECK (ente_id = (SELECT scrivania.current_ente_id()));

    -- Name words help the search only: the dossiers they lead to are filtered by their own policies.
    CREATE POLICY archive_name_words_visible ON scrivania.archive_name_words FOR SELECT TO scrivania_staff
      USING (ente_id = ANY ((SELECT scrivania.archive_visible_ente_ids())::integer[]));
    CREATE POLICY archive_streets_visible ON scrivania.archive_streets FOR SELECT TO scrivania_staff
      USING (ente_id = ANY ((SELECT scrivania.archive_visible_ente_ids())::integer[]));
    CREATE POLICY archive_streets_insert ON scrivania.archive_streets FOR INSERT TO ${WRITERS}
      WITH CHECK (ente_id = (SELECT scrivania.current_ente_id()));
    CREATE POLICY archive_streets_update ON scrivania.archive_streets FOR UPDATE TO ${WRITERS}
      USING (ente_id = (SELECT scrivania.current_ente_id())) WITH CHECK (ente_id = (SELECT scrivania.current_ente_id()));

    CREATE POLICY archive_boxes_visible ON scrivania.archive_boxes FOR SELECT TO scrivania_staff USING (${SHARED_VISIBLE});
    CREATE POLICY archive_boxes_insert ON scrivania.archive_boxes FOR INSERT TO ${WRITERS} WITH CHECK (${OWNER_WRITER});
    CREATE POLICY archive_boxes_update ON scrivania.archive_boxes FOR UPDATE TO ${WRITERS}
      USING (${OWNER_WRITER}) WITH CHECK (${OWNER_WRITER});
    CREATE POLICY archive_box_events_visible ON scrivania.archive_box_events FOR SELECT TO scrivania_staff USING (${SHARED_VISIBLE});

    CREATE POLICY archive_dossiers_visible ON scrivania.archive_dossiers FOR SELECT TO scrivania_staff USING (${VISIBLE});
    CREATE POLICY archive_dossiers_insert ON scrivania.archive_dossiers FOR INSERT TO ${WRITERS} WITH CHECK (${WRITABLE});
    CREATE POLICY archive_dossiers_update ON scrivania.archive_dossiers FOR UPDATE TO ${WRITERS}
      USING (${WRITABLE}) WITH CHECK (${WRITABLE});
    ${DOSSIER_CHILDREN.map(
      (table) => `CREATE POLICY ${table}_visible ON scrivania.${table} FOR SELECT TO scrivania_staff USING (${VISIBLE});
    CREATE POLICY ${table}_insert ON scrivania.${table} FOR INSERT TO ${WRITERS} WITH CHECK (${WRITABLE});`,
    ).join('\n    ')}
    ${['archive_dossier_subjects', 'archive_addresses', 'archive_parcels']
      .map((table) => `CREATE POLICY ${table}_delete ON scrivania.${table} FOR DELETE TO ${WRITERS} USING (${WRITABLE});`)
      .join('\n    ')}

    -- Bytes of an archived scan are readable exactly when the scan's row is (extends the policy of
    -- the documents migration, which covers case documents).
    DROP POLICY stored_files_visible ON scrivania.stored_files;
    CREATE POLICY stored_files_visible ON scrivania.stored_files FOR SELECT TO scrivania_staff
      USING ((ente_id = (SELECT scrivania.current_ente_id())
              AND EXISTS (SELECT 1 FROM scrivania.document_versions v
                           WHERE v.ente_id = stored_files.ente_id AND v.sha256 = stored_files.sha256))
             OR EXISTS (SELECT 1 FROM scrivania.archive_documents a
                         WHERE a.ente_id = stored_files.ente_id AND a.sha256 = stored_files.sha256));

    -- Everyone sees their own accesses; managers and administrators review those of their ente's
    -- staff and those to their ente's dossiers. An access is recorded by the person who makes it,
    -- on a scan they can see.
    CREATE POLICY archive_access_log_visible ON scrivania.archive_access_log FOR SELECT TO scrivania_staff
      USING (staff_id = (SELECT scrivania.current_staff_id())
             OR ((SELECT scrivania.current_staff_role()) IN ('manager', 'admin')
                 AND (staff_ente_id = (SELECT scrivania.current_ente_id()) OR dossier_ente_id = (SELECT scrivania.current_ente_id()))));
    CREATE POLICY archive_access_log_insert ON scrivania.archive_access_log FOR INSERT TO scrivania_staff
      WITH CHECK (staff_id = (SELECT scrivania.current_staff_id())
                  AND login = session_user
                  AND staff_ente_id = (SELECT scrivania.current_ente_id())
                  AND EXISTS (SELECT 1 FROM scrivania.archive_documents a WHERE a.id = document_id));

    CREATE POLICY archive_instance_links_visible ON scrivania.archive_instance_links FOR SELECT TO scrivania_staff
      USING (EXISTS (SELECT 1 FROM scrivania.instances i WHERE i.id = instance_id)
             AND EXISTS (SELECT 1 FROM scrivania.archive_dossiers d WHERE d.id = dossier_id));
    CREATE POLICY archive_instance_links_insert ON scrivania.archive_instance_links FOR INSERT TO scrivania_staff
      WITH CHECK (EXISTS (SELECT 1 FROM scrivania.instances i WHERE i.id = instance_id AND i.ente_id = archive_instance_links.ente_id)
                  AND EXISTS (SELECT 1 FROM scrivania.archive_dossiers d WHERE d.id = dossier_id)
                  AND linked_by = (SELECT scrivania.current_staff_id())
                  AND linked_by_login = session_user);
    CREATE POLICY archive_instance_links_delete ON scrivania.archive_instance_links FOR DELETE TO scrivania_staff
      USING (EXISTS (SELECT 1 FROM scrivania.instances i WHERE i.id = instance_id)
             AND EXISTS (SELECT 1 FROM scrivania.archive_dossiers d WHERE d.id = dossier_id));

    CREATE POLICY archive_import_batches_of_my_ente ON scrivania.archive_import_batches FOR ALL TO ${WRITERS}
      USING (ente_id = (SELECT scrivania.current_ente_id())) WITH CHECK (ente_id = (SELECT scrivania.current_ente_id()));
    CREATE POLICY archive_import_rows_of_my_ente ON scrivania.archive_import_rows FOR ALL TO ${WRITERS}
      USING (ente_id = (SELECT scrivania.current_ente_id())) WITH CHECK (ente_id = (SELECT scrivania.current_ente_id()));
  `);

  for (const table of [
    'archive_series',
    'archive_streets',
    'archive_boxes',
    'archive_documents',
    'archive_instance_links',
    'archive_import_batches',
  ]) {
    await knex.raw(`
      CREATE TRIGGER ${table}_audit AFTER INSERT OR UPDATE OR DELETE ON scrivania.${table}
        FOR EACH ROW EXECUTE FUNCTION scrivania.audit_row();
    `);
  }
  // The search vector is derived data: refreshing it is not a change worth auditing.
  await knex.raw(`
    CREATE TRIGGER archive_dossiers_audit
      AFTER INSERT OR DELETE OR UPDATE OF subject, outcome, opened_on, decided_on, closed_on, old_references, box_id, reserved, notes
      ON scrivania.archive_dossiers FOR EACH ROW EXECUTE FUNCTION scrivania.audit_row();
  `);
  await createSearchLookups(knex);
}

/**
 * Lookups of the search box that run as the tables' owner. Under row-level security a query's own
 * conditions reach an index only when their operators are leakproof, and the array overlap of old
 * references, the full-text match and the trigram similarity are not: as the caller's own query each
 * of these searches read a city's whole archive. These functions apply the policy of
 * `archive_dossiers` (or of the table read) word for word next to the indexed condition, and
 * return ids and keys only: the caller reads the rows back under its own policies.
 */
async function createSearchLookups(knex: Knex): Promise<void> {
  await knex.raw(`
    -- Dossiers with any of these old protocol references.
    CREATE FUNCTION scrivania.archive_reference_ids(refs text[]) RETURNS SETOF bigint
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = scrivania, pg_temp
      ROWS 10
      AS $$ SELECT d.id FROM scrivania.archive_dossiers d WHERE d.old_references && refs AND ${VISIBLE} $$;

    ${nameLookupSql({ withYear: false, oneEditTypos: false })}
    REVOKE ALL ON FUNCTION scrivania.archive_reference_ids(text[]), scrivania.archive_name_dossiers(text[], real, integer) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION scrivania.archive_reference_ids(text[]), scrivania.archive_name_dossiers(text[], real, integer)
      TO scrivania_staff;
  `);
  await createTextLookup(knex);
}

/** Trigram similarity of the candidates a one-edit typo is looked for among ('bruo' and 'bruno': 0.38). */
const ONE_EDIT_CANDIDATE_SIMILARITY = 0.3;
/** Words this long or longer are a typo away when one letter is dropped, added or changed. */
const ONE_EDIT_MIN_LENGTH = 4;

/**
 * The names lookup (see below), as this migration made it or as the search-speed migration makes
 * it: `withYear`, it also gives each dossier's year, read from the names (which carry it from
 * then on); `oneEditTypos`, a word of four letters or more one letter dropped, added or changed
 * from a name's word is that word too, however few trigrams they share.
 */
export function nameLookupSql({ withYear, oneEditTypos }: { withYear: boolean; oneEditTypos: boolean }): string {
  return `
    -- The dossiers of the people whose names have every word typed (in any order), each word the
    -- same or a typo away (trigram similarity at least threshold, the 32 closest); how close is the
    -- mean of the words' similarities, of the closest person of the dossier. The closest first, at
    -- most max_rows.
    CREATE FUNCTION scrivania.archive_name_dossiers(typed text[], threshold real, max_rows integer)
      RETURNS TABLE (dossier_id bigint, closeness real${withYear ? ', year integer' : ''})
      LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = scrivania, pg_temp
      ROWS 100
      AS $fn$
      DECLARE
        visible_enti CONSTANT integer[] := scrivania.archive_visible_ente_ids();
        typed_word text;
        found text[];
        found_closeness real[];
        candidate_typed text[] := '{}';
        candidate_words text[] := '{}';
        candidate_closeness real[] := '{}';
        conditions text := '';
      BEGIN
        PERFORM set_config('pg_trgm.similarity_threshold', ${oneEditTypos ? `least(threshold, ${ONE_EDIT_CANDIDATE_SIMILARITY})` : 'threshold'}::text, true);
        FOR typed_word IN
          SELECT DISTINCT k FROM unnest(typed) AS t (word) CROSS JOIN LATERAL scrivania.name_search_key(t.word) AS k WHERE k <> ''
        LOOP
          SELECT array_agg(c.word), array_agg(c.closeness) INTO found, found_closeness
            FROM (SELECT w.word, public.similarity(w.word, typed_word) AS closeness
                    FROM scrivania.archive_name_words w
                   WHERE (w.word OPERATOR(public.%) typed_word OR w.word = typed_word)
                     AND w.ente_id = ANY (visible_enti)${
                       oneEditTypos
                         ? `
                     AND (public.similarity(w.word, typed_word) >= threshold
                          OR (length(typed_word) >= ${ONE_EDIT_MIN_LENGTH} AND public.levenshtein(w.word, typed_word) <= 1))`
                         : ''
                     }
                   ORDER BY 2 DESC, 1
                   LIMIT 32) c;
          IF found IS NULL THEN
            RETURN;
          END IF;
          candidate_typed := candidate_typed || array_fill(typed_word, ARRAY[cardinality(found)]);
          candidate_words := candidate_words || found;
          candidate_closeness := candidate_closeness || found_closeness;
          -- A literal array of words read from the table, quoted: the index is chosen for each.
          conditions := conditions || format(' AND s.name_words && %L::text[]', found);
        END LOOP;
        IF conditions = '' THEN
          RETURN;
        END IF;
        RETURN QUERY EXECUTE format($sql$
          SELECT s.dossier_id, max(m.closeness)::real${withYear ? ', max(s.year)::integer' : ''}
            FROM scrivania.archive_dossier_subjects s
            CROSS JOIN LATERAL (
              SELECT avg(b.best)::real AS closeness
                FROM (SELECT max(c.closeness) AS best
                        FROM unnest($1::text[], $2::text[], $3::real[]) AS c (typed, word, closeness)
                       WHERE c.word = ANY (s.name_words)
                       GROUP BY c.typed) b) m
           WHERE true %s AND ${DOSSIER_VISIBLE_INLINE}
           GROUP BY s.dossier_id
           ORDER BY 2 DESC, 1 DESC
           LIMIT $4 $sql$, conditions)
          USING candidate_typed, candidate_words, candidate_closeness, max_rows;
      END
      $fn$;
  `;
}

/**
 * The full-text lookup as this migration made it (the search-speed migration replaces it, and puts
 * it back when it goes down).
 */
export async function createTextLookup(knex: Knex): Promise<void> {
  await knex.raw(`
    -- Dossiers with the words in what describes them (or, in_scans, only in the text of their
    -- scans), within the filters, the practice types to boost first (boosted), then the most recent,
    -- at most max_rows. The statement is assembled from fixed fragments only (values are
    -- parameters) and planned for the values given: a common word reads the year index until it
    -- has enough, a rare one its few entries of the full-text index.
    ${TEXT_LOOKUP_HEAD}
      AS $fn$
      DECLARE
        statement text := $sql$SELECT d.id, d.year::integer, $sql$
          || CASE WHEN boost IS NULL THEN 'false' ELSE 'd.practice_type = ANY ($9)' END
          || $sql$ AS boosted FROM scrivania.archive_dossiers d WHERE $sql$
          || CASE WHEN in_scans THEN 'd.search_tsv @@ $1 AND NOT (d.meta_tsv @@ $1)' ELSE 'd.meta_tsv @@ $1' END;
      BEGIN
        ${textLookupFilters('statement')}
        IF year_from IS NOT NULL THEN statement := statement || ' AND d.year >= $6'; END IF;
        IF year_to IS NOT NULL THEN statement := statement || ' AND d.year <= $7'; END IF;
        statement := statement || $sql$ AND ${DOSSIER_VISIBLE_INLINE} ORDER BY $sql$
          || CASE WHEN boost IS NULL THEN '' ELSE 'boosted DESC, ' END || 'd.year DESC, d.id DESC LIMIT $10';
        RETURN QUERY EXECUTE statement
          USING plainto_tsquery('scrivania.archivio', words), in_scans, series, types, outcomes, year_from, year_to,
                dates, boost, max_rows;
      END
      $fn$;

    ${TEXT_LOOKUP_GRANTS}
  `);
}

/** The full-text lookup's name and arguments, the same in every version of it. */
export const TEXT_LOOKUP =
  'scrivania.archive_text_ids(text, boolean, integer[], text[], text[], integer, integer, date[], text[], integer)';

/** How every version of the full-text lookup is declared. */
export const TEXT_LOOKUP_HEAD = `CREATE FUNCTION scrivania.archive_text_ids(words text, in_scans boolean, series integer[], types text[],
                                               outcomes text[], year_from integer, year_to integer, dates date[],
                                               boost text[], max_rows integer)
      RETURNS TABLE (id bigint, year integer, boosted boolean)
      LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = scrivania, pg_temp
      ROWS 100`;

/** Who may call it: staff, through the search box. */
export const TEXT_LOOKUP_GRANTS = `REVOKE ALL ON FUNCTION ${TEXT_LOOKUP} FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION ${TEXT_LOOKUP} TO scrivania_staff;`;

/**
 * The filters of series, types, outcomes and days, appended to the statement held in the
 * variable named (the values are its parameters $3, $4, $5 and $8).
 */
export function textLookupFilters(variable: string): string {
  const append = (condition: string) => `${variable} := ${variable} || ' AND ${condition}';`;
  return `IF series IS NOT NULL THEN ${append('d.series_id = ANY ($3)')} END IF;
        IF types IS NOT NULL THEN ${append('d.practice_type = ANY ($4)')} END IF;
        IF outcomes IS NOT NULL THEN ${append('d.outcome = ANY ($5)')} END IF;
        IF dates IS NOT NULL THEN
          ${append('(d.opened_on = ANY ($8) OR d.decided_on = ANY ($8) OR d.closed_on = ANY ($8))')}
        END IF;`;
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP FUNCTION ${TEXT_LOOKUP};
    DROP FUNCTION scrivania.archive_name_dossiers(text[], real, integer);
    DROP FUNCTION scrivania.archive_reference_ids(text[]);
    DROP POLICY stored_files_visible ON scrivania.stored_files;
    CREATE POLICY stored_files_visible ON scrivania.stored_files FOR SELECT TO scrivania_staff
      USING (ente_id = (SELECT scrivania.current_ente_id())
             AND EXISTS (SELECT 1 FROM scrivania.document_versions v
                          WHERE v.ente_id = stored_files.ente_id AND v.sha256 = stored_files.sha256));
    DROP TABLE scrivania.archive_name_words, scrivania.archive_instance_links, scrivania.archive_access_log, scrivania.archive_import_rows,
      scrivania.archive_documents, scrivania.archive_import_batches, scrivania.archive_parcels, scrivania.archive_addresses,
      scrivania.archive_dossier_subjects, scrivania.archive_dossiers, scrivania.archive_box_events, scrivania.archive_boxes,
      scrivania.archive_streets, scrivania.archive_series;
    DROP FUNCTION scrivania.archive_name_words_add();
    DROP FUNCTION scrivania.archive_access_log_is_append_only();
    DROP FUNCTION scrivania.archive_access_log_fill();
    DROP FUNCTION scrivania.archive_refresh_search_of_dossier();
    DROP TABLE scrivania.archive_search_pending;
    DROP FUNCTION scrivania.archive_refresh_pending();
    DROP FUNCTION scrivania.archive_refresh_search_of_rows();
    DROP FUNCTION scrivania.archive_refresh_search(bigint[]);
    DROP FUNCTION scrivania.archive_documents_immutable();
    DROP FUNCTION scrivania.archive_dossiers_propagate();
    DROP FUNCTION scrivania.archive_series_propagate();
    DROP FUNCTION scrivania.archive_child_fill();
    DROP FUNCTION scrivania.archive_dossiers_fill();
    DROP FUNCTION scrivania.archive_boxes_record_move();
    DROP FUNCTION scrivania.archive_boxes_check();
    DROP FUNCTION scrivania.archive_streets_check();
    DROP FUNCTION scrivania.archive_series_fill();
    DROP FUNCTION scrivania.archive_name_words(text);
    DROP FUNCTION scrivania.archive_visible_ente_ids();
    DROP FUNCTION scrivania.archive_practice_type_label(text);
    DROP TEXT SEARCH CONFIGURATION scrivania.archivio;
  `);
}
