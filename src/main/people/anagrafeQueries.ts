/**
 * The registry's (anagrafe) SQL: a person's current residence, current household and birth act.
 * Every query runs on the caller's connection or transaction, so row-level security limits them to
 * the caller's ente.
 */
import type { Knex } from 'knex';
import type { HouseholdRelationship } from '../../shared/domain/anagrafe';
import type { StreetType } from '../../shared/domain/archive';

type Db = Knex | Knex.Transaction;

/** An address as the registry stores it: a street of the toponymy, or the address as written. */
export interface AddressRow {
  street_type: StreetType | null;
  street_name: string | null;
  street_address: string | null;
  house_number: string;
  postal_code: string;
  city: string;
}

export interface ResidenceRow extends AddressRow {
  resident_since: string;
}

export interface HouseholdRow extends AddressRow {
  id: number;
}

export interface HouseholdMemberRow {
  person_id: number;
  codice_fiscale: string;
  last_name: string;
  first_name: string;
  sex: 'M' | 'F';
  birth_date: string;
  birth_place: string;
  relationship: HouseholdRelationship;
}

export interface BirthRecordRow {
  birth_date: string;
  birth_time: string | null;
  birth_place: string;
  act_year: number;
  act_number: string;
  act_part: string;
  act_series: string | null;
  father_name: string | null;
  mother_name: string | null;
}

const addressColumns = (alias: string) => [
  's.street_type',
  's.name as street_name',
  `${alias}.street_address`,
  `${alias}.house_number`,
  `${alias}.postal_code`,
  `${alias}.city`,
];

/** The person's residence without an end, if any. */
export async function selectCurrentResidence(db: Db, personId: number): Promise<ResidenceRow | undefined> {
  return (await db('scrivania.residences as r')
    .leftJoin('scrivania.archive_streets as s', 's.id', 'r.street_id')
    .where({ 'r.person_id': personId })
    .whereNull('r.ended_on')
    .first([...addressColumns('r'), 'r.resident_since'])) as ResidenceRow | undefined;
}

/** The household the person currently belongs to, if any. */
export async function selectCurrentHousehold(db: Db, personId: number): Promise<HouseholdRow | undefined> {
  return (await db('scrivania.household_members as m')
    .join('scrivania.households as h', 'h.id', 'm.household_id')
    .leftJoin('scrivania.archive_streets as s', 's.id', 'h.street_id')
    .where({ 'm.person_id': personId })
    .whereNull('m.member_to')
    .first(['h.id', ...addressColumns('h')])) as HouseholdRow | undefined;
}

/** The household's current members with their registry data, in no particular order. */
export async function selectCurrentMembers(db: Db, householdId: number): Promise<HouseholdMemberRow[]> {
  return (await db('scrivania.household_members as m')
    .join('scrivania.persons as p', 'p.id', 'm.person_id')
    .where({ 'm.household_id': householdId })
    .whereNull('m.member_to')
    .select([
      'm.person_id',
      'p.codice_fiscale',
      'p.last_name',
      'p.first_name',
      'p.sex',
      'p.birth_date',
      'p.birth_place',
      'm.relationship',
    ])) as HouseholdMemberRow[];
}

/** The person's birth act in the Comune's register of births, if it is recorded there. */
export async function selectBirthRecord(db: Db, personId: number): Promise<BirthRecordRow | undefined> {
  return (await db('scrivania.birth_records as b')
    .join('scrivania.persons as p', 'p.id', 'b.person_id')
    .where({ 'b.person_id': personId })
    .first([
      'p.birth_date',
      db.raw(`to_char(b.birth_time, 'HH24:MI') AS birth_time`),
      'b.birth_place',
      'b.act_year',
      'b.act_number',
      'b.act_part',
      'b.act_series',
      'b.father_name',
      'b.mother_name',
    ])) as BirthRecordRow | undefined;
}
