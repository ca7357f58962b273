/**
 * The demo Comune's registry (anagrafe): its residents grouped into famiglie anagrafiche (couples,
 * with their children still at home, an elderly parent living with a family, siblings, people who
 * live alone), each at an address of the toponymy; former residents who emigrated; and the birth
 * acts of those born in the Comune. Children under age join the people registry here, with the
 * father's surname. Planned without I/O from a seeded generator, then inserted in bulk.
 */
import type { Knex } from 'knex';
import type { Logger } from '../logger';
import { HOUSEHOLD_HEAD, type HouseholdRelationship, type ResidenceEndReason } from '../../shared/domain/anagrafe';
import { STREET_TYPE_LABELS, type StreetType } from '../../shared/domain/archive';
import { addDays, daysBetween, parseIsoDate, type IsoDate } from '../../shared/domain/calendar';
import { applyOmocodia, buildCodiceFiscale, MAX_OMOCODIA_LEVEL } from '../../shared/domain/codiceFiscale';
import type { EnteContext, PersonRow } from './generate';
import { BIRTH_PLACES, FEMALE_FIRST_NAMES, MALE_FIRST_NAMES, SURNAMES } from './names';
import type { Rng } from './rng';

const CHUNK = 1000;
/** The hospital where the Comune's children are born nowadays (Perugia). */
const HOSPITAL_PLACE = BIRTH_PLACES.find((place) => place.code === 'G478') ?? BIRTH_PLACES[0]!;

export interface DemoStreetRef {
  id: number;
  type: StreetType;
  name: string;
}

export interface DemoAnagrafeSummary {
  households: number;
  residents: number;
  /** Children under age added to the people registry with their families. */
  minors: number;
  /** People with a residence in the Comune that ended (emigration). */
  formerResidents: number;
  birthRecords: number;
}

/** A person of the plan: an index into the generated persons, or a child under age added here. */
type PersonRef = { kind: 'adult'; index: number } | { kind: 'minor'; index: number };

interface PlannedAddress {
  streetId: number;
  /** As the people registry writes it: 'Via della Libertà 12'. */
  written: string;
  houseNumber: string;
}

interface PlannedHousehold {
  address: PlannedAddress;
  formedOn: IsoDate;
  members: Array<{ person: PersonRef; relationship: HouseholdRelationship; from: IsoDate }>;
}

interface PlannedResidence {
  person: PersonRef;
  address: PlannedAddress;
  since: IsoDate;
  endedOn: IsoDate | null;
  endReason: ResidenceEndReason | null;
}

interface PlannedBirth {
  person: PersonRef;
  actYear: number;
  actPart: 'I';
  birthTime: string | null;
  fatherName: string;
  motherName: string;
}

export interface AnagrafePlan {
  minors: PersonRow[];
  households: PlannedHousehold[];
  residences: PlannedResidence[];
  births: PlannedBirth[];
}

/** The same day `years` later (28 February for a 29 February in a common year). */
function yearsAfter(date: IsoDate, years: number): IsoDate {
  const { year, month, day } = parseIsoDate(date);
  const target = year + years;
  const leap = (target % 4 === 0 && target % 100 !== 0) || target % 400 === 0;
  const safeDay = month === 2 && day === 29 && !leap ? 28 : day;
  return `${target}-${String(month).padStart(2, '0')}-${String(safeDay).padStart(2, '0')}`;
}

/** A day between `from` and `to` (both included); `from` when the range is empty. */
function dayBetween(r: Rng, from: IsoDate, to: IsoDate): IsoDate {
  const span = daysBetween(from, to);
  return span <= 0 ? from : addDays(from, r.int(0, span));
}

const later = (a: IsoDate, b: IsoDate): IsoDate => (a > b ? a : b);

function shuffled<T>(r: Rng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * Plans the registry of the residents among `persons` (those whose city is the Comune's): who lives
 * with whom, where and since when, who emigrated, and the birth acts of those born in the Comune.
 */
export function planAnagrafe(persons: readonly PersonRow[], rng: Rng, ente: EnteContext, streets: readonly DemoStreetRef[]): AnagrafePlan {
  const r = rng;
  if (streets.length === 0) throw new Error('demo anagrafe: the toponymy has no streets');
  const today = ente.referenceDate;
  const bornHere = `${ente.city} (${ente.province})`;
  const age = (row: PersonRow) => Math.floor(daysBetween(row.birth_date, today) / 365.25);
  const birthYear = (row: PersonRow) => parseIsoDate(row.birth_date).year;

  const usedCodes = new Set(persons.map((row) => row.codice_fiscale));
  const minors: PersonRow[] = [];
  const households: PlannedHousehold[] = [];
  const residences: PlannedResidence[] = [];
  const births: PlannedBirth[] = [];
  const parentsOf = new Map<string, { father: string; mother: string }>();
  const key = (ref: PersonRef) => `${ref.kind}${ref.index}`;
  const rowOf = (ref: PersonRef): PersonRow => (ref.kind === 'adult' ? persons[ref.index] : minors[ref.index]) as PersonRow;
  const fullName = (row: PersonRow) => `${row.first_name} ${row.last_name}`;

  const newAddress = (): PlannedAddress => {
    const street = r.pick(streets);
    const inCountryside = street.type === 'localita' || street.type === 'frazione';
    const houseNumber = inCountryside && r.chance(0.3) ? 'SNC' : `${r.int(1, 120)}${r.chance(0.07) ? `/${r.pick(['A', 'B', 'C'])}` : ''}`;
    const label = `${STREET_TYPE_LABELS[street.type]} ${street.name}`;
    return { streetId: street.id, written: houseNumber === 'SNC' ? label : `${label} ${houseNumber}`, houseNumber };
  };

  const residentIndexes = shuffled(
    r,
    persons.flatMap((row, index) => (row.city === ente.city ? [index] : [])),
  );
  const assigned = new Set<number>();
  const unassigned = (predicate: (row: PersonRow, index: number) => boolean): number[] =>
    residentIndexes.filter((index) => !assigned.has(index) && predicate(persons[index] as PersonRow, index));

  const addMinor = (father: PersonRow, mother: PersonRow, earliest: IsoDate): PersonRef | null => {
    const from = later(later(yearsAfter(mother.birth_date, 23), addDays(yearsAfter(today, -18), 1)), earliest);
    const to = [yearsAfter(mother.birth_date, 44), addDays(today, -30)].sort()[0] as IsoDate;
    if (from > to) return null;
    const sex: 'M' | 'F' = r.chance(0.51) ? 'M' : 'F';
    const firstName = r.pick(sex === 'F' ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES);
    const birthDate = dayBetween(r, from, to);
    const place = r.chance(0.08) ? { code: ente.belfioreCode, name: ente.city, province: ente.province } : HOSPITAL_PLACE;
    const base = buildCodiceFiscale({ lastName: father.last_name, firstName, birthDate, sex, birthPlaceCode: place.code });
    let codiceFiscale = base;
    for (let level = 1; usedCodes.has(codiceFiscale) && level <= MAX_OMOCODIA_LEVEL; level++) codiceFiscale = applyOmocodia(base, level);
    if (usedCodes.has(codiceFiscale)) return null;
    usedCodes.add(codiceFiscale);
    minors.push({
      ente_id: ente.enteId,
      codice_fiscale: codiceFiscale,
      last_name: father.last_name,
      first_name: firstName,
      sex,
      birth_date: birthDate,
      birth_place: `${place.name} (${place.province})`,
      address: null,
      postal_code: ente.postalCode,
      city: ente.city,
      email: null,
      pec: null,
      phone: null,
    });
    return { kind: 'minor', index: minors.length - 1 };
  };

  // Couples, with their children and sometimes the husband's elderly father or mother.
  for (const manIndex of residentIndexes) {
    const man = persons[manIndex] as PersonRow;
    if (assigned.has(manIndex) || man.sex !== 'M' || age(man) < 24) continue;
    const manAge = age(man);
    if (!r.chance(manAge < 30 ? 0.35 : manAge < 40 ? 0.6 : manAge < 80 ? 0.72 : 0.5)) continue;
    const year = birthYear(man);
    const partners = unassigned((row) => row.sex === 'F' && birthYear(row) >= year - 3 && birthYear(row) <= year + 8 && age(row) >= 21);
    if (partners.length === 0) continue;
    const womanIndex = r.pick(partners);
    const woman = persons[womanIndex] as PersonRow;
    assigned.add(manIndex);
    assigned.add(womanIndex);
    const younger = later(man.birth_date, woman.birth_date);
    const formedOn = dayBetween(r, yearsAfter(younger, 21), [yearsAfter(younger, 34), addDays(today, -60)].sort()[0] as IsoDate);
    const manIsHead = r.chance(0.75);
    const couple = { father: fullName(man), mother: fullName(woman) };
    const members: PlannedHousehold['members'] = [
      { person: { kind: 'adult', index: manIndex }, relationship: manIsHead ? HOUSEHOLD_HEAD : 'coniuge', from: formedOn },
      { person: { kind: 'adult', index: womanIndex }, relationship: manIsHead ? 'coniuge' : HOUSEHOLD_HEAD, from: formedOn },
    ];
    if (r.chance(manAge < 40 ? 0.25 : 0.06)) {
      const partner = members[manIsHead ? 1 : 0];
      if (partner) partner.relationship = 'convivente';
    }
    const womanYear = birthYear(woman);
    const adultChildren = unassigned(
      (row) => row.last_name === man.last_name && age(row) <= 38 && birthYear(row) >= womanYear + 20 && birthYear(row) <= womanYear + 44,
    ).slice(0, r.int(0, 2));
    for (const childIndex of adultChildren) {
      assigned.add(childIndex);
      const child = persons[childIndex] as PersonRow;
      members.push({ person: { kind: 'adult', index: childIndex }, relationship: 'figlio', from: later(child.birth_date, formedOn) });
      parentsOf.set(key({ kind: 'adult', index: childIndex }), couple);
    }
    if (age(woman) <= 52) {
      const count = r.weighted<number>([
        [0, 3],
        [1, 3],
        [2, 3],
        [3, 1],
      ]);
      for (let n = 0; n < count; n++) {
        const child = addMinor(man, woman, formedOn);
        if (!child) continue;
        members.push({ person: child, relationship: 'figlio', from: rowOf(child).birth_date });
        parentsOf.set(key(child), couple);
      }
    }
    if (manAge >= 40 && manAge <= 72 && r.chance(0.15)) {
      const [parentIndex] = unassigned(
        (row) =>
          age(row) >= 72 &&
          birthYear(row) <= year - 20 &&
          birthYear(row) >= year - 45 &&
          (row.sex === 'F' || row.last_name === man.last_name),
      );
      if (parentIndex !== undefined) {
        assigned.add(parentIndex);
        const parent = persons[parentIndex] as PersonRow;
        members.push({
          person: { kind: 'adult', index: parentIndex },
          relationship: manIsHead ? 'genitore' : 'suocero',
          from: dayBetween(r, later(formedOn, yearsAfter(parent.birth_date, 70)), addDays(today, -30)),
        });
      }
    }
    households.push({ address: newAddress(), formedOn, members });
  }

  // Unmarried brothers and sisters in later life, and people who live alone.
  for (const index of residentIndexes) {
    if (assigned.has(index)) continue;
    assigned.add(index);
    const row = persons[index] as PersonRow;
    const movedIn =
      row.birth_place === bornHere && r.chance(0.3) ? row.birth_date : dayBetween(r, yearsAfter(row.birth_date, 18), addDays(today, -30));
    const members: PlannedHousehold['members'] = [{ person: { kind: 'adult', index }, relationship: HOUSEHOLD_HEAD, from: movedIn }];
    if (age(row) >= 50 && r.chance(0.12)) {
      const [siblingIndex] = unassigned((other) => other.last_name === row.last_name && Math.abs(birthYear(other) - birthYear(row)) <= 12);
      if (siblingIndex !== undefined) {
        assigned.add(siblingIndex);
        members.push({
          person: { kind: 'adult', index: siblingIndex },
          relationship: 'fratello',
          from: later(movedIn, (persons[siblingIndex] as PersonRow).birth_date),
        });
      }
    }
    households.push({ address: newAddress(), formedOn: movedIn, members });
  }

  // Each member lives at the household's address since joining it; some lived elsewhere in the Comune before.
  for (const household of households) {
    for (const member of household.members) {
      const born = rowOf(member.person).birth_date;
      if (member.from > later(born, yearsAfter(born, 18)) && r.chance(0.15)) {
        residences.push({
          person: member.person,
          address: newAddress(),
          since: dayBetween(r, later(born, addDays(member.from, -20 * 365)), addDays(member.from, -30)),
          endedOn: member.from,
          endReason: 'moved_within',
        });
      }
      residences.push({ person: member.person, address: household.address, since: member.from, endedOn: null, endReason: null });
    }
  }

  // Some of those who live elsewhere today used to live in the Comune.
  persons.forEach((row, index) => {
    if (row.city === ente.city || !r.chance(0.35)) return;
    const since = row.birth_place === bornHere ? row.birth_date : dayBetween(r, yearsAfter(row.birth_date, 18), addDays(today, -400));
    residences.push({
      person: { kind: 'adult', index },
      address: newAddress(),
      since,
      endedOn: dayBetween(r, addDays(since, 200), addDays(today, -30)),
      endReason: r.chance(0.85) ? 'emigrated' : 'emigrated_abroad',
    });
  });

  // Birth acts of everyone born in the Comune: acts of the last days of December may be drawn up in January.
  const born = [
    ...persons.map((row, index): PersonRef => ({ kind: 'adult', index })),
    ...minors.map((_row, index): PersonRef => ({ kind: 'minor', index })),
  ].filter((ref) => rowOf(ref).birth_place === bornHere);
  for (const ref of born) {
    const row = rowOf(ref);
    const { year, month, day } = parseIsoDate(row.birth_date);
    const parents = parentsOf.get(key(ref)) ?? {
      father: `${r.pick(MALE_FIRST_NAMES)} ${row.last_name}`,
      mother: `${r.pick(FEMALE_FIRST_NAMES)} ${r.pick(SURNAMES)}`,
    };
    births.push({
      person: ref,
      actYear: month === 12 && day >= 28 && r.chance(0.5) ? year + 1 : year,
      actPart: 'I',
      birthTime: r.chance(0.95) ? `${String(r.int(0, 23)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}` : null,
      fatherName: parents.father,
      motherName: parents.mother,
    });
  }
  // Children under age join the people registry already living with their family.
  for (const household of households) {
    for (const member of household.members) {
      if (member.person.kind === 'minor') (minors[member.person.index] as PersonRow).address = household.address.written;
    }
  }
  return { minors, households, residences, births };
}

/** Act numbers of each year's register in the order of the births, with the gaps of the acts of people not in the demo. */
function actNumbers(r: Rng, births: ReadonlyArray<{ actYear: number; birthDate: IsoDate }>): string[] {
  const order = births.map((_birth, index) => index).sort((a, b) => (births[a]!.birthDate < births[b]!.birthDate ? -1 : 1));
  const last = new Map<number, number>();
  const numbers: string[] = new Array<string>(births.length);
  for (const index of order) {
    const year = births[index]!.actYear;
    const next = (last.get(year) ?? 0) + r.int(1, 6);
    last.set(year, next);
    numbers[index] = String(next);
  }
  return numbers;
}

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

/**
 * Plans and inserts the registry of the demo Comune: `persons` are the generated people, inserted
 * with `personIds`; the toponymy's streets must be loaded. The residents' contact address in the
 * people registry becomes their residence.
 */
export async function loadDemoAnagrafe(
  trx: Knex.Transaction,
  options: { ente: EnteContext; persons: readonly PersonRow[]; personIds: readonly number[]; rng: Rng; log: Logger },
): Promise<DemoAnagrafeSummary> {
  const { ente, persons, personIds } = options;
  const streets = (await trx('scrivania.archive_streets')
    .where({ ente_id: ente.enteId })
    .whereNull('current_street_id')
    .orderBy('id')
    .select(['id', 'street_type as type', 'name'])) as DemoStreetRef[];
  const plan = planAnagrafe(persons, options.rng, ente, streets);

  const minorIds: number[] = [];
  for (const chunk of chunks(plan.minors)) {
    const rows = await trx('scrivania.persons').insert(chunk).returning<Array<{ id: number }>>('id');
    minorIds.push(...rows.map((row) => Number(row.id)));
  }
  const idOf = (ref: PersonRef): number => {
    const id = ref.kind === 'adult' ? personIds[ref.index] : minorIds[ref.index];
    if (id === undefined) throw new Error(`demo anagrafe: no id for ${ref.kind} ${ref.index}`);
    return id;
  };
  const rowOf = (ref: PersonRef): PersonRow => (ref.kind === 'adult' ? persons[ref.index] : plan.minors[ref.index]) as PersonRow;
  const addressColumns = (address: PlannedAddress) => ({
    ente_id: ente.enteId,
    street_id: address.streetId,
    house_number: address.houseNumber,
    postal_code: ente.postalCode,
    city: ente.city,
  });

  const householdIds: number[] = [];
  for (const chunk of chunks(plan.households)) {
    const rows = await trx('scrivania.households')
      .insert(chunk.map((household) => ({ ...addressColumns(household.address), formed_on: household.formedOn })))
      .returning<Array<{ id: number }>>('id');
    householdIds.push(...rows.map((row) => Number(row.id)));
  }
  for (const chunk of chunks(plan.residences)) {
    await trx('scrivania.residences').insert(
      chunk.map((residence) => ({
        ...addressColumns(residence.address),
        person_id: idOf(residence.person),
        resident_since: residence.since,
        ended_on: residence.endedOn,
        end_reason: residence.endReason,
      })),
    );
  }
  const members = plan.households.flatMap((household, index) =>
    household.members.map((member) => ({
      ente_id: ente.enteId,
      household_id: householdIds[index],
      person_id: idOf(member.person),
      relationship: member.relationship,
      member_from: member.from,
    })),
  );
  for (const chunk of chunks(members)) await trx('scrivania.household_members').insert(chunk);

  const numbers = actNumbers(
    options.rng,
    plan.births.map((birth) => ({ actYear: birth.actYear, birthDate: rowOf(birth.person).birth_date })),
  );
  for (const chunk of chunks(plan.births.map((birth, index) => ({ birth, number: numbers[index] as string })))) {
    await trx('scrivania.birth_records').insert(
      chunk.map(({ birth, number }) => ({
        ente_id: ente.enteId,
        person_id: idOf(birth.person),
        act_year: birth.actYear,
        act_number: number,
        act_part: birth.actPart,
        birth_time: birth.birthTime,
        birth_place: rowOf(birth.person).birth_place,
        father_name: birth.fatherName,
        mother_name: birth.motherName,
      })),
    );
  }

  // The people registry's contact address of each adult resident becomes where they live (the
  // children were inserted with it). One statement; a row already right is not rewritten, since
  // each rewrite adds entries to every index of the table, the trigram ones included.
  const adultsLiving = plan.households.flatMap((household) =>
    household.members
      .filter((member) => member.person.kind === 'adult')
      .map((member) => ({ id: idOf(member.person), address: household.address.written })),
  );
  await trx.raw(
    `UPDATE scrivania.persons p SET address = v.address, postal_code = ?, city = ?
       FROM unnest(?::bigint[], ?::text[]) AS v (id, address)
      WHERE p.id = v.id AND (p.address, p.postal_code, p.city) IS DISTINCT FROM (v.address, ?, ?)`,
    [ente.postalCode, ente.city, adultsLiving.map((row) => row.id), adultsLiving.map((row) => row.address), ente.postalCode, ente.city],
  );

  const residents = plan.households.reduce((total, household) => total + household.members.length, 0);
  const summary: DemoAnagrafeSummary = {
    households: plan.households.length,
    residents,
    minors: plan.minors.length,
    formerResidents: new Set(
      plan.residences
        .filter((residence) => residence.endReason !== null && residence.endReason !== 'moved_within')
        .map((residence) => idOf(residence.person)),
    ).size,
    birthRecords: plan.births.length,
  };
  options.log.info(
    `demo anagrafe: ${summary.households} households, ${summary.residents} residents (${summary.minors} under age), ` +
      `${summary.formerResidents} former residents, ${summary.birthRecords} birth acts`,
  );
  return summary;
}
