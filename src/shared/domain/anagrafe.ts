/**
 * The registry's (anagrafe) vocabulary: how each member of a famiglia anagrafica is related to the
 * head of the household (intestatario scheda), after the relationship table of ANPR, and the label
 * the anagrafe prints for it on a stato di famiglia, which follows the member's sex.
 */

export const HOUSEHOLD_RELATIONSHIPS = [
  'intestatario_scheda',
  'coniuge',
  'unito_civilmente',
  'convivente',
  'figlio',
  'figliastro',
  'genitore',
  'suocero',
  'genero_nuora',
  'nipote',
  'nonno',
  'fratello',
  'cognato',
  'altro_parente',
] as const;
export type HouseholdRelationship = (typeof HOUSEHOLD_RELATIONSHIPS)[number];

/** The head of the household: exactly one in each household. */
export const HOUSEHOLD_HEAD: HouseholdRelationship = 'intestatario_scheda';

const RELATIONSHIP_LABELS: Readonly<Record<HouseholdRelationship, { M: string; F: string }>> = {
  intestatario_scheda: { M: 'Intestatario scheda', F: 'Intestataria scheda' },
  coniuge: { M: 'Coniuge', F: 'Coniuge' },
  unito_civilmente: { M: 'Unito civilmente', F: 'Unita civilmente' },
  convivente: { M: 'Convivente', F: 'Convivente' },
  figlio: { M: 'Figlio', F: 'Figlia' },
  figliastro: { M: 'Figliastro', F: 'Figliastra' },
  genitore: { M: 'Padre', F: 'Madre' },
  suocero: { M: 'Suocero', F: 'Suocera' },
  genero_nuora: { M: 'Genero', F: 'Nuora' },
  nipote: { M: 'Nipote', F: 'Nipote' },
  nonno: { M: 'Nonno', F: 'Nonna' },
  fratello: { M: 'Fratello', F: 'Sorella' },
  cognato: { M: 'Cognato', F: 'Cognata' },
  altro_parente: { M: 'Altro parente', F: 'Altra parente' },
};

/** 'figlio' of a woman is printed 'Figlia'. */
export function relationshipLabel(relationship: HouseholdRelationship, sex: 'M' | 'F'): string {
  return RELATIONSHIP_LABELS[relationship][sex];
}

/** Why a residence in the Comune ended (cancellazione anagrafica, or a move within the Comune). */
export const RESIDENCE_END_REASONS = ['moved_within', 'emigrated', 'emigrated_abroad', 'deceased', 'untraceable'] as const;
export type ResidenceEndReason = (typeof RESIDENCE_END_REASONS)[number];

/** Parts of the register of births: Parte I (acts drawn up) and Parte II (series A, B, C). */
export const BIRTH_ACT_PARTS = ['I', 'II'] as const;
export const BIRTH_ACT_SERIES = ['A', 'B', 'C'] as const;

/** A person's residence in the Comune. */
export interface Residence {
  /** Street and house number, e.g. 'Via della Libertà, 12'. */
  address: string;
  postalCode: string;
  city: string;
  /** ISO date since which the person lives at this address. */
  since: string;
}

export interface HouseholdMember {
  personId: number;
  codiceFiscale: string;
  lastName: string;
  firstName: string;
  birthDate: string;
  birthPlace: string;
  /** As the anagrafe prints it: 'Intestatario scheda', 'Coniuge', 'Figlio', 'Figlia', 'Madre', ... */
  relationship: string;
}

/** A famiglia anagrafica. */
export interface Household {
  householdId: number;
  address: string;
  postalCode: string;
  city: string;
  /** The head (intestatario scheda) first, then by relationship and age. */
  members: HouseholdMember[];
}

/** An atto di nascita of the Comune's register of births. */
export interface BirthRecord {
  birthDate: string;
  /** 'HH:MM', when the act records it. */
  birthTime: string | null;
  birthPlace: string;
  /** Atto di nascita: anno, numero, parte, serie. */
  actYear: number;
  actNumber: string;
  actPart: string;
  actSeries: string | null;
  fatherName: string | null;
  motherName: string | null;
}

/** What the registry holds about one person: each part null when it holds none. */
export interface RegistryData {
  residence: Residence | null;
  household: Household | null;
  birth: BirthRecord | null;
}
