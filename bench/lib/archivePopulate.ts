/**
 * Fills a bench database with an archive the size of a city's: by default 1,000,000 dossiers over
 * sixty years with 2.4 million names, 1.2 million addresses on ~2,000 streets (some renamed),
 * 1.3 million parcels and 5,000,000 document records with OCR text (the scans' bytes are a token:
 * the search never reads them). Set-based SQL, triggers off and secondary indexes dropped during the
 * load (then rebuilt from their own definitions), full-text vectors computed by the archive's own
 * refresh function on two connections at once. Deterministic for a given seed.
 */
import pg from 'pg';
import { createKnex } from '../../src/main/db/knexFactory';
import { migrateToLatest } from '../../src/main/db/migrations';
import { loadDemoData } from '../../src/main/demo/loadDemoData';
import { FEMALE_FIRST_NAMES, MALE_FIRST_NAMES, STREETS, SURNAMES } from '../../src/main/demo/names';
import type { Logger } from '../../src/main/logger';
import { withClient, type BenchDatabase } from './database';

export const ARCHIVE_BENCH_VERSION = 1;
/** Login names of the bench's staff end with this (the database lib drops *_bench roles on --fresh). */
export const ARCHIVE_USERNAME_SUFFIX = '_ar_bench';

export interface ArchiveBenchMeta {
  version: number;
  dossiers: number;
  documents: number;
  subjects: number;
  addresses: number;
  parcels: number;
  streets: number;
  ocrCharsAverage: number;
  loadSeconds: Record<string, number>;
}

/** Names of streets of a city: people, places, dates, trees, as Italian toponymy has them. */
const STREET_NAMES = [
  ...STREETS.map((street) => street.replace(/^(Via|Viale|Piazza|Corso|Vicolo|Località|Frazione)\s+/, '')),
  ...[
    'Alessandro Manzoni',
    'Giosuè Carducci',
    'Ugo Foscolo',
    'Torquato Tasso',
    'Ludovico Ariosto',
    'Francesco Petrarca',
    'Giovanni Boccaccio',
    'Niccolò Machiavelli',
    'Galileo Ferraris',
    'Alessandro Volta',
    'Enrico Fermi',
    'Luigi Galvani',
    'Camillo Golgi',
    'Antonio Meucci',
    'Giuseppe Garibaldi',
    'Goffredo Mameli',
    'Ciro Menotti',
    'Silvio Pellico',
    'Fratelli Bandiera',
    'Carlo Pisacane',
    'Daniele Manin',
    'Massimo d\u2019Azeglio',
    'Bettino Ricasoli',
    'Quintino Sella',
    'Francesco Crispi',
    'Giovanni Giolitti',
    'Luigi Einaudi',
    'Enrico De Nicola',
    'Sandro Pertini',
    'Piero Gobetti',
    'Giovanni Amendola',
    'Don Giovanni Minzoni',
    'Don Luigi Sturzo',
    'Alcide De Gasperi',
    'Giorgio La Pira',
    'Enrico Mattei',
    'Adriano Olivetti',
    'Giuseppe Di Vittorio',
    'Bruno Buozzi',
    'Filippo Turati',
    'Anna Kuliscioff',
    'Grazia Deledda',
    'Maria Montessori',
    'Rita Levi Montalcini',
    'Nilde Iotti',
    'Tina Anselmi',
    'Giuseppe Parini',
    'Vittorio Alfieri',
    'Carlo Goldoni',
    'Gioachino Rossini',
    'Vincenzo Bellini',
    'Gaetano Donizetti',
    'Giacomo Puccini',
    'Pietro Mascagni',
    'Arcangelo Corelli',
    'Antonio Vivaldi',
    'Raffaello Sanzio',
    'Michelangelo Buonarroti',
    'Sandro Botticelli',
    'Giotto',
    'Masaccio',
    'Piero della Francesca',
    'Luca Signorelli',
    'Pinturicchio',
    'Perugino',
    'Beato Angelico',
    'Tiziano',
    'Caravaggio',
    'Canova',
    'San Benedetto',
    'Santa Chiara',
    'San Bernardino',
    'San Giovanni',
    'San Pietro',
    'San Paolo',
    'San Lorenzo',
    'San Marco',
    'San Rocco',
    'San Sebastiano',
    'Santa Maria',
    'Sant\u2019Angelo',
    'Sant\u2019Antonio',
    'Santa Caterina',
    'Santa Lucia',
    'San Giuseppe',
    'Madonna del Piano',
    'della Chiesa',
    'del Castello',
    'della Rocca',
    'delle Mura',
    'della Torre',
    'del Teatro',
    'del Mercato',
    'della Fontana',
    'del Pozzo',
    'del Ponte',
    'del Fiume',
    'del Lago',
    'del Colle',
    'della Collina',
    'dei Pini',
    'degli Ulivi',
    'dei Cipressi',
    'delle Rose',
    'dei Gelsi',
    'dei Castagni',
    'delle Viole',
    'dei Mandorli',
    'degli Oleandri',
    'dei Lecci',
    'delle Acacie',
    'dei Platani',
    'Trento',
    'Trieste',
    'Gorizia',
    'Fiume',
    'Zara',
    'Pola',
    'Milano',
    'Torino',
    'Genova',
    'Venezia',
    'Bologna',
    'Firenze',
    'Napoli',
    'Bari',
    'Palermo',
    'Cagliari',
    'Ancona',
    'Pesaro',
    'Urbino',
    'Arezzo',
    'Siena',
    'Orvieto',
    'Spoleto',
    'Gubbio',
    'Assisi',
    'Foligno',
    'Todi',
    'Norcia',
    'Cascia',
    'Terni',
    'Narni',
    'Amelia',
    'Città di Castello',
    'Umbertide',
    'Marsciano',
    'Deruta',
    'Bettona',
    'Bevagna',
    'Montefalco',
    'Trevi',
    'Spello',
    'Cannara',
    'Panicale',
    'Castiglione',
    'Passignano',
    'Tuoro',
    'Magione',
    'Corciano',
    'Torgiano',
    'Bastia',
    'Valfabbrica',
    'Nocera',
    'Gualdo',
    'Sigillo',
    '25 Aprile',
    '1\u00b0 Maggio',
    '2 Giugno',
    '8 Marzo',
    '11 Febbraio',
    '24 Maggio',
    '10 Giugno',
    '8 Settembre',
    'della Costituzione',
    'dell\u2019Unità d\u2019Italia',
    'della Pace',
    'della Resistenza',
    'dei Caduti',
    'degli Alpini',
    'dei Bersaglieri',
    'dei Partigiani',
    'della Vittoria',
    'del Risorgimento',
    'dell\u2019Industria',
    'dell\u2019Artigianato',
    'del Commercio',
    'del Lavoro',
    'della Cooperazione',
    'dello Sport',
    'della Scuola',
    'dell\u2019Ospedale',
    'del Cimitero',
  ],
];
const STREET_TYPES = ['via', 'via', 'via', 'via', 'viale', 'piazza', 'vicolo', 'strada', 'largo', 'localita'];
/** Streets named after local figures (a first name and a surname of the town; each in several types): a city's ~2,000 streets. */
const LOCAL_FIGURES = 500;

function streetNames(): string[] {
  const firstNames = [...MALE_FIRST_NAMES, ...FEMALE_FIRST_NAMES];
  const figures = new Set<string>();
  for (let i = 0; figures.size < LOCAL_FIGURES; i++) {
    figures.add(`${firstNames[(i * 7) % firstNames.length]!} ${SURNAMES[(i * 13 + Math.floor(i / SURNAMES.length)) % SURNAMES.length]!}`);
  }
  return [...STREET_NAMES, ...figures];
}

/** Old names of renamed streets. */
const OLD_STREET_NAMES = [
  'Vittorio Emanuele III',
  'Umberto I',
  'Regina Margherita',
  'Regina Elena',
  'Principe di Piemonte',
  'Principessa Mafalda',
  'Costanzo Ciano',
  'Italo Balbo',
  'del Littorio',
  'dell\u2019Impero',
  'XXVIII Ottobre',
  'Arnaldo Mussolini',
  'Savoia',
  'Duca degli Abruzzi',
  'Duca d\u2019Aosta',
  'Maresciallo Badoglio',
  'Nuova',
  'della Circonvallazione',
  'del Campo Sportivo',
  'Provinciale',
  'della Stazione Vecchia',
  'del Consorzio',
  'della Filanda',
  'delle Fornaci',
];

const SUBJECTS = [
  'Costruzione di fabbricato ad uso civile abitazione',
  'Costruzione di casa unifamiliare con autorimessa',
  'Sopraelevazione di un piano',
  'Ampliamento di fabbricato rurale',
  'Costruzione di autorimessa in muratura',
  'Costruzione di capannone artigianale',
  'Ristrutturazione con rifacimento della copertura',
  'Costruzione di villetta bifamiliare',
  'Recinzione del lotto e cancello carrabile',
  'Costruzione di annesso agricolo e fienile',
  'Rifacimento della facciata e dei balconi',
  'Cambio di destinazione d\u2019uso da magazzino ad abitazione',
  'Costruzione di edificio residenziale di sei alloggi',
  'Realizzazione di piscina pertinenziale',
  'Demolizione e ricostruzione di fabbricato',
  'Apertura di nuove finestre sul prospetto',
  'Condono di garage in lamiera',
  'Condono di tettoia in legno',
  'Condono di veranda chiusa',
  'Condono del sottotetto abitabile',
  'Licenza per esercizio di generi alimentari',
  'Licenza per bar e caffetteria',
  'Realizzazione di cantina interrata',
  'Costruzione di stalla e concimaia',
  'Installazione di ascensore esterno',
  'Frazionamento di unità immobiliare',
  'Fusione di due unità immobiliari',
  'Manutenzione straordinaria della copertura',
  'Realizzazione di pergolato e porticato',
  'Costruzione di muro di contenimento',
  'Rifacimento degli intonaci e tinteggiatura',
  'Costruzione di laboratorio artigiano',
  'Ampliamento di negozio al piano terra',
  'Costruzione di tettoia per ricovero attrezzi',
];
const SUBJECT_DETAILS = [
  'in zona agricola',
  'nel centro storico',
  'in zona di completamento',
  'in lottizzazione',
  'con garage interrato',
  'con cantina',
  'in muratura portante',
  'in cemento armato',
  'con copertura a falde',
  'in legno lamellare',
  '',
  '',
  '',
  'con accesso carrabile',
  'sul confine',
  'in aderenza',
  'con vincolo paesaggistico',
  'in area PEEP',
];
const DOCUMENT_TITLES = [
  'Domanda',
  'Elaborati grafici',
  'Relazione tecnica',
  'Provvedimento',
  'Certificato',
  'Corrispondenza',
  'Fotografie',
];
const DOCUMENT_KINDS = ['application', 'drawings', 'report', 'decision', 'certificate', 'correspondence', 'photographs'];
/** Fragments of OCR text as scanners read typed municipal paperwork. */
const OCR_PHRASES = [
  'Il sottoscritto chiede il rilascio del titolo edilizio',
  'per i lavori descritti nella relazione tecnica allegata',
  'visto il parere favorevole della Commissione Edilizia',
  'vista la legge urbanistica e il regolamento edilizio comunale',
  'struttura portante in muratura di pietrame e laterizio',
  'solai in latero-cemento e copertura a due falde',
  'manto di copertura in coppi di recupero',
  'garage interrato con accesso carrabile dalla strada comunale',
  'autorimessa al piano seminterrato',
  'sottotetto non abitabile con altezza media inferiore a metri 2,40',
  'volta a botte in mattoni pieni nella cantina',
  'fondazioni continue in calcestruzzo armato',
  'distanza dai confini non inferiore a metri cinque',
  'altezza massima del fabbricato metri sette e cinquanta',
  'superficie utile lorda mq centoventi',
  'volume complessivo mc seicentoquaranta',
  'tavola uno planimetria generale scala uno a cinquecento',
  'tavola due piante prospetti e sezioni',
  'la presente licenza è rilasciata salvi i diritti dei terzi',
  'si allegano fotografie dello stato dei luoghi',
  'Ufficio Tecnico Comunale protocollo in arrivo',
  'il direttore dei lavori dichiara la conformità delle opere',
  'certificato di abitabilità rilasciato previo sopralluogo',
  'domanda di sanatoria ai sensi della legge',
  'oblazione versata sul conto corrente postale',
  'tettoia in legno addossata al fabbricato principale',
  'veranda chiusa con infissi in alluminio anodizzato',
  'recinzione in muratura con sovrastante ringhiera',
  'impianto di riscaldamento con caldaia a gasolio',
  'fossa biologica tipo Imhoff e scarico nella fognatura comunale',
  'il richiedente è proprietario del terreno distinto in catasto',
  'nulla osta della Soprintendenza ai beni ambientali',
  'parere igienico sanitario favorevole',
  'collaudo statico delle strutture in cemento armato',
  'denuncia delle opere in conglomerato cementizio',
  'comunicazione di inizio lavori',
  'comunicazione di fine lavori',
  'planimetria catastale aggiornata',
  'estratto di mappa catastale',
  'rilievo dello stato di fatto',
];

/** Surnames for a city: the common ones, and more made from Italian name parts (most are rare). */
function citySurnames(): string[] {
  const starts = [
    'Bar',
    'Bel',
    'Ber',
    'Bon',
    'Bran',
    'Cal',
    'Cap',
    'Car',
    'Cas',
    'Cec',
    'Ciar',
    'Col',
    'Cor',
    'Fab',
    'Fal',
    'Fer',
    'Fio',
    'Gal',
    'Ger',
    'Gio',
    'Gra',
    'Lan',
    'Lor',
    'Luc',
    'Man',
    'Mar',
    'Mas',
    'Mor',
    'Pac',
    'Pal',
    'Pan',
    'Pas',
    'Pel',
    'Pie',
    'Pra',
    'Ros',
    'Sab',
    'San',
    'Ser',
    'Tar',
    'Tom',
    'Urb',
    'Val',
    'Ver',
    'Vin',
    'Zan',
  ];
  const middles = ['', 'c', 'l', 'n', 'r', 't', 'di', 'gn', 'll', 'ss', 'tt', 'cc'];
  const ends = ['ini', 'elli', 'oni', 'etti', 'ucci', 'acci', 'ari', 'eri', 'ieri', 'otti', 'ani', 'osi', 'ello', 'one', 'uzzi'];
  const made: string[] = [];
  for (const start of starts) for (const middle of middles) for (const end of ends) made.push(`${start}${middle}${end}`);
  return [...SURNAMES, ...made];
}

interface Step {
  name: string;
  seconds: number;
}

export async function readArchiveMeta(database: BenchDatabase): Promise<ArchiveBenchMeta | null> {
  return withClient(database.admin, async (client) => {
    const exists = await client.query(`SELECT to_regclass('bench_archive.meta') IS NOT NULL AS present`);
    if (!exists.rows[0]?.present) return null;
    const row = await client.query<{ value: ArchiveBenchMeta }>(`SELECT value FROM bench_archive.meta WHERE key = 'archive'`);
    return row.rows[0]?.value ?? null;
  });
}

/** The tables of a million dossiers: the dossiers, their names, addresses, parcels and scans. */
const ARCHIVE_TABLES = ['archive_dossiers', 'archive_dossier_subjects', 'archive_addresses', 'archive_parcels', 'archive_documents'];

/**
 * Applies the migrations written since the archive was loaded (a load takes about 25 minutes; the
 * later migrations add tables, functions and indexes beside the archive's rows). Returns their names.
 */
export async function migrateLoadedArchive(database: BenchDatabase): Promise<string[]> {
  // One connection, so that its settings hold for the migrations: an index over a million rows
  // takes longer than the app's statement timeout.
  const knex = createKnex(database.target, database.admin, { max: 1, applicationName: 'scrivania-bench-archive' });
  try {
    await knex.raw(`SET statement_timeout = 0`);
    await knex.raw(`SET maintenance_work_mem = '512MB'`);
    const applied = await migrateToLatest(knex);
    // As autovacuum would in time: rows a migration rewrote are reclaimed, and index-only scans
    // find their pages all-visible.
    if (applied.length > 0) await knex.raw(`VACUUM (ANALYZE) ${ARCHIVE_TABLES.map((table) => `scrivania.${table}`).join(', ')}`);
    return applied;
  } finally {
    await knex.destroy();
  }
}

/** Everything that makes the archive: loads from an empty database. */
export async function populateArchive(database: BenchDatabase, dossierCount: number, log: Logger): Promise<ArchiveBenchMeta> {
  const steps: Step[] = [];
  const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await work();
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    steps.push({ name, seconds });
    log.info(`bench archive: ${name} (${seconds} s)`);
    return result;
  };

  const knex = createKnex(database.target, database.admin, { max: 2, applicationName: 'scrivania-bench-archive' });
  let enteId: number;
  try {
    await step('migrate', () => migrateToLatest(knex));
    const demo = await step('demo ente, staff and its small archive', () =>
      loadDemoData(knex, { log, instances: 200, persons: 300, archiveDossiers: 300, usernameSuffix: ARCHIVE_USERNAME_SUFFIX }),
    );
    enteId = demo.enteId;
  } finally {
    await knex.destroy();
  }

  const client = new pg.Client({ ...database.admin, application_name: 'scrivania-bench-archive-load' });
  await client.connect();
  try {
    await client.query(`SET session_replication_role = replica`);
    await client.query(`SET synchronous_commit = off`);
    await client.query(`SET maintenance_work_mem = '1GB'`);
    await client.query(`SET work_mem = '256MB'`);
    await client.query(`SELECT setseed(0.20261123)`);

    const indexes = await step('drop secondary indexes of the archive', async () => {
      const found = await client.query<{ indexname: string; indexdef: string }>(
        `SELECT i.indexname, i.indexdef FROM pg_indexes i
          WHERE i.schemaname = 'scrivania' AND i.tablename = ANY ($1::text[])
            AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
            -- Kept: the vectors are computed dossier by dossier from what each holds.
            AND i.indexname NOT LIKE '%dossier_idx'`,
        [ARCHIVE_TABLES],
      );
      for (const index of found.rows) await client.query(`DROP INDEX scrivania.${pg.escapeIdentifier(index.indexname)}`);
      return found.rows;
    });

    await step('streets and old names', async () => {
      await client.query(
        `INSERT INTO scrivania.archive_streets (ente_id, street_type, name, verified)
         SELECT $1, t.type, n.name, true
           FROM unnest($2::text[]) WITH ORDINALITY AS n (name, ni)
           CROSS JOIN LATERAL (SELECT ($3::text[])[1 + ((ni * 7 + k * 3) % array_length($3::text[], 1))] AS type
                                 FROM generate_series(1, 1 + (ni % 5)::int) k) t
         ON CONFLICT DO NOTHING`,
        [enteId, streetNames(), STREET_TYPES],
      );
      await client.query(
        `INSERT INTO scrivania.archive_streets (ente_id, street_type, name, current_street_id, renamed_on, verified)
         SELECT $1, 'via', o.name, s.id, make_date(1944 + (o.i * 3)::int % 50, 1 + (o.i::int % 12), 1), true
           FROM unnest($2::text[]) WITH ORDINALITY AS o (name, i)
           JOIN LATERAL (SELECT id FROM scrivania.archive_streets
                          WHERE ente_id = $1 AND current_street_id IS NULL ORDER BY id OFFSET (o.i * 37) % 500 LIMIT 1) s ON true
         ON CONFLICT DO NOTHING`,
        [enteId, OLD_STREET_NAMES],
      );
    });

    const series = await client.query<{ id: number; code: string }>(`SELECT id, code FROM scrivania.archive_series WHERE ente_id = $1`, [
      enteId,
    ]);
    const seriesId = (code: string) => series.rows.find((row) => row.code === code)!.id;

    await step(`${dossierCount.toLocaleString('en')} dossiers`, () =>
      client.query(
        `INSERT INTO scrivania.archive_dossiers (ente_id, series_id, year, number, practice_type, subject, outcome, opened_on, decided_on,
                                               closed_on, old_references, reserved, agid_identifier, classification)
         SELECT $1, g.series_id, g.year, (10000 + row_number() OVER (PARTITION BY g.series_id, g.year ORDER BY g.n))::text,
                g.practice_type, g.subject, g.outcome, g.opened_on, g.opened_on + g.days, g.opened_on + g.days,
                CASE WHEN g.r5 < 0.7 THEN ARRAY[(100 + floor(g.r5 * 13000))::int || '/' || g.year] ELSE '{}' END,
                g.r6 < 0.01, 'bench-' || g.n, '6.3'
           FROM (
             SELECT s.*,
                    CASE WHEN s.series_id = $3 THEN 'condono'
                         WHEN s.series_id = $4 THEN 'licenza_commerciale'
                         WHEN s.r3 < 0.1 THEN 'agibilita'
                         WHEN s.year < 1977 THEN 'licenza_edilizia'
                         WHEN s.year < 1997 THEN CASE WHEN s.r3 < 0.3 THEN 'autorizzazione_edilizia' ELSE 'concessione_edilizia' END
                         WHEN s.year < 2003 THEN CASE WHEN s.r3 < 0.4 THEN 'dia' ELSE 'concessione_edilizia' END
                         WHEN s.year < 2011 THEN CASE WHEN s.r3 < 0.4 THEN 'dia' ELSE 'permesso_di_costruire' END
                         ELSE CASE WHEN s.r3 < 0.4 THEN 'scia' WHEN s.r3 < 0.55 THEN 'cila' ELSE 'permesso_di_costruire' END END AS practice_type,
                    trim(($6::text[])[1 + floor(s.r4 * array_length($6::text[], 1))::int] || ' ' ||
                         ($7::text[])[1 + floor(random() * array_length($7::text[], 1))::int]) AS subject,
                    (ARRAY['granted','granted','granted','granted','granted','granted','granted','denied','withdrawn','unknown'])[1 + floor(random() * 10)::int] AS outcome,
                    make_date(s.year, 1 + floor(random() * 12)::int, 1 + floor(random() * 28)::int) AS opened_on,
                    (20 + floor(random() * 200))::int AS days
               FROM (
                 SELECT r.n, r.r3, r.r4, r.r5, r.r6, r.series_id,
                        CASE WHEN r.series_id = $3 THEN (ARRAY[1985,1986,1986,1986,1986,1987,1995,1995,1996,2004,2004])[1 + floor(r.r2 * 11)::int]
                             WHEN r.series_id = $4 THEN 1960 + floor(r.r2 * 39)::int
                             ELSE 1955 + floor(power(r.r2, 0.8) * 61)::int END AS year
                   FROM (
                     SELECT n, random() AS r2, random() AS r3, random() AS r4, random() AS r5, random() AS r6,
                            CASE WHEN r1 < 0.80 THEN $2::int WHEN r1 < 0.92 THEN $3::int ELSE $4::int END AS series_id
                       FROM (SELECT n, random() AS r1 FROM generate_series(1, $5::int) n) x
                   ) r
               ) s
           ) g`,
        [
          enteId,
          seriesId('PRATICHE_EDILIZIE'),
          seriesId('CONDONI'),
          seriesId('LICENZE_COMMERCIALI'),
          dossierCount,
          SUBJECTS,
          SUBJECT_DETAILS,
        ],
      ),
    );
    await client.query(
      `CREATE TEMP TABLE bench_dossiers AS SELECT id, year, practice_type FROM scrivania.archive_dossiers WHERE agid_identifier LIKE 'bench-%'`,
    );
    await client.query(`ANALYZE bench_dossiers`);

    const surnames = citySurnames();
    const firstNames = [...MALE_FIRST_NAMES, ...FEMALE_FIRST_NAMES];
    await step('names (applicants, owners, designers, contractors)', () =>
      client.query(
        `INSERT INTO scrivania.archive_dossier_subjects (dossier_id, ente_id, reserved, year, role, name)
         SELECT d.id, $1, false, d.year, r.role,
                r.title || ($2::text[])[1 + floor(power(random(), 2.2) * array_length($2::text[], 1))::int] || ' ' ||
                ($3::text[])[1 + floor(power(random(), 1.4) * array_length($3::text[], 1))::int]
           FROM bench_dossiers d
           CROSS JOIN LATERAL (
             SELECT 'applicant' AS role, '' AS title
             UNION ALL SELECT 'designer', (ARRAY['Geom. ','Geom. ','Ing. ','Arch. '])[1 + floor(random() * 4)::int] WHERE d.practice_type <> 'licenza_commerciale' AND random() < 0.9
             UNION ALL SELECT 'owner', '' WHERE random() < 0.3
             UNION ALL SELECT 'contractor', 'Impresa ' WHERE random() < 0.2
           ) r`,
        [enteId, surnames, firstNames],
      ),
    );

    await step('distinct words of the names', () =>
      client.query(
        `INSERT INTO scrivania.archive_name_words (ente_id, word)
         SELECT DISTINCT s.ente_id, w.word FROM scrivania.archive_dossier_subjects s CROSS JOIN LATERAL unnest(s.name_words) AS w (word)
         ON CONFLICT DO NOTHING`,
      ),
    );

    await step('addresses', async () => {
      await client.query(
        `CREATE TEMP TABLE bench_streets AS
         SELECT row_number() OVER (ORDER BY random()) AS ix, id,
                initcap(CASE street_type WHEN 'localita' THEN 'località' ELSE street_type END) || ' ' || name AS label
           FROM scrivania.archive_streets WHERE ente_id = $1`,
        [enteId],
      );
      await client.query(`CREATE UNIQUE INDEX ON bench_streets (ix)`);
      await client.query(
        `INSERT INTO scrivania.archive_addresses (dossier_id, ente_id, reserved, year, street_id, written_as, civic)
         SELECT a.id, $1, false, a.year, s.id, s.label || ' ' || a.civic, a.civic
           FROM (SELECT d.id, d.year, (1 + floor(power(random(), 2) * (SELECT count(*) FROM bench_streets)))::int AS ix, (1 + floor(random() * 180))::text AS civic
                   FROM bench_dossiers d CROSS JOIN generate_series(1, CASE WHEN random() < 0.2 THEN 2 ELSE 1 END) k) a
           JOIN bench_streets s ON s.ix = a.ix`,
        [enteId],
      );
    });

    await step('parcels', () =>
      client.query(
        `INSERT INTO scrivania.archive_parcels (dossier_id, ente_id, reserved, year, foglio, particella, subalterno)
         SELECT d.id, $1, false, d.year, 1 + floor(power(random(), 1.3) * 120)::int, (1 + floor(random() * 3000))::int::text,
                CASE WHEN random() < 0.35 THEN 1 + floor(random() * 20)::int END
           FROM bench_dossiers d
           CROSS JOIN generate_series(1, CASE WHEN d.practice_type = 'licenza_commerciale' THEN 0 WHEN random() < 0.3 THEN 2 ELSE 1 END) k`,
        [enteId],
      ),
    );

    await step('document records with OCR text', () =>
      client.query(
        `INSERT INTO scrivania.archive_documents (dossier_id, ente_id, reserved, sequence, title, kind, sha256, filename, content_type,
                                                size, page_count, ocr_text, ocr_source, imported_at, imported_by_login)
         SELECT d.id, $1, false, k, ($2::text[])[t], ($3::text[])[t],
                encode(sha256(convert_to('bench:' || d.id || ':' || k, 'UTF8')), 'hex'), 'scan_' || d.id || '_' || k || '.pdf',
                'application/pdf', octet_length('bench:' || d.id || ':' || k), 1 + floor(random() * 12)::int,
                ($4::text[])[1 + floor(random() * array_length($4::text[], 1))::int] || '. ' ||
                ($4::text[])[1 + floor(random() * array_length($4::text[], 1))::int] || '. ' ||
                ($4::text[])[1 + floor(random() * array_length($4::text[], 1))::int] || '.',
                'text_layer', now() - random() * interval '400 days', 'bench'
           FROM bench_dossiers d
           CROSS JOIN LATERAL (SELECT k, 1 + ((d.id + k) % array_length($2::text[], 1))::int AS t
                                 FROM generate_series(1, 1 + floor(random() * 9)::int) k) s`,
        [enteId, DOCUMENT_TITLES, DOCUMENT_KINDS, OCR_PHRASES],
      ),
    );

    await step('their stored files (tokens)', () =>
      client.query(
        `INSERT INTO scrivania.stored_files (ente_id, sha256, size, content_type, bytes, created_by)
         SELECT a.ente_id, a.sha256, a.size, a.content_type, convert_to('bench:' || a.dossier_id || ':' || a.sequence, 'UTF8'), 'bench'
           FROM scrivania.archive_documents a JOIN bench_dossiers d ON d.id = a.dossier_id`,
      ),
    );

    await step('full-text vectors (two connections)', async () => {
      const range = await client.query<{ low: string; high: string }>(`SELECT min(id) AS low, max(id) AS high FROM bench_dossiers`);
      const low = Number(range.rows[0]!.low);
      const high = Number(range.rows[0]!.high);
      const chunk = 25_000;
      const starts: number[] = [];
      for (let start = low; start <= high; start += chunk) starts.push(start);
      const worker = async () => {
        const connection = new pg.Client({ ...database.admin, application_name: 'scrivania-bench-archive-vectors' });
        await connection.connect();
        try {
          await connection.query(`SET session_replication_role = replica`);
          await connection.query(`SET synchronous_commit = off`);
          for (let start = starts.shift(); start !== undefined; start = starts.shift()) {
            await connection.query(
              `SELECT scrivania.archive_refresh_search(ARRAY(SELECT id FROM scrivania.archive_dossiers WHERE id BETWEEN $1 AND $2))`,
              [start, start + chunk - 1],
            );
          }
        } finally {
          await connection.end();
        }
      };
      await Promise.all([worker(), worker()]);
    });

    await step('vacuum after the vectors', async () => {
      await client.query(`VACUUM scrivania.archive_dossiers`);
    });

    await step(`rebuild ${indexes.length} secondary indexes`, async () => {
      await client.query(`SET max_parallel_maintenance_workers = 2`);
      for (const index of indexes) await client.query(index.indexdef);
    });
    await step('analyze', () => client.query(`ANALYZE`));

    const counts = await client.query<{
      dossiers: number;
      documents: number;
      subjects: number;
      addresses: number;
      parcels: number;
      streets: number;
      ocr: number;
    }>(
      `SELECT (SELECT count(*) FROM scrivania.archive_dossiers)::int AS dossiers,
              (SELECT count(*) FROM scrivania.archive_documents)::int AS documents,
              (SELECT count(*) FROM scrivania.archive_dossier_subjects)::int AS subjects,
              (SELECT count(*) FROM scrivania.archive_addresses)::int AS addresses,
              (SELECT count(*) FROM scrivania.archive_parcels)::int AS parcels,
              (SELECT count(*) FROM scrivania.archive_streets)::int AS streets,
              (SELECT round(avg(length(ocr_text)))::int FROM scrivania.archive_documents TABLESAMPLE SYSTEM (1)) AS ocr`,
    );
    const row = counts.rows[0]!;
    const meta: ArchiveBenchMeta = {
      version: ARCHIVE_BENCH_VERSION,
      dossiers: row.dossiers,
      documents: row.documents,
      subjects: row.subjects,
      addresses: row.addresses,
      parcels: row.parcels,
      streets: row.streets,
      ocrCharsAverage: row.ocr,
      loadSeconds: Object.fromEntries(steps.map((entry) => [entry.name, entry.seconds])),
    };
    await client.query(`CREATE SCHEMA IF NOT EXISTS bench_archive`);
    await client.query(`CREATE TABLE IF NOT EXISTS bench_archive.meta (key text PRIMARY KEY, value jsonb NOT NULL)`);
    await client.query(`INSERT INTO bench_archive.meta VALUES ('archive', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [
      meta,
    ]);
    return meta;
  } finally {
    await client.end();
  }
}
