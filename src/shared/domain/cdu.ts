/**
 * The certificato di destinazione urbanistica (CDU, DPR 380/2001 art. 30): the rules that need no
 * I/O. A request names cadastral parcels of the catasto terreni (sezione, foglio, particella); the
 * certificate lists, for each, the zones of the planning instrument it falls in (with the share of
 * its area), the articles of the planning rules (NTA) that apply, and the constraints on it.
 *
 * Art. 30 c.3: issued within thirty days of the request (peremptory), valid one year from issue
 * unless the planning instruments change meanwhile.
 */
import { formatParcel } from './archiveQuery';

/** The code of the procedure type a CDU request opens a case of, in every ente's catalogue. */
export const CDU_PROCEDURE_CODE = 'CDU';
/** Parcels in one request, at most (a larger estate is split into several requests). */
export const MAX_CDU_PARCELS = 50;

/** Why the certificate is asked for: printed on it ("rilasciato per ..."). */
export const CDU_PURPOSES = ['compravendita', 'donazione', 'successione', 'divisione', 'permuta', 'mutuo', 'altro'] as const;
export type CduPurpose = (typeof CDU_PURPOSES)[number];

/** The purpose as printed on the certificate and in the instance's subject (Italian, the certificate's language). */
export const CDU_PURPOSE_TEXT: Record<CduPurpose, string> = {
  compravendita: 'compravendita',
  donazione: 'donazione',
  successione: 'dichiarazione di successione',
  divisione: 'divisione',
  permuta: 'permuta',
  mutuo: 'richiesta di mutuo',
  altro: 'altro uso',
};

export const PLANNING_INSTRUMENT_KINDS = ['PRG', 'PGT', 'PUC', 'PRGC', 'PSC', 'PI', 'PO', 'PRGI'] as const;
export type PlanningInstrumentKind = (typeof PLANNING_INSTRUMENT_KINDS)[number];

export const CONSTRAINT_KINDS = ['paesaggistico', 'idrogeologico', 'fascia_rispetto', 'beni_culturali', 'sismico', 'altro'] as const;
export type ConstraintKind = (typeof CONSTRAINT_KINDS)[number];

/** How a parcel left the cadastre: split (frazionamento), merged into another (fusione), or otherwise suppressed. */
export const SUPPRESSION_CAUSES = ['frazionamento', 'fusione', 'soppressione'] as const;
export type SuppressionCause = (typeof SUPPRESSION_CAUSES)[number];

export const PARCEL_CHECK_STATUSES = ['valid', 'suppressed', 'unknown', 'duplicate'] as const;
export type ParcelCheckStatus = (typeof PARCEL_CHECK_STATUSES)[number];

/** A parcel of the catasto terreni as typed: sezione (where the Comune has them), foglio, particella. */
export interface CduParcelRef {
  sezione: string | null;
  foglio: number;
  particella: string;
}

/** The same parcel whatever the case or spacing it was typed with. */
export function parcelKey(parcel: CduParcelRef): string {
  return `${parcel.sezione ?? ''}|${parcel.foglio}|${parcel.particella}`;
}

/** "Fg. 12 part. 345" (with "Sez. A" first where there are sezioni): how the archive writes it too. */
export function parcelLabel(parcel: CduParcelRef): string {
  return formatParcel({ ...parcel, subalterno: null });
}

/** Positions (0-based) of parcels already named earlier in the list. */
export function duplicatePositions(parcels: readonly CduParcelRef[]): Set<number> {
  const seen = new Set<string>();
  const duplicates = new Set<number>();
  parcels.forEach((parcel, index) => {
    const key = parcelKey(parcel);
    if (seen.has(key)) duplicates.add(index);
    seen.add(key);
  });
  return duplicates;
}

/**
 * The subject the request is registered with. The parcels are written the way the archive's
 * parser reads them back ("Fg. 12 part. 345"), so the archive finds the precedents on them.
 */
export function cduSubject(purpose: CduPurpose, purposeNote: string | null, parcels: readonly CduParcelRef[]): string {
  const use = purpose === 'altro' && purposeNote ? purposeNote : CDU_PURPOSE_TEXT[purpose];
  return `Certificato di destinazione urbanistica per ${use}, ${parcels.map(parcelLabel).join('; ')}`;
}

/** The area of a parcel that falls in a zone, in whole square metres. */
export function zoneAreaM2(parcelAreaM2: number, sharePercent: number): number {
  return Math.round((parcelAreaM2 * sharePercent) / 100);
}

/** The share of a parcel not covered by any zone (roads, water courses): never below zero. */
export function unzonedPercent(sharesPercent: readonly number[]): number {
  const covered = sharesPercent.reduce((sum, share) => sum + share * 100, 0) / 100;
  return Math.max(0, Math.round((100 - covered) * 100) / 100);
}
