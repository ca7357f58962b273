/**
 * The vocabulary of the telematic archive (archivio storico digitalizzato): kinds of series, types
 * of practice, outcomes, document kinds, street types, the stages of a digitisation campaign and the
 * purposes of an access. Shared by the database checks (the migration copies the lists), the API and
 * the screens. Pure: no I/O.
 */

/** What a series holds (e.g. building practices 1950–2015, condoni, commercial licences, resolutions). */
export const SERIES_KINDS = ['building_practices', 'condoni', 'commercial_licences', 'council_resolutions', 'other'] as const;
export type SeriesKind = (typeof SERIES_KINDS)[number];

/**
 * Types of practice found in a municipal archive, in the order the law created them: licenza
 * edilizia (L. 1150/1942 art. 31), concessione edilizia (L. 10/1977), autorizzazione edilizia
 * (L. 457/1978 art. 48), DIA (L. 662/1996, DPR 380/2001 art. 22), permesso di costruire
 * (DPR 380/2001 art. 10, from 30/06/2003), SCIA (L. 122/2010), CILA (L. 164/2014), the three
 * condoni (L. 47/1985, L. 724/1994, L. 326/2003), certificates of abitabilità/agibilità, commercial
 * licences, council and executive resolutions.
 */
export const PRACTICE_TYPES = [
  'licenza_edilizia',
  'concessione_edilizia',
  'autorizzazione_edilizia',
  'dia',
  'permesso_di_costruire',
  'scia',
  'cila',
  'condono',
  'agibilita',
  'licenza_commerciale',
  'delibera_consiglio',
  'delibera_giunta',
  'altro',
] as const;
export type PracticeType = (typeof PRACTICE_TYPES)[number];

/** How the practice ended. */
export const PRACTICE_OUTCOMES = ['granted', 'denied', 'withdrawn', 'lapsed', 'annulled', 'adopted', 'unknown'] as const;
export type PracticeOutcome = (typeof PRACTICE_OUTCOMES)[number];

/** What a scanned document is within its dossier. */
export const ARCHIVE_DOCUMENT_KINDS = [
  'application',
  'drawings',
  'report',
  'decision',
  'certificate',
  'correspondence',
  'photographs',
  'other',
] as const;
export type ArchiveDocumentKind = (typeof ARCHIVE_DOCUMENT_KINDS)[number];

/** People named in a practice and in which capacity. */
export const SUBJECT_ROLES = ['applicant', 'owner', 'designer', 'works_director', 'contractor', 'other'] as const;
export type SubjectRole = (typeof SUBJECT_ROLES)[number];

/** AgID Linee guida 2021, allegato 5: TipologiaFascicolo of an aggregation. */
export const AGID_DOSSIER_KINDS = ['procedimento_amministrativo', 'affare', 'attivita', 'persona_fisica', 'persona_giuridica'] as const;
export type AgidDossierKind = (typeof AGID_DOSSIER_KINDS)[number];

/** Stages of a box in a digitisation campaign, in order: a box moves one stage at a time. */
export const BOX_STATUSES = ['to_scan', 'scanned', 'indexed', 'verified'] as const;
export type BoxStatus = (typeof BOX_STATUSES)[number];

/** The stage after `status`, or null when the box is verified. */
export function nextBoxStatus(status: BoxStatus): BoxStatus | null {
  const index = BOX_STATUSES.indexOf(status);
  return BOX_STATUSES[index + 1] ?? null;
}

/** What an access to an archived scan is for; the free-text purpose says the rest. */
export const ACCESS_PURPOSES = [
  'records_access_request',
  'civic_access_request',
  'case_review',
  'judicial_request',
  'internal_check',
  'other',
] as const;
export type AccessPurpose = (typeof ACCESS_PURPOSES)[number];

/** What was done with a scan: opened on screen, printed, or saved as a stamped copy. */
export const ACCESS_ACTIONS = ['open', 'print', 'save'] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];

/** Street types of Italian toponymy (DUG, denominazione urbanistica generica), as written in full. */
export const STREET_TYPES = [
  'via',
  'viale',
  'piazza',
  'piazzale',
  'corso',
  'vicolo',
  'largo',
  'strada',
  'localita',
  'frazione',
  'contrada',
  'borgo',
  'salita',
  'vocabolo',
] as const;
export type StreetType = (typeof STREET_TYPES)[number];

/** How each street type is written on a document ('localita' is 'Località'). */
export const STREET_TYPE_LABELS: Readonly<Record<StreetType, string>> = {
  via: 'Via',
  viale: 'Viale',
  piazza: 'Piazza',
  piazzale: 'Piazzale',
  corso: 'Corso',
  vicolo: 'Vicolo',
  largo: 'Largo',
  strada: 'Strada',
  localita: 'Località',
  frazione: 'Frazione',
  contrada: 'Contrada',
  borgo: 'Borgo',
  salita: 'Salita',
  vocabolo: 'Vocabolo',
};

/** Years an archive record may carry: the first cadastre of the Kingdom to a century from now. */
export const ARCHIVE_MIN_YEAR = 1860;
export const ARCHIVE_MAX_YEAR = 2100;

/** Scans the archive accepts: what the viewer shows and the stamped copy can be made of. */
export const ARCHIVE_SCAN_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type ArchiveScanType = (typeof ARCHIVE_SCAN_TYPES)[number];
