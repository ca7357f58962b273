/**
 * The manifest of a batch of scans (docs/archive/manifest.md): a CSV file, one line per scanned
 * file, saying which practice it belongs to and what the practice is. Pure: it reads text and says,
 * line by line, what to import or why not. Nothing here touches files or the database.
 */
import type { ImportRejection, ManifestRefusal } from '../../shared/api/archive';
import {
  ARCHIVE_DOCUMENT_KINDS,
  ARCHIVE_MAX_YEAR,
  ARCHIVE_MIN_YEAR,
  PRACTICE_OUTCOMES,
  PRACTICE_TYPES,
  type ArchiveDocumentKind,
  type PracticeOutcome,
  type PracticeType,
  type SubjectRole,
} from '../../shared/domain/archive';
import { parseArchiveQuery, type ParcelRef } from '../../shared/domain/archiveQuery';
import { validateCodiceFiscale } from '../../shared/domain/codiceFiscale';
import { validatePartitaIva } from '../../shared/domain/partitaIva';

export const MAX_MANIFEST_BYTES = 20 * 1024 * 1024;
export const MAX_MANIFEST_ROWS = 100_000;

/** Columns of the manifest, in Italian as the scanning service writes them. */
export const MANIFEST_COLUMNS = {
  file: { required: true },
  serie: { required: true },
  anno: { required: true },
  numero: { required: true },
  tipo_pratica: { required: true },
  oggetto: { required: true },
  titolo_documento: { required: true },
  tipo_documento: { required: false },
  esito: { required: false },
  data_apertura: { required: false },
  data_decisione: { required: false },
  data_chiusura: { required: false },
  protocollo_storico: { required: false },
  richiedenti: { required: false },
  proprietari: { required: false },
  progettisti: { required: false },
  direttori_lavori: { required: false },
  imprese: { required: false },
  indirizzi: { required: false },
  catasto: { required: false },
  scatola: { required: false },
  riservato: { required: false },
  pagine: { required: false },
  sha256: { required: false },
  ocr: { required: false },
  note: { required: false },
} as const;
export type ManifestColumn = keyof typeof MANIFEST_COLUMNS;

const SUBJECT_COLUMNS: ReadonlyArray<readonly [ManifestColumn, SubjectRole]> = [
  ['richiedenti', 'applicant'],
  ['proprietari', 'owner'],
  ['progettisti', 'designer'],
  ['direttori_lavori', 'works_director'],
  ['imprese', 'contractor'],
];

/** Columns that describe the practice, not the file: equal (or empty) on every line of one practice. */
const DOSSIER_COLUMNS: readonly ManifestColumn[] = [
  'tipo_pratica',
  'oggetto',
  'esito',
  'data_apertura',
  'data_decisione',
  'data_chiusura',
  'protocollo_storico',
  'richiedenti',
  'proprietari',
  'progettisti',
  'direttori_lavori',
  'imprese',
  'indirizzi',
  'catasto',
  'scatola',
  'riservato',
];

/** Outcomes as written in the manifest (Italian) and what they are. */
const OUTCOME_WORDS: Readonly<Record<string, PracticeOutcome>> = {
  rilasciata: 'granted',
  rilasciato: 'granted',
  accolta: 'granted',
  approvata: 'adopted',
  approvato: 'adopted',
  adottata: 'adopted',
  negata: 'denied',
  negato: 'denied',
  respinta: 'denied',
  diniego: 'denied',
  archiviata: 'withdrawn',
  ritirata: 'withdrawn',
  rinuncia: 'withdrawn',
  decaduta: 'lapsed',
  decaduto: 'lapsed',
  annullata: 'annulled',
  annullato: 'annulled',
  'non indicato': 'unknown',
  '': 'unknown',
};

const DOCUMENT_KIND_WORDS: Readonly<Record<string, ArchiveDocumentKind>> = {
  domanda: 'application',
  istanza: 'application',
  elaborati: 'drawings',
  tavole: 'drawings',
  tavola: 'drawings',
  relazione: 'report',
  provvedimento: 'decision',
  atto: 'decision',
  certificato: 'certificate',
  corrispondenza: 'correspondence',
  lettera: 'correspondence',
  foto: 'photographs',
  fotografie: 'photographs',
  altro: 'other',
  '': 'other',
};

export interface ManifestSubject {
  role: SubjectRole;
  name: string;
  taxCode: string | null;
}

/** What one line of the manifest asks to import. */
export interface ManifestEntry {
  line: number;
  file: string;
  seriesCode: string;
  year: number;
  number: string;
  practiceType: PracticeType;
  subject: string;
  documentTitle: string;
  documentKind: ArchiveDocumentKind;
  outcome: PracticeOutcome;
  openedOn: string | null;
  decidedOn: string | null;
  closedOn: string | null;
  oldReferences: string[];
  subjects: ManifestSubject[];
  addresses: string[];
  parcels: Array<ParcelRef & { foglio: number; particella: string }>;
  boxLabel: string | null;
  reserved: boolean;
  declaredPages: number | null;
  declaredSha256: string | null;
  ocrFile: string | null;
  notes: string | null;
}

export interface ManifestRejection {
  line: number;
  file: string | null;
  reason: ImportRejection;
  detail: string;
}

export type ManifestLine = { ok: true; entry: ManifestEntry } | ({ ok: false } & ManifestRejection);

export type ManifestReading =
  | { ok: true; delimiter: string; columns: ManifestColumn[]; lines: ManifestLine[] }
  | { ok: false; refusal: ManifestRefusal; detail: string };

// ------------------------------------------------------------------------------------------------
// CSV (RFC 4180), as Excel and LibreOffice write it: ';' (Italian locale), ',' or tab.

/** The text of the file: UTF-8 (with or without BOM), else Windows-1252 as Excel saves "CSV". */
export function decodeManifest(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

function detectDelimiter(headerLine: string): string {
  const counts = [';', ',', '\t'].map((delimiter) => [delimiter, headerLine.split(delimiter).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 0 ? counts[0]![0] : ';';
}

/** Records of the CSV with the line each starts on (a quoted value may span lines). */
export function parseCsv(text: string, delimiter: string): Array<{ line: number; fields: string[] }> {
  const records: Array<{ line: number; fields: string[] }> = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let fieldStarted = false;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0]!.trim() === '')) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    fieldStarted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 1;
        } else {
          quoted = false;
        }
      } else {
        if (ch === '\n') line += 1;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (ch === delimiter) {
      fields.push(field);
      field = '';
      fieldStarted = false;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      endRecord();
      line += 1;
      recordLine = line;
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (field.length > 0 || fields.length > 0) endRecord();
  return records;
}

// ------------------------------------------------------------------------------------------------
// Values

function reject(line: number, file: string | null, reason: ImportRejection, detail: string): ManifestLine {
  return { ok: false, line, file, reason, detail };
}

/** '12/03/1978', '12.3.1978' or '1978-03-12' → ISO; null when not a real day. */
export function parseManifestDay(text: string): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const italian = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  const [year, month, day] = iso
    ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
    : italian
      ? [Number(italian[3]), Number(italian[2]), Number(italian[1])]
      : [NaN, NaN, NaN];
  if (!Number.isInteger(year) || year < ARCHIVE_MIN_YEAR || year > ARCHIVE_MAX_YEAR || month < 1 || month > 12 || day < 1) return null;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A practice number as stored: lower case, no spaces, no leading zeros ('0123' → '123', '12 bis' → '12bis'). */
export function normalisePracticeNumber(text: string): string | null {
  const compact = text
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/^0+(?=[0-9])/, '');
  return /^[0-9a-z][0-9a-z/-]{0,19}$/.test(compact) ? compact : null;
}

/** Values of a multi-valued column, separated by '|'. */
function many(value: string): string[] {
  return value
    .split('|')
    .map((part) => part.trim().replace(/\s+/g, ' '))
    .filter((part) => part.length > 0);
}

/** 'Rossi Mario [RSSMRA80A01H501U]' → name and a valid tax code (codice fiscale or partita IVA). */
function subjectOf(text: string, role: SubjectRole): ManifestSubject | { invalid: string } {
  const match = /^(.*?)\s*(?:\[([^\]]*)\])?$/.exec(text);
  const name = (match?.[1] ?? text).trim();
  const code = match?.[2]?.replace(/\s+/g, '').toUpperCase() ?? '';
  if (name.length < 2 || name.length > 200) return { invalid: text };
  if (!code) return { role, name, taxCode: null };
  const valid = /^\d{11}$/.test(code) ? validatePartitaIva(code).ok : validateCodiceFiscale(code).ok;
  return valid ? { role, name, taxCode: code } : { invalid: text };
}

const YES = new Set(['si', 'sì', 's', 'yes', 'y', 'x', '1', 'vero', 'true']);
const NO = new Set(['no', 'n', '0', 'falso', 'false', '']);

/** Reads one data line into an entry, or the first thing wrong with it. */
export function readManifestLine(line: number, values: Readonly<Record<ManifestColumn, string>>): ManifestLine {
  const value = (column: ManifestColumn) => (values[column] ?? '').trim();
  const file = value('file') || null;
  const missing = (Object.keys(MANIFEST_COLUMNS) as ManifestColumn[]).find(
    (column) => MANIFEST_COLUMNS[column].required && value(column) === '',
  );
  if (missing) return reject(line, file, 'missing_value', missing);
  const invalid = (column: ManifestColumn) => reject(line, file, 'invalid_value', `${column}: "${value(column)}"`);

  const fileName = value('file').replace(/\\/g, '/');
  if (fileName.startsWith('/') || /^[a-z]:/i.test(fileName) || fileName.split('/').some((part) => part === '..' || part === '')) {
    return reject(line, file, 'unsafe_path', value('file'));
  }
  const ocrFile = value('ocr').replace(/\\/g, '/') || null;
  if (ocrFile && (ocrFile.startsWith('/') || /^[a-z]:/i.test(ocrFile) || ocrFile.split('/').some((part) => part === '..' || part === ''))) {
    return reject(line, file, 'unsafe_path', value('ocr'));
  }

  const seriesCode = value('serie').toUpperCase();
  if (!/^[A-Z0-9_]{2,30}$/.test(seriesCode)) return invalid('serie');
  const year = Number(value('anno'));
  if (!/^\d{4}$/.test(value('anno')) || year < ARCHIVE_MIN_YEAR || year > ARCHIVE_MAX_YEAR) return invalid('anno');
  const number = normalisePracticeNumber(value('numero'));
  if (!number) return invalid('numero');
  const practiceType = value('tipo_pratica').toLowerCase().replace(/\s+/g, '_') as PracticeType;
  if (!PRACTICE_TYPES.includes(practiceType)) return invalid('tipo_pratica');
  const subject = value('oggetto').replace(/\s+/g, ' ');
  if (subject.length < 3 || subject.length > 2000) return invalid('oggetto');
  const documentTitle = value('titolo_documento').replace(/\s+/g, ' ');
  if (documentTitle.length > 300) return invalid('titolo_documento');
  const kindWord = value('tipo_documento').toLowerCase();
  const documentKind =
    DOCUMENT_KIND_WORDS[kindWord] ??
    (ARCHIVE_DOCUMENT_KINDS.includes(kindWord as ArchiveDocumentKind) ? (kindWord as ArchiveDocumentKind) : null);
  if (!documentKind) return invalid('tipo_documento');
  const outcomeWord = value('esito').toLowerCase();
  const outcome =
    OUTCOME_WORDS[outcomeWord] ?? (PRACTICE_OUTCOMES.includes(outcomeWord as PracticeOutcome) ? (outcomeWord as PracticeOutcome) : null);
  if (!outcome) return invalid('esito');

  const days: Partial<Record<'data_apertura' | 'data_decisione' | 'data_chiusura', string | null>> = {};
  for (const column of ['data_apertura', 'data_decisione', 'data_chiusura'] as const) {
    if (value(column) === '') days[column] = null;
    else {
      const day = parseManifestDay(value(column));
      if (!day) return invalid(column);
      days[column] = day;
    }
  }
  if (days.data_apertura && days.data_chiusura && days.data_chiusura < days.data_apertura) return invalid('data_chiusura');

  const oldReferences = many(value('protocollo_storico'));
  if (oldReferences.some((reference) => !/^[0-9]{1,7}[a-z]?\/[0-9]{2,4}$/i.test(reference))) return invalid('protocollo_storico');

  const subjects: ManifestSubject[] = [];
  for (const [column, role] of SUBJECT_COLUMNS) {
    for (const text of many(value(column))) {
      const parsed = subjectOf(text, role);
      if ('invalid' in parsed) return reject(line, file, 'invalid_value', `${column}: "${parsed.invalid}"`);
      subjects.push(parsed);
    }
  }

  const addresses = many(value('indirizzi'));
  for (const address of addresses) {
    const parsed = parseArchiveQuery(address).addresses;
    if (parsed.length !== 1 || address.length > 200) return reject(line, file, 'invalid_value', `indirizzi: "${address}"`);
  }

  const parcels: ManifestEntry['parcels'] = [];
  for (const text of many(value('catasto'))) {
    const found = parseArchiveQuery(text).parcels;
    if (found.length === 0 || found.some((parcel) => parcel.foglio === null || parcel.particella === null)) {
      return reject(line, file, 'invalid_value', `catasto: "${text}"`);
    }
    for (const parcel of found) parcels.push({ ...parcel, foglio: parcel.foglio!, particella: parcel.particella! });
  }

  const reservedWord = value('riservato').toLowerCase();
  if (!YES.has(reservedWord) && !NO.has(reservedWord)) return invalid('riservato');

  let declaredPages: number | null = null;
  if (value('pagine') !== '') {
    declaredPages = Number(value('pagine'));
    if (!/^\d{1,6}$/.test(value('pagine')) || declaredPages < 1) return invalid('pagine');
  }
  const declaredSha256 = value('sha256').toLowerCase() || null;
  if (declaredSha256 && !/^[0-9a-f]{64}$/.test(declaredSha256)) return invalid('sha256');
  const boxLabel = value('scatola') || null;
  if (boxLabel && !/^[A-Za-z0-9][A-Za-z0-9 ._/-]{0,39}$/.test(boxLabel)) return invalid('scatola');
  const notes = value('note') || null;
  if (notes && notes.length > 4000) return invalid('note');

  return {
    ok: true,
    entry: {
      line,
      file: fileName,
      seriesCode,
      year,
      number,
      practiceType,
      subject,
      documentTitle,
      documentKind,
      outcome,
      openedOn: days.data_apertura ?? null,
      decidedOn: days.data_decisione ?? null,
      closedOn: days.data_chiusura ?? null,
      oldReferences,
      subjects,
      addresses,
      parcels,
      boxLabel,
      reserved: YES.has(reservedWord),
      declaredPages,
      declaredSha256,
      ocrFile,
      notes,
    },
  };
}

/** The practice a line belongs to: series, year and number. */
export function dossierKey(entry: Pick<ManifestEntry, 'seriesCode' | 'year' | 'number'>): string {
  return `${entry.seriesCode}|${entry.year}|${entry.number}`;
}

/**
 * Reads a whole manifest. The header must name every required column and no unknown one (a typo
 * in a column name would otherwise lose that column silently): if not, nothing is imported. Each
 * data line is then read on its own; lines of one practice must agree on the practice's columns.
 */
export function readManifest(text: string): ManifestReading {
  const content = text.replace(/^\uFEFF/, '');
  const firstLine = content.split(/\r?\n/, 1)[0] ?? '';
  if (firstLine.trim() === '') return { ok: false, refusal: 'manifest_empty', detail: '' };
  const delimiter = detectDelimiter(firstLine);
  const records = parseCsv(content, delimiter);
  const header = records[0]!.fields.map((name) => name.trim().toLowerCase().replace(/\s+/g, '_'));
  const known = new Set(Object.keys(MANIFEST_COLUMNS));
  const unknown = header.filter((name) => !known.has(name));
  if (unknown.length > 0) return { ok: false, refusal: 'unknown_columns', detail: unknown.join(', ') };
  const duplicated = header.filter((name, index) => header.indexOf(name) !== index);
  if (duplicated.length > 0) return { ok: false, refusal: 'duplicate_columns', detail: [...new Set(duplicated)].join(', ') };
  const missing = (Object.keys(MANIFEST_COLUMNS) as ManifestColumn[]).filter(
    (column) => MANIFEST_COLUMNS[column].required && !header.includes(column),
  );
  if (missing.length > 0) return { ok: false, refusal: 'missing_columns', detail: missing.join(', ') };
  const data = records.slice(1);
  if (data.length === 0) return { ok: false, refusal: 'manifest_empty', detail: '' };
  if (data.length > MAX_MANIFEST_ROWS) return { ok: false, refusal: 'manifest_too_large', detail: String(data.length) };

  const columns = header as ManifestColumn[];
  const firstOfDossier = new Map<string, Record<ManifestColumn, string>>();
  const lines = data.map(({ line, fields }): ManifestLine => {
    const fileField = fields[columns.indexOf('file')]?.trim() || null;
    if (fields.length !== columns.length) {
      return reject(line, fileField, 'wrong_column_count', `${fields.length}/${columns.length}`);
    }
    const values = Object.fromEntries(columns.map((column, index) => [column, fields[index] ?? ''])) as Record<ManifestColumn, string>;
    const read = readManifestLine(line, values);
    if (!read.ok) return read;
    const key = dossierKey(read.entry);
    const first = firstOfDossier.get(key);
    if (!first) {
      firstOfDossier.set(key, values);
      return read;
    }
    const differing = DOSSIER_COLUMNS.find((column) => {
      const mine = (values[column] ?? '').trim();
      return mine !== '' && mine.replace(/\s+/g, ' ') !== (first[column] ?? '').trim().replace(/\s+/g, ' ');
    });
    return differing ? reject(line, fileField, 'dossier_conflict', `${differing}: "${values[differing]?.trim()}"`) : read;
  });
  return { ok: true, delimiter, columns, lines };
}
