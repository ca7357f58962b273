/**
 * Certificates at the desk: the rules that need no I/O.
 *
 * - Imposta di bollo (DPR 642/1972): due on a certificate unless an exemption of Tabella B or of a
 *   special law applies; diritti di segreteria differ with bollo and in exemption. Integer cents.
 * - Validity (art. 41 c.1 DPR 445/2000): unlimited for certificates attesting states, personal
 *   qualities and facts not subject to change (a birth); six months from the day of issue for the
 *   others unless a norm says otherwise (the CDU one year, art. 30 c.3 DPR 380/2001). A term in
 *   months ends on the same day number of the last month (art. 2963 c.c.), on its last day when that
 *   month is shorter.
 * - The wording of art. 40 c.02 DPR 445/2000, printed on every certificate.
 * - The contrassegno (CAD art. 23-ter c.5): a short random verification code, typed by people, with
 *   a check character.
 * - Templates: the body of a certificate type with `{{placeholder}}` fields from its data source.
 */

/** Art. 40 comma 02 DPR 445/2000 (as amended by L. 183/2011): mandatory on every certificate. */
export const ART_40_WORDING =
  'Il presente certificato non può essere prodotto agli organi della pubblica amministrazione o ai privati gestori di pubblici servizi.';

/** Where a certificate type draws its data. */
export const CERTIFICATE_SOURCES = ['residence', 'household', 'birth', 'cdu'] as const;
export type CertificateSource = (typeof CERTIFICATE_SOURCES)[number];

/** How the bollo is dealt with for one certificate. */
export const CERTIFICATE_USE_KINDS = ['bollo_paper', 'bollo_digital', 'exempt'] as const;
export type CertificateUseKind = (typeof CERTIFICATE_USE_KINDS)[number];

/** Imposta di bollo on certificates (DPR 642/1972, Tariffa parte I art. 4): €16.00. */
export const DEFAULT_BOLLO_CENTS = 1600;
/** Art. 41 c.1 DPR 445/2000: certificates of facts that may change. (Null months: unlimited validity.) */
export const DEFAULT_VALIDITY_MONTHS = 6;
/** The longest limited validity a type may have. */
export const MAX_VALIDITY_MONTHS = 120;
/** Art. 30 c.3 DPR 380/2001. */
export const CDU_VALIDITY_MONTHS = 12;
/** Diritti di segreteria on the CDU (L. 68/1993 art. 10 c.10, as updated): set by the ente within these. */
export const CDU_FEE_MIN_CENTS = 516;
export const CDU_FEE_MAX_CENTS = 5165;

// ---------------------------------------------------------------------------------------------
// Fees

export interface CertificateFeeRules {
  bolloApplies: boolean;
  bolloCents: number;
  feeWithBolloCents: number;
  feeExemptCents: number;
}

export interface CertificateCharges {
  /** The imposta di bollo the certificate bears (0 when exempt). */
  bolloCents: number;
  /** The part of the bollo paid at the desk: a digital bollo not yet paid through pagoPA. */
  bolloCollectedCents: number;
  /** Diritti di segreteria. */
  feeCents: number;
  /** What the citizen pays at the desk. */
  totalDueCents: number;
}

export type CertificateUseRef = { kind: 'bollo_paper' } | { kind: 'bollo_digital'; iubd?: string | null } | { kind: 'exempt' };

/**
 * What a certificate costs for the use chosen. Null when the use is not possible: a bollo use for a
 * type on which no bollo applies (a certificate exempt by law, e.g. stato civile).
 */
export function certificateCharges(rules: CertificateFeeRules, use: CertificateUseRef): CertificateCharges | null {
  if (use.kind === 'exempt') {
    return { bolloCents: 0, bolloCollectedCents: 0, feeCents: rules.feeExemptCents, totalDueCents: rules.feeExemptCents };
  }
  if (!rules.bolloApplies) return null;
  const alreadyPaid = use.kind === 'bollo_paper' || (use.iubd ?? '').trim().length > 0;
  const bolloCollectedCents = alreadyPaid ? 0 : rules.bolloCents;
  return {
    bolloCents: rules.bolloCents,
    bolloCollectedCents,
    feeCents: rules.feeWithBolloCents,
    totalDueCents: rules.feeWithBolloCents + bolloCollectedCents,
  };
}

/** The bounds a type's diritti must respect, by source (only the CDU's are set by law). */
export function feeBounds(source: CertificateSource): { min: number; max: number } {
  return source === 'cdu' ? { min: CDU_FEE_MIN_CENTS, max: CDU_FEE_MAX_CENTS } : { min: 0, max: 100_000 };
}

/** '16,00' for 1600: euro with the Italian decimal comma and thousands dot. */
export function formatEuroCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(cents));
  const euros = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${sign}${euros},${String(abs % 100).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Validity

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The last day on which a certificate issued on `issuedOn` ('YYYY-MM-DD') is valid: the same day
 * number `months` later, or that month's last day when it has fewer days (31 August + 6 = 28/29
 * February). Null months (facts not subject to change, art. 41 c.1): null, no last day.
 */
export function certificateValidUntil(issuedOn: string, months: number): string;
export function certificateValidUntil(issuedOn: string, months: number | null): string | null;
export function certificateValidUntil(issuedOn: string, months: number | null): string | null {
  const m = ISO_DAY.exec(issuedOn);
  if (!m) throw new RangeError(`certificateValidUntil: not a day ${issuedOn}`);
  if (months === null) return null;
  if (!Number.isInteger(months) || months < 1) throw new RangeError(`certificateValidUntil: invalid months ${months}`);
  const total = Number(m[1]) * 12 + (Number(m[2]) - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const day = Math.min(Number(m[3]), daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** True once `today` ('YYYY-MM-DD', Europe/Rome) is after the last valid day; never for unlimited validity (null). */
export function isCertificateExpired(validUntil: string | null, today: string): boolean {
  return validUntil !== null && today > validUntil;
}

// ---------------------------------------------------------------------------------------------
// Verification code (contrassegno)

/** Digits and capitals without 0/O and 1/I, which people confuse: 32 symbols, 5 bits each. */
export const VERIFICATION_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const RANDOM_SYMBOLS = 11;
const GROUP = 4;
/** 'XXXX-XXXX-XXXX': 11 random symbols (55 bits) and a check symbol. */
export const VERIFICATION_CODE_PATTERN = /^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/;

/**
 * Luhn mod N over the alphabet: catches every single wrong symbol and every swap of two adjacent
 * symbols except of the alphabet's first and last ('2' and 'Z'), as Luhn misses 09/90.
 */
export function verificationCheckSymbol(symbols: string): string {
  const n = VERIFICATION_ALPHABET.length;
  let sum = 0;
  let double = true;
  for (let i = symbols.length - 1; i >= 0; i--) {
    const value = VERIFICATION_ALPHABET.indexOf(symbols.charAt(i));
    if (value < 0) throw new RangeError(`verificationCheckSymbol: symbol outside the alphabet: ${symbols.charAt(i)}`);
    let addend = double ? value * 2 : value;
    addend = Math.floor(addend / n) + (addend % n);
    sum += addend;
    double = !double;
  }
  return VERIFICATION_ALPHABET.charAt((n - (sum % n)) % n);
}

function grouped(symbols: string): string {
  return [symbols.slice(0, GROUP), symbols.slice(GROUP, 2 * GROUP), symbols.slice(2 * GROUP)].join('-');
}

/**
 * A new random code. `randomBytes` defaults to the platform's cryptographic generator; 256 is a
 * multiple of 32, so `byte % 32` is uniform.
 */
export function generateVerificationCode(randomBytes: (count: number) => Uint8Array = defaultRandomBytes): string {
  const bytes = randomBytes(RANDOM_SYMBOLS);
  if (bytes.length < RANDOM_SYMBOLS) throw new RangeError('generateVerificationCode: not enough random bytes');
  let symbols = '';
  for (let i = 0; i < RANDOM_SYMBOLS; i++) symbols += VERIFICATION_ALPHABET.charAt((bytes[i] ?? 0) % VERIFICATION_ALPHABET.length);
  return grouped(symbols + verificationCheckSymbol(symbols));
}

function defaultRandomBytes(count: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(count));
}

export type VerificationCodeParse =
  { ok: true; code: string } | { ok: false; reason: 'verification_code_format' | 'verification_code_check' };

/**
 * Reads what a person types or a scanner returns: the code alone in any case, with or without
 * dashes and spaces, or a verification address containing it (`...?codice=XXXX-XXXX-XXXX`).
 * Returns the canonical 'XXXX-XXXX-XXXX' when the check symbol matches.
 */
export function parseVerificationCode(text: string): VerificationCodeParse {
  const fromUrl = /[?&]codice=([^&#\s]+)/i.exec(text);
  const raw = fromUrl ? decodeURIComponent(fromUrl[1] ?? '') : text;
  const symbols = raw.toUpperCase().replace(/[\s-]/g, '');
  if (symbols.length !== RANDOM_SYMBOLS + 1 || [...symbols].some((c) => !VERIFICATION_ALPHABET.includes(c))) {
    return { ok: false, reason: 'verification_code_format' };
  }
  if (verificationCheckSymbol(symbols.slice(0, RANDOM_SYMBOLS)) !== symbols.charAt(RANDOM_SYMBOLS)) {
    return { ok: false, reason: 'verification_code_check' };
  }
  return { ok: true, code: grouped(symbols) };
}

/** What the QR code of a certificate holds: the ente's verification address with the code. */
export function verificationAddress(baseUrl: string, code: string): string {
  const separator = baseUrl.includes('?') ? '&' : '?';
  return `${baseUrl}${separator}codice=${code}`;
}

// ---------------------------------------------------------------------------------------------
// Templates

/** Fields every source provides: the holder, the ente and the day of issue. */
export const COMMON_PLACEHOLDERS = [
  'comune',
  'cognome',
  'nome',
  'nominativo',
  'codice_fiscale',
  'data_nascita',
  'luogo_nascita',
  'nato_a',
  'iscritto_a',
  'data_rilascio',
] as const;

/** Fields each source adds (a source may also add a table printed after the body). */
export const SOURCE_PLACEHOLDERS: Record<CertificateSource, readonly string[]> = {
  residence: ['indirizzo', 'cap', 'comune_residenza', 'residente_dal'],
  household: ['indirizzo', 'cap', 'comune_residenza', 'numero_componenti'],
  birth: ['ora_nascita', 'atto', 'atto_anno', 'atto_numero', 'atto_parte', 'atto_serie', 'padre', 'madre'],
  cdu: ['elenco_particelle', 'data_richiesta'],
};

export function placeholdersOf(source: CertificateSource): readonly string[] {
  return [...COMMON_PLACEHOLDERS, ...SOURCE_PLACEHOLDERS[source]];
}

const PLACEHOLDER = /\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}/g;

export type TemplateCheck =
  { ok: true; placeholders: string[] } | { ok: false; reason: 'template_malformed' | 'unknown_placeholder'; placeholder?: string };

/**
 * Checks a template when it is saved: every `{{...}}` is a well-formed name the source provides,
 * and no stray braces are left. Unknown names are refused here, never discovered at the desk.
 */
export function checkTemplate(template: string, source: CertificateSource): TemplateCheck {
  const known = new Set(placeholdersOf(source));
  const found: string[] = [];
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    if (!known.has(name)) return { ok: false, reason: 'unknown_placeholder', placeholder: name };
    if (!found.includes(name)) found.push(name);
  }
  const rest = template.replace(PLACEHOLDER, '');
  if (rest.includes('{{') || rest.includes('}}')) return { ok: false, reason: 'template_malformed' };
  return { ok: true, placeholders: found };
}

/** Fills a checked template. A field the data lacks is a programming error, not a user's. */
export function renderTemplate(template: string, fields: Readonly<Record<string, string>>): string {
  return template.replace(PLACEHOLDER, (_whole, name: string) => {
    const value = fields[name];
    if (value === undefined) throw new RangeError(`renderTemplate: no value for {{${name}}}`);
    return value;
  });
}

/** A table a source adds under the body (household members, the CDU's parcels and zones). */
export interface CertificateTable {
  columns: string[];
  rows: string[][];
}

/** A titled part of a long body, printed after the table (the CDU's parcels, one each). */
export interface CertificateSection {
  heading: string;
  paragraphs: string[];
  tables: CertificateTable[];
}

/** What a data source gives the template: its fields and, optionally, a table and sections. */
export interface CertificateData {
  fields: Record<string, string>;
  table: CertificateTable | null;
  sections?: CertificateSection[];
}

/** Certificates register number as printed: 'N. 123/2026'. */
export function formatCertificateNumber(year: number, number: number): string {
  return `${number}/${year}`;
}
