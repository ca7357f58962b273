/**
 * The registry (anagrafe) data of the Comune's residents, as the certificates of residence, stato di
 * famiglia and nascita print it. Reads run under the caller's connection or transaction, so its
 * row-level security decides what is found: another ente's residents are not found at all.
 */
import type { Knex } from 'knex';
import {
  HOUSEHOLD_HEAD,
  HOUSEHOLD_RELATIONSHIPS,
  relationshipLabel,
  type BirthRecord,
  type Household,
  type RegistryData,
  type Residence,
} from '../../shared/domain/anagrafe';
import { STREET_TYPE_LABELS } from '../../shared/domain/archive';
import {
  selectBirthRecord,
  selectCurrentHousehold,
  selectCurrentMembers,
  selectCurrentResidence,
  type AddressRow,
  type HouseholdMemberRow,
} from './anagrafeQueries';

type Db = Knex | Knex.Transaction;

export type { BirthRecord, Household, HouseholdMember, RegistryData, Residence } from '../../shared/domain/anagrafe';

/** 'Via della Libertà, 12'; 'Località Le Case, snc' for a house without a number. */
export function formatRegistryAddress(row: AddressRow): string {
  const street = row.street_type && row.street_name ? `${STREET_TYPE_LABELS[row.street_type]} ${row.street_name}` : row.street_address;
  return `${street ?? ''}, ${row.house_number === 'SNC' ? 'snc' : row.house_number}`;
}

/** The person's residence in the ente; null when they are not (or no longer) resident. */
export async function residenceOf(db: Db, personId: number): Promise<Residence | null> {
  const row = await selectCurrentResidence(db, personId);
  if (!row) return null;
  return { address: formatRegistryAddress(row), postalCode: row.postal_code, city: row.city, since: row.resident_since };
}

function memberOrder(a: HouseholdMemberRow, b: HouseholdMemberRow): number {
  const rank = (row: HouseholdMemberRow) => (row.relationship === HOUSEHOLD_HEAD ? -1 : HOUSEHOLD_RELATIONSHIPS.indexOf(row.relationship));
  return rank(a) - rank(b) || a.birth_date.localeCompare(b.birth_date) || a.person_id - b.person_id;
}

/** The famiglia anagrafica the person belongs to today, head first; null when they belong to none. */
export async function householdOf(db: Db, personId: number): Promise<Household | null> {
  const household = await selectCurrentHousehold(db, personId);
  if (!household) return null;
  const members = (await selectCurrentMembers(db, household.id)).sort(memberOrder);
  return {
    householdId: household.id,
    address: formatRegistryAddress(household),
    postalCode: household.postal_code,
    city: household.city,
    members: members.map((row) => ({
      personId: row.person_id,
      codiceFiscale: row.codice_fiscale,
      lastName: row.last_name,
      firstName: row.first_name,
      birthDate: row.birth_date,
      birthPlace: row.birth_place,
      relationship: relationshipLabel(row.relationship, row.sex),
    })),
  };
}

/** The person's atto di nascita; null when the birth is not recorded in this Comune's registers. */
export async function birthRecordOf(db: Db, personId: number): Promise<BirthRecord | null> {
  const row = await selectBirthRecord(db, personId);
  if (!row) return null;
  return {
    birthDate: row.birth_date,
    birthTime: row.birth_time,
    birthPlace: row.birth_place,
    actYear: row.act_year,
    actNumber: row.act_number,
    actPart: row.act_part,
    actSeries: row.act_series,
    fatherName: row.father_name,
    motherName: row.mother_name,
  };
}

/** Everything the registry holds about the person, for their dossier. */
export async function registryOf(db: Db, personId: number): Promise<RegistryData> {
  return {
    residence: await residenceOf(db, personId),
    household: await householdOf(db, personId),
    birth: await birthRecordOf(db, personId),
  };
}
