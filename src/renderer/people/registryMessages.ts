/**
 * Texts of the registry (anagrafe) part of a person's dossier, spread into the Italian and English
 * catalogues. Relationships to the head of the household stay as the Italian registry prints them.
 */
export const registryIt = {
  'dossier.section.registry': 'Dati anagrafici',
  'registry.residence': 'Residenza',
  'registry.residenceText': '{address}, {postalCode} {city}, dal {since}',
  'registry.notResident': 'Non residente nel Comune.',
  'registry.household': 'Famiglia anagrafica',
  'registry.noHousehold': 'Non iscritto in una famiglia anagrafica del Comune.',
  'registry.col.relationship': 'Rapporto con l’intestatario',
  'registry.col.name': 'Cognome e nome',
  'registry.col.codiceFiscale': 'Codice fiscale',
  'registry.col.birth': 'Data e luogo di nascita',
  'registry.birthAct': 'Atto di nascita',
  'registry.birthActText': 'anno {year}, n. {number}, parte {part}',
  'registry.birthActSeries': ', serie {series}',
  'registry.birthTime': ', ore {time}',
  'registry.parents': 'Padre: {father} · Madre: {mother}',
  'registry.parentNotStated': 'non indicato',
  'registry.birthNotRecorded': 'Nascita non registrata nei registri dello stato civile del Comune.',
};

export type RegistryMessageKey = keyof typeof registryIt;

export const registryEn: Record<RegistryMessageKey, string> = {
  'dossier.section.registry': 'Registry data',
  'registry.residence': 'Residence',
  'registry.residenceText': '{address}, {postalCode} {city}, since {since}',
  'registry.notResident': 'Not resident in the Comune.',
  'registry.household': 'Household (famiglia anagrafica)',
  'registry.noHousehold': 'Not in a household of the Comune.',
  'registry.col.relationship': 'Relationship to the head',
  'registry.col.name': 'Surname and name',
  'registry.col.codiceFiscale': 'Codice fiscale',
  'registry.col.birth': 'Date and place of birth',
  'registry.birthAct': 'Birth act',
  'registry.birthActText': 'year {year}, no. {number}, part {part}',
  'registry.birthActSeries': ', series {series}',
  'registry.birthTime': ', at {time}',
  'registry.parents': 'Father: {father} · Mother: {mother}',
  'registry.parentNotStated': 'not stated',
  'registry.birthNotRecorded': 'Birth not recorded in the Comune’s civil status registers.',
};
