/**
 * CDU requests (DPR 380/2001 art. 30): the parcels are checked against the cadastre, the request is
 * registered in the protocol and opens a case of the CDU procedure (30 days, peremptory: the case's
 * clock puts it in the office's worklists), and the request, its case, each parcel's planning data
 * and the archive's precedents on its parcels are read back.
 */
import type { Knex } from 'knex';
import type {
  CduParcelCheck,
  CduRequestDetail,
  CduRequestReceipt,
  CduRequestRow,
  CduValidation,
  CduRequestView,
} from '../../../shared/api/cdu';
import { todayInRome } from '../../../shared/domain/calendar';
import { CDU_PROCEDURE_CODE, cduSubject, parcelLabel, type CduParcelRef, type CduPurpose } from '../../../shared/domain/cdu';
import { parseArchiveQuery } from '../../../shared/domain/archiveQuery';
import { computeProcedureClock } from '../../../shared/domain/procedureClock';
import { AppError } from '../../api/appError';
import { precedentsOf } from '../../archive/precedents';
import { awaitDurable, registerInstance } from '../../protocol/registration';
import { checkParcels, planningOfParcels } from './planning';
import {
  insertRequest,
  selectCduProcedure,
  selectPerson,
  selectRequestIdByKey,
  selectRequests,
  type RequestFilter,
  type RequestRow,
} from './queries';

type Db = Knex | Knex.Transaction;

export async function validateParcels(db: Db, parcels: readonly CduParcelRef[]): Promise<CduValidation> {
  const checks = await checkParcels(db, parcels);
  return { parcels: checks, allValid: checks.every((check) => check.status === 'valid') };
}

/** Refuses, naming each bad parcel by its position, unless every parcel may be certified. */
export function refuseBadParcels(checks: readonly CduParcelCheck[]): void {
  const bad = checks.filter((check) => check.status !== 'valid');
  const first = bad[0];
  if (!first) return;
  throw new AppError(
    'validation',
    `Parcels that cannot be certified: ${bad.map((check) => `${check.label} (${check.status})`).join(', ')}`,
    first.reason ?? undefined,
    bad.map((check) => ({ path: `parcels.${check.position}`, reason: check.reason ?? check.status })),
  );
}

/** Art. 30 c.3: the day the certificate is due, by the ente's CDU procedure clock from the day received. */
async function dueDateOf(db: Db, receivedOn: string): Promise<string> {
  const procedure = await selectCduProcedure(db, CDU_PROCEDURE_CODE);
  if (!procedure) throw new AppError('not_found', 'The ente has no active CDU procedure', 'certificates.cdu_procedure_missing');
  const clock = computeProcedureClock({
    legalTermDays: procedure.legal_term_days,
    clockRule: procedure.clock_rule,
    suspensionAllowed: procedure.suspension_allowed,
    receivedOn,
    ...(procedure.patron_day ? { patronDay: procedure.patron_day } : {}),
    events: [],
    today: receivedOn,
  });
  if (clock.dueDate === null) throw new Error('The CDU procedure clock has no due date');
  return clock.dueDate;
}

export interface CduRequestCommand {
  personId: number;
  parcels: CduParcelRef[];
  purpose: CduPurpose;
  purposeNote: string | null;
  idempotencyKey: string;
}

async function receiptOf(db: Db, requestId: number, alreadyRequested: boolean): Promise<CduRequestReceipt> {
  const row = (await selectRequests(db, requestFilter({ requestId, view: 'all', today: todayInRome() })))[0];
  if (!row?.protocol_year || !row.protocol_number || !row.segnatura || !row.registered_at) {
    throw new AppError('not_found', 'No such CDU request', 'certificates.cdu_request_not_found');
  }
  return {
    requestId,
    instanceId: row.instance_id,
    protocol: {
      year: row.protocol_year,
      number: row.protocol_number,
      segnatura: row.segnatura,
      registeredAt: row.registered_at.toISOString(),
    },
    dueDate: await dueDateOf(db, todayInRome(row.registered_at)),
    alreadyRequested,
  };
}

/**
 * Registers a CDU request at the desk: in one transaction the parcels are checked (a bad one
 * refuses the whole request, nothing is written), the request is protocolled as a case of the CDU
 * procedure and recorded with its parcels. The same idempotency key registers it once: a second
 * submission, even concurrent, gets the first back.
 */
export async function requestCdu(db: Knex, command: CduRequestCommand, now: Date = new Date()): Promise<CduRequestReceipt> {
  const earlier = await selectRequestIdByKey(db, command.idempotencyKey);
  if (earlier !== null) return receiptOf(db, earlier, true);

  const outcome = await db.transaction(async (trx) => {
    // Two submissions with the same key queue here; the second then finds the first's request.
    await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`cdu_request:${command.idempotencyKey}`]);
    const raced = await selectRequestIdByKey(trx, command.idempotencyKey);
    if (raced !== null) return { requestId: raced, alreadyRequested: true };

    const checks = await checkParcels(trx, command.parcels);
    refuseBadParcels(checks);
    await dueDateOf(trx, todayInRome(now));
    const person = await selectPerson(trx, command.personId);
    if (!person) throw new AppError('not_found', 'No such person', 'certificates.person_unknown');

    const registration = await registerInstance(trx as unknown as Knex, {
      channel: 'desk',
      source: { kind: 'desk', externalId: null },
      procedureCode: CDU_PROCEDURE_CODE,
      applicant: {
        kind: 'person',
        codiceFiscale: person.codice_fiscale,
        lastName: person.last_name,
        firstName: person.first_name,
        email: person.email,
        pec: person.pec,
        address: person.address,
        postalCode: person.postal_code,
        city: person.city,
      },
      subject: cduSubject(command.purpose, command.purposeNote, command.parcels),
      receivedAt: now.toISOString(),
      attachments: [],
    });
    const requestId = await insertRequest(trx, {
      instanceId: registration.instanceId,
      personId: person.id,
      purpose: command.purpose,
      purposeNote: command.purposeNote,
      idempotencyKey: command.idempotencyKey,
      parcelIds: checks.map((check) => check.parcel!.id),
    });
    return { requestId, alreadyRequested: false };
  });
  // Nobody is told a protocol number before it is on disk (see registerInstance).
  if (!outcome.alreadyRequested) await awaitDurable(db);
  return receiptOf(db, outcome.requestId, outcome.alreadyRequested);
}

function requestFilter(parts: Partial<RequestFilter> & Pick<RequestFilter, 'view' | 'today'>): RequestFilter {
  return { text: null, parcels: [], offset: 0, limit: 1, ...parts };
}

function toRow(row: RequestRow): CduRequestRow {
  return {
    id: row.id,
    instanceId: row.instance_id,
    requestedAt: row.requested_at.toISOString(),
    requestedBy: row.requested_by,
    applicant: { personId: row.person_id, name: `${row.last_name} ${row.first_name}`, taxCode: row.codice_fiscale },
    purpose: row.purpose,
    purposeNote: row.purpose_note,
    parcels: row.parcels.map(parcelLabel),
    protocol:
      row.protocol_year !== null && row.protocol_number !== null && row.segnatura !== null && row.registered_at !== null
        ? { year: row.protocol_year, number: row.protocol_number, segnatura: row.segnatura, registeredAt: row.registered_at.toISOString() }
        : null,
    case:
      row.status !== null && row.due_date !== null && row.days_left !== null && row.office_name !== null
        ? {
            status: row.status,
            dueDate: row.due_date,
            daysLeft: row.days_left,
            assigneeName: row.assignee_name,
            officeName: row.office_name,
            closed: row.closed === true,
          }
        : null,
    certificate:
      row.certificate_id !== null && row.certificate_year !== null && row.certificate_number !== null
        ? { id: Number(row.certificate_id), year: row.certificate_year, number: row.certificate_number }
        : null,
  };
}

export async function listCduRequests(
  db: Db,
  input: { view: CduRequestView; text: string; offset: number; limit: number },
): Promise<{ rows: CduRequestRow[]; total: number }> {
  const parsed = input.text ? parseArchiveQuery(input.text) : null;
  const parcels = (parsed?.parcels ?? []).flatMap((parcel) =>
    parcel.foglio !== null && parcel.particella !== null
      ? [{ sezione: parcel.sezione, foglio: parcel.foglio, particella: parcel.particella }]
      : [],
  );
  const rows = await selectRequests(
    db,
    requestFilter({
      view: input.view,
      text: input.text || null,
      parcels,
      offset: input.offset,
      limit: input.limit,
      today: todayInRome(),
    }),
  );
  return { rows: rows.map(toRow), total: Number(rows[0]?.total ?? 0) };
}

/** A request's row as the user may see it, and the parcel ids it names (in order). */
export async function findCduRequest(db: Db, requestId: number): Promise<{ row: CduRequestRow; parcelIds: number[] }> {
  const row = (await selectRequests(db, requestFilter({ requestId, view: 'all', today: todayInRome() })))[0];
  if (!row) throw new AppError('not_found', 'No such CDU request', 'certificates.cdu_request_not_found');
  return { row: toRow(row), parcelIds: row.parcel_ids };
}

async function precedentsOfRequest(db: Db, instanceId: number): Promise<CduRequestDetail['precedents']> {
  try {
    const found = await precedentsOf(db, instanceId);
    return { suggested: found.precedents, linked: found.linked };
  } catch (error) {
    // The case belongs to an office the user does not see: so do the links made on it.
    if (error instanceof AppError && error.reason === 'instance_not_found') return null;
    throw error;
  }
}

/** The request with each parcel's zones, articles and constraints as of today, and the archive's precedents. */
export async function getCduRequest(db: Db, requestId: number): Promise<CduRequestDetail> {
  const { row, parcelIds } = await findCduRequest(db, requestId);
  const [planning, precedents] = await Promise.all([
    planningOfParcels(db, parcelIds, todayInRome()),
    precedentsOfRequest(db, row.instanceId),
  ]);
  return { ...row, planning, precedents };
}
