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
