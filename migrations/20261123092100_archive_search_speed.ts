import type { Knex } from 'knex';
import {
  createTextLookup,
  DOSSIER_VISIBLE_INLINE,
  nameLookupSql,
  TEXT_LOOKUP,
  TEXT_LOOKUP_GRANTS,
  TEXT_LOOKUP_HEAD,
  textLookupFilters,
} from './20261123092000_archive';

/**
 * Archive search at a city's scale (a million dossiers): a common word must cost about what a page
 * of results and a total capped at a thousand need, not what all its dossiers weigh.
 *
 * Words are ranked most recent first. With the year outside the full-text indexes, a word found in
 * 30,000 dossiers read all 30,000 rows (30,000 pages: a dossier's row is about 2 kB) to keep the
 * thousand most recent. The full-text indexes now hold the year too (btree_gin), so "these words,
 * in these years" is answered inside the index, and the lookup asks for the most recent years
 * first, a few at a time, until it has enough: about a thousand rows read, whatever the word.
 *
 * A street, a parcel or a name can also lead to thousands of dossiers (an old street's 3,000
 * practices), ranked by how well they match and then by year. Names, addresses and parcels now
 * carry their dossier's year beside its ente and reserved flag (copied when they are written, as
 * those are), and the street and parcel indexes hold all a ranking reads: the thousand best are
 * chosen from the index alone, and only they are read from the dossiers. The copy is filled for the
 * rows already there by this migration (a derived column, not data of its own).
 *
 * Beyond a page already filled by better matches, the dossiers found only by their scans' text
 * count towards the total and nothing more: they are taken as the index gives them, not sorted.
 *
 * A page of results counts each dossier's scans and pages: the index of scans by dossier now holds
 * the page count and what the policy reads, so the count needs no scan's row (its OCR text).
 */
const YEAR_CARRIERS = ['archive_dossier_subjects', 'archive_addresses', 'archive_parcels'] as const;
const SCAN_ONLY_LOOKUP = 'scrivania.archive_scan_only_ids(text, integer[], text[], text[], integer, integer, date[], bigint[], integer)';
const SCAN_ONLY_LOOKUP_HEAD = `scrivania.archive_scan_only_ids(words text, series integer[], types text[], outcomes text[],
                                                    year_from integer, year_to integer, dates date[], excluded bigint[],
                                                    max_rows integer)`;

export async function up(knex: Knex): Promise<void> {
  await carryDossierYear(knex);
  await knex.raw(`CREATE EXTENSION IF NOT EXISTS fuzzystrmatch WITH SCHEMA public`);
  await replaceNameLookup(knex, { withYear: true, oneEditTypos: true });
  await knex.raw(`
    CREATE EXTENSION IF NOT EXISTS btree_gin WITH SCHEMA public;
    DROP INDEX scrivania.archive_dossiers_meta_idx;
    DROP INDEX scrivania.archive_dossiers_search_idx;
    CREATE INDEX archive_dossiers_meta_idx ON scrivania.archive_dossiers USING gin (meta_tsv, year)
      WITH (gin_pending_list_limit = 512);
    CREATE INDEX archive_dossiers_search_idx ON scrivania.archive_dossiers USING gin (search_tsv, year)
      WITH (gin_pending_list_limit = 512);

    DROP FUNCTION ${TEXT_LOOKUP};

    -- The years of the archive within the bounds given (null: no bound), newest first; smallint, as
    -- the indexed column, so that the full-text indexes compare the year itself. Called by the
    -- lookups below only (it sees every ente's years).
    CREATE FUNCTION scrivania.archive_years(year_from integer, year_to integer) RETURNS smallint[]
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = scrivania, pg_temp
      -- The first and last year from the index of years, whatever the caller's settings.
      SET enable_indexscan = on
      AS $$
        SELECT coalesce(array_agg(y ORDER BY y DESC), '{}')
          FROM (SELECT generate_series(greatest(year_from, min(d.year)), least(year_to, max(d.year)))::smallint AS y
                  FROM scrivania.archive_dossiers d) s
      $$;
    REVOKE ALL ON FUNCTION scrivania.archive_years(integer, integer) FROM PUBLIC;

    -- Dossiers with the words in what describes them (or, in_scans, only in the text of their
    -- scans), within the filters: those of the practice types to boost first (boosted), then the
    -- most recent, at most max_rows. Each round reads the next few years (newest first) through
    -- the full-text index with the year in it, as many years as the rounds so far say will give
    -- the rows still wanted; when all the years left should give few more than that, they are read
    -- in one round. The statement is assembled from fixed fragments only (values are parameters)
    -- and planned for the values given.
    ${TEXT_LOOKUP_HEAD}
      AS $fn$
      DECLARE
        query CONSTANT tsquery := plainto_tsquery('scrivania.archivio', words);
        -- Rows read beyond those the density seen so far promises: one round more is dearer.
        margin CONSTANT numeric := 1.2;
        conditions text := CASE WHEN in_scans THEN 'd.search_tsv @@ $1 AND NOT (d.meta_tsv @@ $1)' ELSE 'd.meta_tsv @@ $1' END;
        oldest integer;
        years smallint[];
        types_round text;
        -- Of a type named: checked on the rows read, never through the index of types and years
        -- (ANDed with it, the full-text index would be read for every year, not the ones asked).
        named CONSTANT text := 'coalesce(d.practice_type = ANY ($9), false)';
        rest_at_once boolean;
        density numeric;
        taken integer := 0;
        taken_in_pass integer;
        years_read integer;
        next_year integer;
        span integer;
        got integer;
      BEGIN
        IF numnode(query) = 0 OR max_rows < 1 THEN
          RETURN;
        END IF;
        ${textLookupFilters('conditions')}
        years := scrivania.archive_years(year_from, year_to);
        IF cardinality(years) = 0 THEN
          RETURN;
        END IF;
        oldest := years[cardinality(years)];
        -- The types named first, then the others: in two rounds through the years, or in one when
        -- there is one year to read (a year typed).
        FOREACH types_round IN ARRAY CASE WHEN boost IS NULL THEN ARRAY['all'] WHEN cardinality(years) = 1 THEN ARRAY['named first']
                                          ELSE ARRAY['named', 'others'] END LOOP
          next_year := 1;
          span := 1;
          years_read := 0;
          taken_in_pass := 0;
          rest_at_once := false;
          WHILE next_year <= cardinality(years) AND taken < max_rows LOOP
            RETURN QUERY EXECUTE format(
              $sql$SELECT d.id, d.year::integer, %1$s FROM scrivania.archive_dossiers d
                    WHERE %2$s AND %3$s %4$s AND ${DOSSIER_VISIBLE_INLINE}
                    ORDER BY %5$s d.year DESC, d.id DESC LIMIT $7$sql$,
              CASE types_round WHEN 'named first' THEN named WHEN 'named' THEN 'true' ELSE 'false' END,
              conditions,
              -- A few years through the index; the rest at once through the words alone (the
              -- years checked on the rows read: with the year in it, the index is read once a year).
              CASE WHEN rest_at_once THEN 'd.year::integer BETWEEN $11 AND $10' ELSE 'd.year = ANY ($6)' END,
              CASE types_round WHEN 'named' THEN format('AND %s', named) WHEN 'others' THEN format('AND NOT %s', named) ELSE '' END,
              CASE types_round WHEN 'named first' THEN '3 DESC,' ELSE '' END)
              USING query, in_scans, series, types, outcomes, years[next_year : next_year + span - 1], max_rows - taken,
                    dates, boost, years[next_year], oldest;
            GET DIAGNOSTICS got = ROW_COUNT;
            taken := taken + got;
            taken_in_pass := taken_in_pass + got;
            years_read := years_read + span;
            next_year := CASE WHEN rest_at_once THEN cardinality(years) + 1 ELSE next_year + span END;
            IF taken_in_pass = 0 AND years_read < 5 THEN
              span := span * 4;
            ELSE
              -- Rows a year, so far (one more than seen: a year without any says little).
              density := (taken_in_pass + 1)::numeric / years_read;
              rest_at_once := density * (cardinality(years) - next_year + 1) <= 2 * (max_rows - taken);
              span := greatest(1, ceil(margin * (max_rows - taken) / density)::integer);
            END IF;
          END LOOP;
        END LOOP;
      END
      $fn$;
    ${TEXT_LOOKUP_GRANTS}

    -- Dossiers found only by the text of their scans, in no order, none of those given, at most
    -- max_rows: what a total still needs once the page is filled by better matches (the first
    -- rows read are taken, as the bitmap of the full-text index gives them).
    CREATE FUNCTION ${SCAN_ONLY_LOOKUP_HEAD}
      RETURNS TABLE (id bigint, year integer)
      LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = scrivania, pg_temp
      -- Through the full-text index only: an early stop is the point, never a walk of the table.
      SET enable_seqscan = off SET enable_indexscan = off
      ROWS 100
      AS $fn$
      DECLARE
        query CONSTANT tsquery := plainto_tsquery('scrivania.archivio', words);
        conditions text := 'd.search_tsv @@ $1 AND NOT (d.meta_tsv @@ $1) AND NOT (d.id = ANY ($7))';
        years smallint[];
      BEGIN
        IF numnode(query) = 0 OR max_rows < 1 THEN
          RETURN;
        END IF;
        ${textLookupFilters('conditions')}
        IF year_from IS NOT NULL OR year_to IS NOT NULL THEN
          -- The years one by one, through the index (a range would read every year's entries).
          years := scrivania.archive_years(year_from, year_to);
          conditions := conditions || ' AND d.year = ANY ($6)';
        END IF;
        RETURN QUERY EXECUTE format(
          $sql$SELECT d.id, d.year::integer FROM scrivania.archive_dossiers d WHERE %s AND ${DOSSIER_VISIBLE_INLINE} LIMIT $9$sql$,
          conditions)
          USING query, NULL::boolean, series, types, outcomes, years, excluded, dates, max_rows;
      END
      $fn$;
    REVOKE ALL ON FUNCTION ${SCAN_ONLY_LOOKUP} FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION ${SCAN_ONLY_LOOKUP} TO scrivania_staff;
  `);
}

/** Names, addresses and parcels carry their dossier's year, and the indexes of a ranking cover it. */
async function carryDossierYear(knex: Knex): Promise<void> {
  // The names' word index is rebuilt rather than updated row by row (millions of names in a city).
  await knex.raw(`DROP INDEX scrivania.archive_subjects_words_idx`);
  for (const table of YEAR_CARRIERS) {
    await knex.raw(`
      ALTER TABLE scrivania.${table} ADD COLUMN year smallint;
      UPDATE scrivania.${table} c SET year = d.year FROM scrivania.archive_dossiers d WHERE d.id = c.dossier_id;
      ALTER TABLE scrivania.${table} ALTER COLUMN year SET NOT NULL;
    `);
  }
  await knex.raw(`
    CREATE INDEX archive_subjects_words_idx ON scrivania.archive_dossier_subjects USING gin (name_words) WITH (fastupdate = off);
    DROP INDEX scrivania.archive_addresses_street_idx;
    CREATE INDEX archive_addresses_street_idx ON scrivania.archive_addresses (street_id, civic_number)
      INCLUDE (dossier_id, year, ente_id, shared_unione_id, reserved);
    DROP INDEX scrivania.archive_parcels_parcel_idx;
    CREATE INDEX archive_parcels_parcel_idx ON scrivania.archive_parcels (foglio, particella, subalterno)
      INCLUDE (dossier_id, year, sezione, ente_id, shared_unione_id, reserved);
    ALTER TABLE scrivania.archive_documents DROP CONSTRAINT archive_documents_dossier_id_sequence_key,
      ADD CONSTRAINT archive_documents_dossier_id_sequence_key UNIQUE (dossier_id, sequence)
        INCLUDE (page_count, ente_id, shared_unione_id, reserved);

    -- Set after the dossier's own fill trigger (triggers run in name order): the dossier exists.
    CREATE FUNCTION scrivania.archive_child_year() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      BEGIN
        SELECT year INTO NEW.year FROM scrivania.archive_dossiers WHERE id = NEW.dossier_id;
        RETURN NEW;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.archive_child_year() FROM PUBLIC;
    ${YEAR_CARRIERS.map(
      (table) => `CREATE TRIGGER ${table}_year BEFORE INSERT ON scrivania.${table}
      FOR EACH ROW EXECUTE FUNCTION scrivania.archive_child_year();`,
    ).join('\n    ')}

    -- Staff cannot change a dossier's year; whoever can, the copies follow.
    CREATE FUNCTION scrivania.archive_dossiers_year_propagate() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = scrivania, pg_temp
      AS $$
      BEGIN
        ${YEAR_CARRIERS.map((table) => `UPDATE scrivania.${table} SET year = NEW.year WHERE dossier_id = NEW.id;`).join('\n        ')}
        RETURN NULL;
      END
      $$;
    REVOKE ALL ON FUNCTION scrivania.archive_dossiers_year_propagate() FROM PUBLIC;
    CREATE TRIGGER archive_dossiers_year_propagate AFTER UPDATE OF year ON scrivania.archive_dossiers
      FOR EACH ROW WHEN (NEW.year IS DISTINCT FROM OLD.year) EXECUTE FUNCTION scrivania.archive_dossiers_year_propagate();
  `);
}

/** The names lookup gives the dossiers' years (read from the names) and forgives one-letter typos, or as before. */
async function replaceNameLookup(knex: Knex, version: Parameters<typeof nameLookupSql>[0]): Promise<void> {
  await knex.raw(`
    DROP FUNCTION scrivania.archive_name_dossiers(text[], real, integer);
    ${nameLookupSql(version)}
    REVOKE ALL ON FUNCTION scrivania.archive_name_dossiers(text[], real, integer) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION scrivania.archive_name_dossiers(text[], real, integer) TO scrivania_staff;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP FUNCTION ${SCAN_ONLY_LOOKUP}`);
  await replaceNameLookup(knex, { withYear: false, oneEditTypos: false });
  await knex.raw(`DROP EXTENSION IF EXISTS fuzzystrmatch`);
  await knex.raw(`
    DROP TRIGGER archive_dossiers_year_propagate ON scrivania.archive_dossiers;
    DROP FUNCTION scrivania.archive_dossiers_year_propagate();
    ${YEAR_CARRIERS.map((table) => `DROP TRIGGER ${table}_year ON scrivania.${table};`).join('\n    ')}
    DROP FUNCTION scrivania.archive_child_year();
    DROP INDEX scrivania.archive_addresses_street_idx;
    CREATE INDEX archive_addresses_street_idx ON scrivania.archive_addresses (street_id, civic_number);
    DROP INDEX scrivania.archive_parcels_parcel_idx;
    CREATE INDEX archive_parcels_parcel_idx ON scrivania.archive_parcels (foglio, particella, subalterno);
    ALTER TABLE scrivania.archive_documents DROP CONSTRAINT archive_documents_dossier_id_sequence_key,
      ADD CONSTRAINT archive_documents_dossier_id_sequence_key UNIQUE (dossier_id, sequence);
    ${YEAR_CARRIERS.map((table) => `ALTER TABLE scrivania.${table} DROP COLUMN year;`).join('\n    ')}
  `);
  await knex.raw(`
    DROP FUNCTION ${TEXT_LOOKUP};
    DROP FUNCTION scrivania.archive_years(integer, integer);
    DROP INDEX scrivania.archive_dossiers_meta_idx;
    DROP INDEX scrivania.archive_dossiers_search_idx;
    CREATE INDEX archive_dossiers_meta_idx ON scrivania.archive_dossiers USING gin (meta_tsv) WITH (gin_pending_list_limit = 512);
    CREATE INDEX archive_dossiers_search_idx ON scrivania.archive_dossiers USING gin (search_tsv) WITH (gin_pending_list_limit = 512);
    DROP EXTENSION IF EXISTS btree_gin;
  `);
  await createTextLookup(knex);
}
