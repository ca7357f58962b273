/**
 * Pure generators of demo data (no I/O): people, businesses and instances, deterministic for a
 * given seed. Rows use the column names of the `scrivania` tables so they can be inserted as they
 * are. The instance generator streams batches and is fast enough for benchmark volumes
 * (a million rows in a few seconds).
 */
import { applyOmocodia, buildCodiceFiscale, MAX_OMOCODIA_LEVEL } from '../../shared/domain/codiceFiscale';
import { partitaIvaCheckDigit } from '../../shared/domain/partitaIva';
import { addDays, daysBetween, dayOfWeek, isHoliday, parseIsoDate, type IsoDate } from '../../shared/domain/calendar';
import { computeDueDate } from '../../shared/domain/dueDate';
import type { InstanceStatus, IntakeChannel } from '../../shared/api/instances';
import { DEMO_CATALOGUE, type CatalogueEntry, type ClockRule } from './catalogue';
import {
  BIRTH_PLACES,
  BUSINESS_ACTIVITIES,
  FEMALE_FIRST_NAMES,
  LEGAL_FORMS,
  MALE_FIRST_NAMES,
  PIVA_OFFICE_CODES,
  PLACE_NAMES_FOR_BUSINESSES,
  STREETS,
  SURNAMES,
  type BirthPlace,
} from './names';
import { weightedPicker, type Rng } from './rng';
import { subjectBuilder, type SubjectBuilder } from './subjects';

// ------------------------------------------------------------------------------------------------
// Persons
// ------------------------------------------------------------------------------------------------

export interface EnteContext {
  enteId: number;
  /** The town, used as the residents' city. */
  city: string;
  /** Province abbreviation of the town. */
  province: string;
  postalCode: string;
  /** Belfiore code of the town: many residents were born there. */
  belfioreCode: string;
  /** Ages are computed at this date ('YYYY-MM-DD'): pass a fixed date for reproducible output. */
  referenceDate: IsoDate;
}

export interface PersonRow {
  ente_id: number;
  codice_fiscale: string;
  last_name: string;
  first_name: string;
  sex: 'M' | 'F';
  birth_date: IsoDate;
  birth_place: string;
  address: string | null;
  postal_code: string | null;
  city: string | null;
  email: string | null;
  pec: string | null;
  phone: string | null;
}

const EMAIL_DOMAINS: ReadonlyArray<readonly [string, number]> = [
  ['gmail.com', 40],
  ['libero.it', 15],
  ['hotmail.it', 8],
  ['yahoo.it', 6],
  ['alice.it', 5],
  ['virgilio.it', 4],
  ['outlook.it', 6],
  ['tiscali.it', 2],
];
const MOBILE_PREFIXES = [
  '320',
  '328',
  '329',
  '333',
  '334',
  '335',
  '338',
  '339',
  '340',
  '345',
  '347',
  '348',
  '349',
  '351',
  '366',
  '380',
  '389',
  '392',
  '393',
];
/** Non-residents that appear in the registry (owners of second homes, businesses' representatives). */
const OTHER_TOWNS: ReadonlyArray<readonly [string, string]> = [
  ['Perugia', '06124'],
  ['Roma', '00185'],
  ['Foligno', '06034'],
  ['Terni', '05100'],
  ['Firenze', '50123'],
  ['Assisi', '06081'],
];
/** Relative frequency of adult ages (bands of the Italian population pyramid). */
const AGE_BANDS: ReadonlyArray<readonly [readonly [number, number], number]> = [
  [[18, 29], 13],
  [[30, 39], 13],
  [[40, 49], 16],
  [[50, 59], 18],
  [[60, 69], 16],
  [[70, 79], 13],
  [[80, 97], 8],
];

/** Letters only, lower case, for e-mail addresses ("D'Angelo" -> "dangelo"). */
function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

function randomDateOfYear(r: Rng, year: number): IsoDate {
  const start = `${year}-01-01`;
  const length = daysBetween(start, `${year + 1}-01-01`);
  return addDays(start, r.int(0, length - 1));
}

/**
 * `count` natural persons with valid, unique codici fiscali. About 1% share name, sex, birth date
 * and place with someone else (omonimi): their codes are told apart by omocodia, as the Agenzia
 * delle Entrate does.
 */
export function generatePersons(count: number, rng: Rng, ente: EnteContext): PersonRow[] {
  const r = rng;
  const referenceYear = parseIsoDate(ente.referenceDate).year;
  const places: ReadonlyArray<readonly [BirthPlace, number]> = [
    [{ code: ente.belfioreCode, name: ente.city, province: ente.province, weight: 0 }, 45],
    ...BIRTH_PLACES.map((p) => [p, p.weight] as const),
  ];
  const pickPlace = weightedPicker(places);
  const pickAge = weightedPicker(AGE_BANDS);
  const pickEmailDomain = weightedPicker(EMAIL_DOMAINS);
  const hospital = BIRTH_PLACES.find((p) => p.code === 'G478') ?? BIRTH_PLACES[0];
  const used = new Set<string>();
  const rows: PersonRow[] = [];
  const rowPlaces: BirthPlace[] = [];

  for (let i = 0; i < count; i++) {
    let sex: 'M' | 'F';
    let firstName: string;
    let lastName: string;
    let birthDate: IsoDate;
    let place: BirthPlace;
    const previousIndex = rows.length > 0 && r.chance(0.01) ? r.int(0, rows.length - 1) : -1;
    const previous = rows[previousIndex];
    const previousPlace = rowPlaces[previousIndex];
    if (previous && previousPlace) {
      // An omonimo: same data as someone already registered, so the same base code.
      sex = previous.sex;
      firstName = previous.first_name;
      lastName = previous.last_name;
      birthDate = previous.birth_date;
      place = previousPlace;
    } else {
      sex = r.chance(0.51) ? 'F' : 'M';
      firstName = r.pick(sex === 'F' ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES);
      if (r.chance(0.06)) {
        const second = r.pick(sex === 'F' ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES);
        if (second !== firstName) firstName = `${firstName} ${second}`;
      }
      lastName = r.pick(SURNAMES);
      const [minAge, maxAge] = pickAge(r);
      const birthYear = referenceYear - r.int(minAge, maxAge);
      birthDate = randomDateOfYear(r, birthYear);
      if (birthDate > addDays(ente.referenceDate, -18 * 366)) birthDate = addDays(ente.referenceDate, -18 * 366);
      place = pickPlace(r);
      // Since the 1970s children are born in hospital, so rarely in a small comune.
      if (place.code === ente.belfioreCode && birthYear >= 1975 && r.chance(0.8) && hospital) place = hospital;
    }

    const base = buildCodiceFiscale({ lastName, firstName, birthDate, sex, birthPlaceCode: place.code });
    let codiceFiscale = base;
    for (let level = 1; used.has(codiceFiscale) && level <= MAX_OMOCODIA_LEVEL; level++) {
      codiceFiscale = applyOmocodia(base, level);
    }
    if (used.has(codiceFiscale)) continue; // eight identical people: give up on this one
    used.add(codiceFiscale);

    const resident = r.chance(0.92);
    const [otherTown, otherPostalCode] = r.pick(OTHER_TOWNS);
    const nameSlug = `${slug(firstName.split(' ')[0] ?? firstName)}.${slug(lastName)}`;
    rowPlaces.push(place);
    rows.push({
      ente_id: ente.enteId,
      codice_fiscale: codiceFiscale,
      last_name: lastName,
      first_name: firstName,
      sex,
      birth_date: birthDate,
      birth_place: place.province === 'EE' ? place.name : `${place.name} (${place.province})`,
      address: `${r.pick(STREETS)} ${r.int(1, 120)}`,
      postal_code: resident ? ente.postalCode : otherPostalCode,
      city: resident ? ente.city : otherTown,
      email: r.chance(0.6) ? `${nameSlug}${r.chance(0.4) ? r.int(1, 99) : ''}@${pickEmailDomain(r)}` : null,
      pec: r.chance(0.05) ? `${nameSlug}@pec.it` : null,
      phone: r.chance(0.7) ? `+39 ${r.pick(MOBILE_PREFIXES)} ${String(r.int(0, 9999999)).padStart(7, '0')}` : null,
    });
  }
  return rows;
}

// ------------------------------------------------------------------------------------------------
// Businesses
// ------------------------------------------------------------------------------------------------

export interface BusinessRow {
  ente_id: number;
  partita_iva: string;
  codice_fiscale: string;
  name: string;
  legal_form: string;
  address: string | null;
  postal_code: string | null;
  city: string | null;
  pec: string | null;
  email: string | null;
  legal_representative_id: number | null;
}

function newPartitaIva(r: Rng, used: Set<string>, pickOffice: (r: Rng) => string): string {
  for (;;) {
    const first10 = String(r.int(1, 9999999)).padStart(7, '0') + pickOffice(r);
    const piva = first10 + partitaIvaCheckDigit(first10);
    if (!used.has(piva)) {
      used.add(piva);
      return piva;
    }
  }
}

/**
 * `count` businesses with valid, unique partite IVA. Companies' codice fiscale is their partita
 * IVA; a ditta individuale's is its owner's personal codice fiscale. `legalRepresentativeIds`,
 * when given, are person ids to draw the legal representatives from.
 */
export function generateBusinesses(
  count: number,
  rng: Rng,
  ente?: Omit<EnteContext, 'belfioreCode'> & { belfioreCode?: string },
  legalRepresentativeIds?: readonly number[],
): BusinessRow[] {
  const r = rng;
  const pickForm = weightedPicker(LEGAL_FORMS);
  const pickOffice = weightedPicker(PIVA_OFFICE_CODES);
  const pickPlace = weightedPicker(BIRTH_PLACES.map((p) => [p, p.weight] as const));
  const referenceYear = ente ? parseIsoDate(ente.referenceDate).year : 2026;
  const usedPiva = new Set<string>();
  const usedNames = new Set<string>();
  const rows: BusinessRow[] = [];

  while (rows.length < count) {
    const form = pickForm(r);
    const [, stems] = r.pick(BUSINESS_ACTIVITIES);
    const stem = r.pick(stems);
    const surname = r.pick(SURNAMES);
    const sex = r.chance(0.4) ? 'F' : 'M';
    const firstName = r.pick(sex === 'F' ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES);
    let name: string;
    switch (form) {
      case 'Ditta individuale':
        name = `${stem} ${surname} ${firstName}`;
        break;
      case 'S.n.c.':
      case 'S.a.s.':
        name = r.chance(0.5) ? `${stem} ${surname} ${firstName} & C. ${form}` : `${stem} di ${surname} ${firstName} & C. ${form}`;
        break;
      case 'Associazione':
        name = r.pick([
          `Associazione Pro Loco ${ente?.city ?? 'Montesereno'}`,
          `A.S.D. ${ente?.city ?? 'Montesereno'} Calcio`,
          `Associazione culturale ${r.pick(PLACE_NAMES_FOR_BUSINESSES)}`,
          `Associazione di volontariato ${r.pick(['Il Ponte', 'La Sorgente', 'Insieme', 'Croce Verde'])}`,
          `Circolo ricreativo ${r.pick(PLACE_NAMES_FOR_BUSINESSES)}`,
        ]);
        break;
      case 'Soc. coop.':
        name = `${r.pick(['Cooperativa sociale', 'Cooperativa agricola', 'Cooperativa'])} ${r.pick(PLACE_NAMES_FOR_BUSINESSES)} ${form}`;
        break;
      default:
        name = `${stem} ${r.chance(0.5) ? surname : r.pick(PLACE_NAMES_FOR_BUSINESSES)} ${form}`;
    }
    if (usedNames.has(name)) continue;
    usedNames.add(name);

    const partitaIva = newPartitaIva(r, usedPiva, pickOffice);
    let codiceFiscale = partitaIva;
    if (form === 'Ditta individuale') {
      const birthDate = randomDateOfYear(r, referenceYear - r.int(22, 70));
      codiceFiscale = buildCodiceFiscale({ lastName: surname, firstName, birthDate, sex, birthPlaceCode: pickPlace(r).code });
    }
    const mailName = slug(name.replace(/\b(S\.r\.l\.s?|S\.n\.c\.|S\.a\.s\.|S\.p\.A\.|Soc\. coop\.|di|& C\.)/g, '')).slice(0, 28);
    const local = ente ? r.chance(0.85) : false;
    rows.push({
      ente_id: ente?.enteId ?? 0,
      partita_iva: partitaIva,
      codice_fiscale: codiceFiscale,
      name,
      legal_form: form,
      address: `${r.pick(STREETS)} ${r.int(1, 120)}`,
      postal_code: local && ente ? ente.postalCode : '06124',
      city: local && ente ? ente.city : 'Perugia',
      pec: `${mailName}@${r.pick(['pec.it', 'legalmail.it', 'pec.confartigianato.it', 'arubapec.it'])}`,
      email: r.chance(0.7) ? `info@${mailName}.it` : null,
      legal_representative_id: legalRepresentativeIds && legalRepresentativeIds.length > 0 ? r.pick(legalRepresentativeIds) : null,
    });
  }
  return rows;
}

// ------------------------------------------------------------------------------------------------
// Instances
// ------------------------------------------------------------------------------------------------

/** A procedure type as stored, with its database ids. Demo figures default to the catalogue's. */
export interface ProcedureTypeRef {
  id: number;
  code: string;
  name?: string;
  officeId: number;
  legalTermDays: number;
  clockRule: ClockRule;
  category?: string;
  suspensionAllowed?: boolean;
  onlineAvailable?: boolean;
  /** Relative volume; defaults to the catalogue entry's, else 1. */
  weight?: number;
  /** Share of business applicants; defaults to the catalogue entry's, else 0.2. */
  businessShare?: number;
  deskShare?: number;
}

/** An applicant: its id, and optionally the name and tax code to copy onto the instance. */
export interface ApplicantRef {
  id: number;
  name?: string;
  taxCode?: string;
}

export interface InstanceContext {
  enteId: number;
  /** The AOO's protocol register: numbers restart at 1 every calendar year. */
  protocolRegisterId: number;
  procedureTypes: readonly ProcedureTypeRef[];
  persons: ReadonlyArray<number | ApplicantRef>;
  businesses: ReadonlyArray<number | ApplicantRef>;
  /** Staff ids that can be assigned work, per office id. */
  staffByOffice: ReadonlyMap<number, readonly number[]> | Readonly<Record<number, readonly number[]>>;
  /** First and last day of receipt, 'YYYY-MM-DD', both included. */
  from: IsoDate;
  to: IsoDate;
  /** The day statuses are computed at (older instances are mostly closed). Defaults to `to`. */
  today?: IsoDate;
  /** No received_at or closed_at after this instant (e.g. now, when `to` is today). */
  notAfter?: Date | string;
  /** The ente's patron saint day, 'MM-DD' (a holiday for due dates and office days). */
  patronDay?: string;
  /** Target intake mix; defaults to online 60%, PEC 25%, desk 15%. */
  channelMix?: { online: number; pec: number; desk: number };
}

export interface InstanceRow {
  ente_id: number;
  office_id: number;
  procedure_type_id: number;
  applicant_person_id: number | null;
  applicant_business_id: number | null;
  /** Present only when the context gives names; the insert trigger fills them otherwise. */
  applicant_name?: string;
  applicant_tax_code?: string;
  procedure_code: string;
  procedure_name?: string;
  subject: string;
  channel: IntakeChannel;
  status: InstanceStatus;
  protocol_register_id: number;
  protocol_year: number;
  protocol_number: number;
  /** ISO timestamp in UTC ('...Z'). */
  received_at: string;
  due_date: IsoDate;
  assignee_id: number | null;
  closed_at: string | null;
  /** When the decision was taken: for the demo, decided cases are also closed the same moment. */
  decided_at: string | null;
  clock_state: 'running' | 'suspended' | 'stopped';
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const OPEN_START_MS = 8 * HOUR_MS;
const OPEN_END_MS = 18 * HOUR_MS;
const WEEKDAY_FACTOR = [0, 1.25, 1.05, 1, 1.05, 0.85, 0];
/** Fewer applications in August and over Christmas. */
const MONTH_FACTOR = [0.9, 1, 1.05, 1, 1.05, 1, 0.95, 0.55, 1, 1.05, 1, 0.8];

/** Monthly factors per category: school enrolments in spring-summer, events in the warm season. */
const SEASONALITY: Readonly<Record<string, readonly number[]>> = {
  scuola: [0.6, 0.8, 1.2, 1.6, 2, 2, 1.6, 1, 2, 1, 0.6, 0.4],
  attivita_produttive: [0.7, 0.8, 1, 1.2, 1.3, 1.3, 1.2, 0.8, 1, 1, 0.9, 1],
  ambiente: [0.5, 0.6, 0.8, 1.2, 1.5, 1.8, 1.8, 1.2, 1.2, 0.8, 0.5, 0.8],
  suolo_pubblico: [0.6, 0.7, 1, 1.3, 1.5, 1.5, 1.3, 0.9, 1.1, 1, 0.7, 0.9],
  tributi: [0.8, 0.8, 0.9, 1, 1, 1.4, 1.1, 0.6, 0.9, 1, 1, 1.5],
};

interface DayInfo {
  date: IsoDate;
  year: number;
  month: number;
  /** UTC epoch milliseconds of local midnight in Europe/Rome. */
  localMidnightUtcMs: number;
  working: boolean;
}

/** Last Sunday of a month, as a day of the month. */
function lastSunday(year: number, month: number): number {
  const last = new Date(Date.UTC(year, month, 0));
  return last.getUTCDate() - last.getUTCDay();
}

/** UTC offset of Europe/Rome during office hours of a day: CEST from the last Sunday of March to the last Sunday of October. */
function romeOffsetHours(year: number, month: number, day: number): number {
  if (month < 3 || month > 10) return 1;
  if (month > 3 && month < 10) return 2;
  if (month === 3) return day >= lastSunday(year, 3) ? 2 : 1;
  return day < lastSunday(year, 10) ? 2 : 1;
}

function buildDays(from: IsoDate, to: IsoDate, patronDay: string | undefined): DayInfo[] {
  const n = daysBetween(from, to) + 1;
  if (n <= 0) throw new RangeError(`generateInstances: empty date range ${from}..${to}`);
  const opts = patronDay === undefined ? {} : { patronDay };
  const holidays = new Map<number, Set<string>>();
  const days: DayInfo[] = [];
  let date = from;
  for (let i = 0; i < n; i++) {
    const { year, month, day } = parseIsoDate(date);
    let yearHolidays = holidays.get(year);
    if (!yearHolidays) {
      yearHolidays = new Set<string>();
      for (let d = `${year}-01-01`; d.startsWith(String(year)); d = addDays(d, 1)) {
        if (isHoliday(d, opts)) yearHolidays.add(d);
      }
      holidays.set(year, yearHolidays);
    }
    const dow = dayOfWeek(date);
    days.push({
      date,
      year,
      month,
      localMidnightUtcMs: Date.UTC(year, month - 1, day) - romeOffsetHours(year, month, day) * HOUR_MS,
      working: dow >= 1 && dow <= 5 && !yearHolidays.has(date),
    });
    date = addDays(date, 1);
  }
  return days;
}

function applicantRef(a: number | ApplicantRef): ApplicantRef {
  return typeof a === 'number' ? { id: a } : a;
}

interface PreparedProcedure {
  ref: ProcedureTypeRef;
  clockRule: ClockRule;
  term: number;
  suspension: boolean;
  businessShare: number;
  /** Cumulative thresholds for channels: online below pOnline, pec below pOnline + pPec, else desk. */
  pOnline: number;
  pPec: number;
  subject: SubjectBuilder;
  staff: readonly number[];
}

function staffOf(staffByOffice: InstanceContext['staffByOffice'], officeId: number): readonly number[] {
  if (staffByOffice instanceof Map) return staffByOffice.get(officeId) ?? [];
  return (staffByOffice as Readonly<Record<number, readonly number[]>>)[officeId] ?? [];
}

function prepareProcedures(context: InstanceContext): {
  procedures: PreparedProcedure[];
  monthPickers: Array<(r: Rng) => PreparedProcedure>;
} {
  if (context.procedureTypes.length === 0) throw new RangeError('generateInstances: no procedure types');
  const byCode = new Map<string, CatalogueEntry>(DEMO_CATALOGUE.map((e) => [e.code, e]));
  const mix = context.channelMix ?? { online: 0.6, pec: 0.25, desk: 0.15 };
  const mixTotal = mix.online + mix.pec + mix.desk;

  const base = context.procedureTypes.map((ref) => {
    const entry = byCode.get(ref.code);
    return {
      ref,
      weight: ref.weight ?? entry?.demo.weight ?? 1,
      online: ref.onlineAvailable ?? entry?.onlineAvailable ?? true,
      deskShare: ref.deskShare ?? entry?.demo.deskShare,
      businessShare: ref.businessShare ?? entry?.demo.businessShare ?? 0.2,
      category: ref.category ?? entry?.category ?? 'altro',
      suspension: ref.suspensionAllowed ?? entry?.suspensionAllowed ?? true,
      name: ref.name ?? entry?.name ?? ref.code,
    };
  });

  // Calibrate the channels so that the overall mix matches the target: procedures that cannot be
  // started online come by PEC or at the desk; the others make up the online share.
  const totalWeight = base.reduce((s, p) => s + p.weight, 0);
  const onlineWeight = base.filter((p) => p.online).reduce((s, p) => s + p.weight, 0);
  const offlineDesk = base.filter((p) => !p.online).reduce((s, p) => s + p.weight * (p.deskShare ?? 0.4), 0);
  const onlineShare = onlineWeight / totalWeight;
  const pOnlineCapable = onlineShare > 0 ? Math.min(0.95, mix.online / mixTotal / onlineShare) : 0;
  const deskNeeded = Math.max(0, mix.desk / mixTotal - offlineDesk / totalWeight);
  const restCapable = onlineWeight * (1 - pOnlineCapable);
  const deskAmongRest = restCapable > 0 ? Math.min(1, (deskNeeded * totalWeight) / restCapable) : 0;

  const procedures: PreparedProcedure[] = base.map((p) => {
    const pOnline = p.online ? pOnlineCapable : 0;
    const deskShare = p.online ? (p.deskShare ?? deskAmongRest) : (p.deskShare ?? 0.4);
    return {
      ref: p.ref,
      clockRule: p.ref.clockRule,
      term: p.ref.legalTermDays,
      suspension: p.suspension,
      businessShare: p.businessShare,
      pOnline,
      pPec: (1 - pOnline) * (1 - deskShare),
      subject: subjectBuilder(p.ref.code, p.name),
      staff: staffOf(context.staffByOffice, p.ref.officeId),
    };
  });
  const monthPickers = Array.from({ length: 12 }, (_, month) =>
    weightedPicker(
      procedures.map((proc, i) => [proc, (base[i]?.weight ?? 1) * (SEASONALITY[base[i]?.category ?? '']?.[month] ?? 1)] as const),
    ),
  );
  return { procedures, monthPickers };
}

/**
 * Allocates `count` instances over the working days: weekday, month, a slow growth trend and
 * day-to-day noise. Cumulative rounding makes the counts add up to exactly `count`.
 */
function allocatePerDay(count: number, days: readonly DayInfo[], r: Rng): Int32Array {
  const weights = new Float64Array(days.length);
  let total = 0;
  days.forEach((d, i) => {
    if (!d.working) return;
    const progress = days.length > 1 ? i / (days.length - 1) : 1;
    const w =
      (WEEKDAY_FACTOR[new Date(d.localMidnightUtcMs + 12 * HOUR_MS).getUTCDay()] ?? 1) *
      (MONTH_FACTOR[d.month - 1] ?? 1) *
      (0.9 + 0.2 * progress) *
      (0.75 + 0.5 * r.next());
    weights[i] = w;
    total += w;
  });
  const counts = new Int32Array(days.length);
  if (count === 0) return counts;
  if (total <= 0) throw new RangeError('generateInstances: no working day in the date range');
  let cumulative = 0;
  let assigned = 0;
  for (let i = 0; i < days.length; i++) {
    cumulative += weights[i] ?? 0;
    const upTo = i === days.length - 1 ? count : Math.round((cumulative / total) * count);
    counts[i] = upTo - assigned;
    assigned = upTo;
  }
  return counts;
}

function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Streams `count` instances in received order, in batches of `batchSize` rows.
 *
 * - Received on working days (Monday-Friday, not holidays nor the patron day), 8:00-18:00 in
 *   Europe/Rome, as UTC ISO timestamps, strictly increasing; not after `notAfter`. The cases of
 *   each day, and so the whole demo, are the same at any hour of the day it is generated on: only
 *   today's arrivals are placed within the hours gone by (none before the office opens).
 * - Protocol numbers per calendar year, from 1, without gaps, in received order (DPR 445/2000 art. 57).
 * - due_date = computeDueDate(day of receipt, legal term, patron day).
 * - Status by age: each instance has its outcome (accepted, rejected, withdrawn) on a working day
 *   within or a little past its term; closed, with closed_at, when that day is yesterday or
 *   before, otherwise received, in progress or suspended; a few stay open past their term. About
 *   10% of the open ones are unassigned (and then still 'received'); assignees come from the
 *   procedure's office.
 */
export function* generateInstanceBatches(
  count: number,
  rng: Rng,
  context: InstanceContext,
  batchSize = 1000,
): Generator<InstanceRow[], void, undefined> {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`generateInstances: invalid count ${count}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`generateInstances: invalid batch size ${batchSize}`);
  const r = rng;
  const persons = context.persons.map(applicantRef);
  const businesses = context.businesses.map(applicantRef);
  if (count > 0 && persons.length === 0 && businesses.length === 0) throw new RangeError('generateInstances: no applicants');

  const days = buildDays(context.from, context.to, context.patronDay);
  const today = context.today ?? context.to;
  const notAfterMs = context.notAfter === undefined ? Number.POSITIVE_INFINITY : new Date(context.notAfter).getTime();
  const windows = new Float64Array(days.length);
  days.forEach((d, i) => {
    const end = Math.min(OPEN_END_MS, notAfterMs - d.localMidnightUtcMs);
    windows[i] = Math.max(0, end - OPEN_START_MS);
  });
  // Shared out over whole office days, so that the cases of the days before today do not depend on
  // the hour the demo is generated at; today's are then placed in the part of the day gone by.
  const counts = allocatePerDay(count, days, r);
  const { monthPickers } = prepareProcedures(context);
  const todayIndex = daysBetween(context.from, today);
  const lastClosableIndex = Math.min(todayIndex - 1, days.length - 1);
  const isWorkingDay = (index: number) => index >= days.length || (days[index] as DayInfo).working;
  const dueDateCache = new Map<number, IsoDate>();
  const patronDay = context.patronDay;

  let batch: InstanceRow[] = [];
  let protocolYear = 0;
  let protocolNumber = 0;
  const times = new Float64Array(Math.max(1, ...counts));

  for (let dayIndex = 0; dayIndex < days.length; dayIndex++) {
    const n = counts[dayIndex] ?? 0;
    // Before the office opens nothing has arrived today: today's share is left out.
    if (n === 0 || (windows[dayIndex] ?? 0) <= 0) continue;
    const day = days[dayIndex] as DayInfo;
    if (day.year !== protocolYear) {
      protocolYear = day.year;
      protocolNumber = 0;
    }
    const window = windows[dayIndex] ?? 0;
    // Office hours, busier in the morning; strictly increasing milliseconds.
    const dayTimes = times.subarray(0, n);
    for (let k = 0; k < n; k++) {
      const u = r.next();
      dayTimes[k] = Math.floor(OPEN_START_MS + window * (u < 0.62 ? (u / 0.62) * 0.5 : 0.5 + ((u - 0.62) / 0.38) * 0.5));
    }
    dayTimes.sort();
    for (let k = 1; k < n; k++) {
      if ((dayTimes[k] as number) <= (dayTimes[k - 1] as number)) dayTimes[k] = (dayTimes[k - 1] as number) + 1;
    }
    const age = todayIndex - dayIndex;
    const progress = days.length > 1 ? dayIndex / (days.length - 1) : 1;
    const onlineTrend = 0.88 + 0.24 * progress; // online share grows over the period
    const pickProcedure = monthPickers[day.month - 1] as (r: Rng) => PreparedProcedure;

    for (let k = 0; k < n; k++) {
      const proc = pickProcedure(r);
      const receivedMs = day.localMidnightUtcMs + (dayTimes[k] as number);

      // Applicant
      const useBusiness = businesses.length > 0 && (persons.length === 0 || r.chance(proc.businessShare));
      const applicant = useBusiness ? r.pick(businesses) : r.pick(persons);

      // Channel
      const pOnline = Math.min(0.97, proc.pOnline * onlineTrend);
      const pPec = proc.pOnline > 0 ? proc.pPec * ((1 - pOnline) / (1 - proc.pOnline)) : proc.pPec;
      const c = r.next();
      const channel: IntakeChannel = c < pOnline ? 'online' : c < pOnline + pPec ? 'pec' : 'desk';

      // Due date
      const cacheKey = dayIndex * 1024 + proc.term;
      let dueDate = dueDateCache.get(cacheKey);
      if (dueDate === undefined) {
        dueDate = computeDueDate({ receivedOn: day.date, termDays: proc.term, ...(patronDay === undefined ? {} : { patronDay }) });
        dueDateCache.set(cacheKey, dueDate);
      }

      // Status by age: each case has its outcome and the day of it; it is closed when that day is
      // yesterday or before, and still open otherwise. A few are stuck past their term (backlog).
      const f = age / proc.term;
      const stuckShare = age > 365 ? 0.005 : proc.clockRule === 'scia' ? 0.02 : 0.04;
      let status: InstanceStatus;
      let closedAt: string | null = null;
      let assigneeId: number | null = proc.staff.length > 0 ? r.pick(proc.staff) : null;
      const closure = r.chance(stuckShare) ? null : planClosure(proc.clockRule, proc.term, dayIndex, r, isWorkingDay);
      if (closure !== null && closure.dayIndex <= lastClosableIndex) {
        status = closure.status;
        const closedIndex = closure.dayIndex;
        const closedDay = days[closedIndex] as DayInfo;
        const closedMs =
          closedIndex === dayIndex
            ? receivedMs + 900_000 + Math.floor(r.next() * 3 * HOUR_MS)
            : closedDay.localMidnightUtcMs + OPEN_START_MS + 1_800_000 + Math.floor(r.next() * 9.5 * HOUR_MS);
        closedAt = isoAt(Math.min(closedMs, notAfterMs, Math.max(receivedMs, closedDay.localMidnightUtcMs + DAY_MS - 1)));
      } else if (r.chance(0.1)) {
        status = 'received';
        assigneeId = null;
      } else {
        const o = r.next();
        if (f < 0.2) status = o < 0.55 ? 'received' : o < 0.95 ? 'in_progress' : 'suspended';
        else status = o < 0.1 ? 'received' : o < 0.75 ? 'in_progress' : 'suspended';
        if (status === 'suspended' && !proc.suspension) status = 'in_progress';
      }

      protocolNumber++;
      const row: InstanceRow = {
        ente_id: context.enteId,
        office_id: proc.ref.officeId,
        procedure_type_id: proc.ref.id,
        applicant_person_id: useBusiness ? null : applicant.id,
        applicant_business_id: useBusiness ? applicant.id : null,
        procedure_code: proc.ref.code,
        subject: proc.subject(r, day.date, day.year),
        channel,
        status,
        protocol_register_id: context.protocolRegisterId,
        protocol_year: protocolYear,
        protocol_number: protocolNumber,
        received_at: isoAt(receivedMs),
        due_date: dueDate,
        assignee_id: assigneeId,
        closed_at: closedAt,
        decided_at: status === 'accepted' || status === 'rejected' ? closedAt : null,
        clock_state: closedAt !== null ? 'stopped' : status === 'suspended' ? 'suspended' : 'running',
      };
      if (proc.ref.name !== undefined) row.procedure_name = proc.ref.name;
      if (applicant.name !== undefined) row.applicant_name = applicant.name;
      if (applicant.taxCode !== undefined) row.applicant_tax_code = applicant.taxCode;
      batch.push(row);
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
}

/** Re-draws of a decision day that fell on a closed day before giving up and taking the next open one. */
const DECISION_DAY_DRAWS = 8;

/**
 * How a case that gets closed ends, and on which working day: a SCIA is mostly accepted by its term
 * running out (L. 241/1990 art. 19), on the first working day after it; other procedures are
 * decided on a working day within their term or a little after it, withdrawals come early. Days
 * past the generated period count as working: such a case is not closed yet anyway.
 */
function planClosure(
  clockRule: ClockRule,
  term: number,
  receivedIndex: number,
  r: Rng,
  isWorkingDay: (dayIndex: number) => boolean,
): { status: 'accepted' | 'rejected' | 'withdrawn'; dayIndex: number } {
  const o = r.next();
  let status: 'accepted' | 'rejected' | 'withdrawn';
  let duration: () => number; // in days, as a fraction of the term
  if (clockRule === 'scia') {
    status = o < 0.9 ? 'accepted' : o < 0.94 ? 'rejected' : 'withdrawn';
    duration = status === 'accepted' ? () => 1 + r.next() * 0.1 : status === 'rejected' ? () => 0.5 + r.next() * 0.5 : () => r.next() * 0.8;
  } else {
    const acceptedShare = clockRule === 'silenzio_assenso' ? 0.86 : 0.82;
    status = o < acceptedShare ? 'accepted' : o < acceptedShare + 0.1 ? 'rejected' : 'withdrawn';
    duration =
      status === 'withdrawn' ? () => 0.05 + r.next() * 0.75 : r.chance(0.1) ? () => 1 + r.next() * 0.6 : () => 0.2 + r.next() * 0.8;
  }
  const termRunsOut = clockRule === 'scia' && status === 'accepted';
  let dayIndex = receivedIndex + Math.round(duration() * term);
  // Drawn again rather than moved: moving every weekend's decisions to Friday or Monday would
  // triple those days.
  for (let draw = 1; !termRunsOut && draw < DECISION_DAY_DRAWS && !isWorkingDay(dayIndex); draw++) {
    dayIndex = receivedIndex + Math.round(duration() * term);
  }
  while (!isWorkingDay(dayIndex)) dayIndex++;
  return { status, dayIndex };
}

/** All `count` instances as one array (see generateInstanceBatches). */
export function generateInstances(count: number, rng: Rng, context: InstanceContext): InstanceRow[] {
  const rows: InstanceRow[] = [];
  for (const batch of generateInstanceBatches(count, rng, context, 10_000)) {
    for (const row of batch) rows.push(row);
  }
  return rows;
}
