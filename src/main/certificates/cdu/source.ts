/**
 * The `cdu` data source of the certificates: for the CDU request the certificate answers, each
 * parcel's zones with their share, the articles of the planning rules with their prescriptions,
 * and the constraints, as of the day of issue. It refuses a request that is not the holder's, that
 * already has a valid certificate or was withdrawn, and parcels suppressed meanwhile. Once the
 * certificate is issued, its case is decided (accepted, with the certificate as outcome) and filed.
 */
import type { Knex } from 'knex';
import type { CduParcelPlanning } from '../../../shared/api/cdu';
import type { CertificateSection, CertificateTable } from '../../../shared/domain/certificates';
import { formatDay } from '../../pdf/format';
import { zoneAreaM2 } from '../../../shared/domain/cdu';
import { todayInRome } from '../../../shared/domain/calendar';
import { AppError } from '../../api/appError';
import { addDocument } from '../../documents/service';
import { actOnCase, getCase, type Actor } from '../../instances/workflowService';
import { commonFields, type IssuedCertificate, type SourceLoader } from '../sources';
import { checkParcels, PARCEL_REASONS, planningOfParcels } from './planning';
import { selectCurrentActor } from './queries';
import { findCduRequest, refuseBadParcels } from './service';

const squareMetres = new Intl.NumberFormat('it-IT', { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat('it-IT', { maximumFractionDigits: 2 });

/** "Fg. 12 part. 345 di mq 1.200; Fg. 12 part. 1501 di mq 1.800" */
function parcelList(planning: readonly CduParcelPlanning[]): string {
  return planning.map(({ parcel }) => `${parcel.label} di mq ${squareMetres.format(parcel.areaM2)}`).join('; ');
}

/** One row per parcel and zone: the summary printed under the body. */
function summaryTable(planning: readonly CduParcelPlanning[]): CertificateTable {
  return {
    columns: ['Particella', 'Superficie (mq)', 'Zona', 'Quota', 'Norme tecniche', 'Vincoli'],
    rows: planning.flatMap(({ parcel, zones, unzonedPercent, constraints }) => {
      const bound = constraints.length > 0 ? constraints.map((constraint) => constraint.name).join('; ') : 'Nessuno';
      const zoneRows = zones.map((zone) => [
        parcel.label,
        squareMetres.format(parcel.areaM2),
        `${zone.code} - ${zone.name}`,
        `${percent.format(zone.sharePercent)}% (mq ${squareMetres.format(zone.areaM2)})`,
        zone.articles.map((article) => `art. ${article.number}`).join(', '),
        bound,
      ]);
      const rest =
        unzonedPercent > 0
          ? [
              [
                parcel.label,
                squareMetres.format(parcel.areaM2),
                'Viabilità e aree non zonizzate',
                `${percent.format(unzonedPercent)}% (mq ${squareMetres.format(zoneAreaM2(parcel.areaM2, unzonedPercent))})`,
                '',
                bound,
              ],
            ]
          : [];
      return [...zoneRows, ...rest];
    }),
  };
}

/** Per parcel: its zones' prescriptions in full (each article once) and its constraints. */
function parcelSection({ parcel, zones, constraints }: CduParcelPlanning): CertificateSection {
  const quality = parcel.quality ? `, qualità ${parcel.quality}${parcel.qualityClass ? ` classe ${parcel.qualityClass}` : ''}` : '';
  const instrument = zones[0]?.instrument;
  const articles = [...new Map(zones.flatMap((zone) => zone.articles).map((article) => [article.id, article])).values()];
  return {
    heading: `${parcel.label} - superficie mq ${squareMetres.format(parcel.areaM2)}${quality}`,
    paragraphs: [
      zones.length > 0
        ? `Secondo il ${instrument!.kind} vigente (${instrument!.name}, ${instrument!.approvalAct}) ricade in ` +
          zones.map((zone) => `zona ${zone.code} «${zone.name}» per il ${percent.format(zone.sharePercent)}%`).join(', ') +
          '.'
        : 'Non ricade in alcuna zona dello strumento urbanistico vigente.',
      ...articles.map((article) => `Art. ${article.number} - ${article.title}. ${article.text}`),
      constraints.length > 0
        ? 'È soggetta ai seguenti vincoli: ' +
          constraints
            .map((constraint) => `${constraint.name} (${constraint.legalReference}${constraint.act ? `, ${constraint.act}` : ''})`)
            .join('; ') +
          '.'
        : 'Non è soggetta a vincoli.',
    ],
    tables: [],
  };
}

/**
 * Art. 30 DPR 380/2001: the case the request opened is concluded by the certificate. Where the
 * workflow lets the issuer decide (a technician taking it in charge, or holding it; a manager),
 * the case is decided as accepted with the certificate as its outcome document and filed; where
 * it does not (a colleague holds it, or the issuer is an administrator), the certificate is added
 * to the case as its outcome document and the decision stays with the holder.
 */
async function concludeCase(trx: Knex.Transaction, instanceId: number, issued: IssuedCertificate): Promise<void> {
  const actor: Actor | null = await selectCurrentActor(trx);
  if (!actor) throw new AppError('forbidden', 'Not a member of staff', 'not_staff');
  const db = trx as unknown as Knex;
  let detail = await getCase(trx, instanceId, actor);
  if (detail.actions.includes('take_in_charge')) {
    detail = await actOnCase(db, { action: 'take_in_charge', instanceId, expectedVersion: detail.version }, actor);
  }
  const title = `Certificato di destinazione urbanistica n. ${issued.number}/${issued.year}`;
  if (!detail.actions.includes('decide')) {
    await addDocument(trx, { instanceId, title, kind: 'outcome', filename: issued.filename, bytes: issued.pdf, confidential: false });
    return;
  }
  detail = await actOnCase(
    db,
    {
      action: 'decide',
      outcome: 'accepted',
      instanceId,
      expectedVersion: detail.version,
      reason: `Rilasciato il ${title} (art. 30 D.P.R. 380/2001).`,
      document: { filename: issued.filename, contentBase64: issued.pdf.toString('base64') },
    },
    actor,
  );
  if (detail.actions.includes('close')) await actOnCase(db, { action: 'close', instanceId, expectedVersion: detail.version }, actor);
}

export const cduSource: SourceLoader = async (request) => {
  if (request.cduRequestId === null) throw new AppError('validation', 'A CDU answers a request', 'certificates.cdu_request_required');
  const { trx } = request;
  const { row, parcelIds } = await findCduRequest(trx, request.cduRequestId);
  if (row.applicant.personId !== request.holder.id) {
    throw new AppError('validation', 'The CDU is issued to whoever asked for it', 'certificates.cdu_applicant_mismatch');
  }
  if (row.case?.status === 'withdrawn') {
    throw new AppError('conflict', 'The request was withdrawn', 'certificates.cdu_request_withdrawn');
  }
  if (row.certificate) {
    const { number, year } = row.certificate;
    throw new AppError('conflict', `Certificate ${number}/${year} already answers the request`, 'certificates.cdu_already_issued');
  }

  const planning = await planningOfParcels(trx, parcelIds, request.issuedOn);
  // The parcels as the cadastre has them today: one split or merged since the request is not certified.
  const checks = await checkParcels(
    trx,
    planning.map(({ parcel }) => parcel),
  );
  refuseBadParcels(
    checks.map((check, index) =>
      check.status === 'valid' && check.parcel?.id !== planning[index]!.parcel.id
        ? { ...check, status: 'suppressed', reason: PARCEL_REASONS.suppressed }
        : check,
    ),
  );
  if (planning.length !== parcelIds.length) throw new AppError('validation', 'A parcel of the request is missing', PARCEL_REASONS.unknown);

  return {
    fields: {
      ...commonFields(request),
      elenco_particelle: parcelList(planning),
      data_richiesta: formatDay(todayInRome(new Date(row.requestedAt))),
    },
    table: summaryTable(planning),
    sections: planning.map(parcelSection),
    instanceId: row.instanceId,
    onIssued: (issued) => concludeCase(trx, row.instanceId, issued),
  };
};
