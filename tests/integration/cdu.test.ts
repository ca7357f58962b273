import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../src/main/api/appError';
import { certificatePdf, issueCertificate } from '../../src/main/certificates/service';
import { IssueCertificateInput } from '../../src/shared/api/certificates';
import { getCduRequest, listCduRequests, requestCdu, validateParcels } from '../../src/main/certificates/cdu/service';
import { readWorklistPage } from '../../src/main/instances/worklistQueries';
import { WorklistQuery } from '../../src/shared/api/instances';
import { daysBetween, todayInRome } from '../../src/shared/domain/calendar';
import { computeProcedureClock } from '../../src/shared/domain/procedureClock';
import { createArchiveDossier, createSeries } from '../support/archiveFixtures';
import { addCduProcedure, addParcel, addPlanning, zoneParcel, type PlanningFixture } from '../support/cduFixtures';
import { createEnte, createPerson, type EnteFixture } from '../support/fixtures';
import { createTestDatabase, type TestDatabase, type TestStaff } from '../support/testDatabase';

/** DPR 380/2001 art. 30: the CDU lists the planning prescriptions of cadastral parcels, within 30 peremptory days. */
describe('certificato di destinazione urbanistica: parcels, requests as cases, planning data', () => {
  let db: TestDatabase;
  let ente: EnteFixture;
  let otherEnte: EnteFixture;
  let planning: PlanningFixture;
  let technician: TestStaff;
  let technicianDb: Knex;
  let protocolClerkDb: Knex;
  let otherTechnicianDb: Knex;
  let person: number;
  let licenza: number;
  const parcels: Record<string, number> = {};

  const errorOf = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (error: unknown) => error as AppError,
    );
  const counts = async () => ({
    instances: Number((await db.admin('scrivania.instances').where({ ente_id: ente.enteId }).count({ n: '*' }))[0]!.n),
    protocol: Number((await db.admin('scrivania.protocol_entries').where({ ente_id: ente.enteId }).count({ n: '*' }))[0]!.n),
    requests: Number((await db.admin('scrivania.cdu_requests').count({ n: '*' }))[0]!.n),
    requestParcels: Number((await db.admin('scrivania.cdu_request_parcels').count({ n: '*' }))[0]!.n),
  });

  beforeAll(async () => {
    db = await createTestDatabase();
    ente = await createEnte(db.admin, 'Comune di Montesereno');
    otherEnte = await createEnte(db.admin, 'Comune di Valletta');
    await addCduProcedure(db.admin, ente);
    await addCduProcedure(db.admin, otherEnte);
    technician = await db.createStaff({ enteId: ente.enteId, role: 'technician', officeIds: [ente.offices.edilizia] });
    const protocolClerk = await db.createStaff({ enteId: ente.enteId, role: 'clerk', officeIds: [ente.offices.protocollo] });
    const otherTechnician = await db.createStaff({ enteId: otherEnte.enteId, role: 'technician', officeIds: [otherEnte.offices.edilizia] });
    technicianDb = db.connectAs(technician);
    protocolClerkDb = db.connectAs(protocolClerk);
    otherTechnicianDb = db.connectAs(otherTechnician);
    person = await createPerson(db.admin, ente.enteId, { lastName: 'Rossi', firstName: 'Mario' });

    planning = await addPlanning(db.admin, ente.enteId);
    parcels.p345 = await addParcel(db.admin, ente.enteId, { foglio: 12, particella: '345', areaM2: 1200, quality: 'Ente urbano' });
    parcels.p346 = await addParcel(db.admin, ente.enteId, {
      foglio: 12,
      particella: '346',
      areaM2: 3000,
      quality: 'Seminativo',
      suppressed: { on: '2019-04-10', cause: 'frazionamento' },
    });
    parcels.p1501 = await addParcel(db.admin, ente.enteId, { foglio: 12, particella: '1501', areaM2: 1800 });
    parcels.p1502 = await addParcel(db.admin, ente.enteId, { foglio: 12, particella: '1502', areaM2: 1200 });
    await db.admin('scrivania.cadastral_parcel_successors').insert([
      { parcel_id: parcels.p346, successor_id: parcels.p1501, ente_id: ente.enteId },
      { parcel_id: parcels.p346, successor_id: parcels.p1502, ente_id: ente.enteId },
    ]);
    await zoneParcel(db.admin, ente.enteId, planning, parcels.p345!, { B2: 80, F2: 15 });
    await zoneParcel(db.admin, ente.enteId, planning, parcels.p1501!, { B2: 100 });
    const [constraint] = (await db
      .admin('scrivania.planning_constraints')
      .insert({
        ente_id: ente.enteId,
        kind: 'paesaggistico',
        name: 'Fascia di 150 m dal torrente Serena',
        legal_reference: 'D.Lgs. 42/2004 art. 142 c.1 lett. c',
      })
      .returning('id')) as Array<{ id: number }>;
    await db.admin('scrivania.parcel_constraints').insert({ parcel_id: parcels.p345, constraint_id: constraint!.id, ente_id: ente.enteId });
    // The other ente has a parcel 12/345 of its own.
    await addParcel(db.admin, otherEnte.enteId, { foglio: 3, particella: '7', areaM2: 500 });

    const series = await createSeries(db.admin, ente.enteId);
    licenza = (
      await createArchiveDossier(db.admin, ente.enteId, series, {
        year: 1968,
        number: '123',
        subject: 'Costruzione di fabbricato ad uso civile abitazione',
        parcels: [{ sezione: null, foglio: 12, particella: '345', subalterno: 3 }],
      })
    ).dossierId;
  });

  afterAll(async () => {
    await db.drop();
  });

  it('checks each typed parcel: known, suppressed with the parcels it became, unknown, on an unknown foglio, named twice', async () => {
    const result = await validateParcels(technicianDb, [
      { sezione: null, foglio: 12, particella: '345' },
      { sezione: null, foglio: 12, particella: '346' },
      { sezione: null, foglio: 12, particella: '9999' },
      { sezione: null, foglio: 99, particella: '1' },
      { sezione: null, foglio: 12, particella: '345' },
    ]);
    expect(result.allValid).toBe(false);
    expect(result.parcels.map((check) => [check.label, check.status, check.reason])).toEqual([
      ['Fg. 12 part. 345', 'valid', null],
      ['Fg. 12 part. 346', 'suppressed', 'certificates.parcel_suppressed'],
      ['Fg. 12 part. 9999', 'unknown', 'certificates.parcel_unknown'],
      ['Fg. 99 part. 1', 'unknown', 'certificates.foglio_unknown'],
      ['Fg. 12 part. 345', 'duplicate', 'certificates.parcel_duplicate'],
    ]);
    expect(result.parcels[0]!.parcel).toMatchObject({ areaM2: 1200, quality: 'Ente urbano' });
    expect(result.parcels[1]!.suppression).toEqual({
      on: '2019-04-10',
      cause: 'frazionamento',
      successors: ['Fg. 12 part. 1501', 'Fg. 12 part. 1502'],
    });
    const valid = await validateParcels(technicianDb, [{ sezione: null, foglio: 12, particella: '1501' }]);
    expect(valid.allValid).toBe(true);
  });

  it('a bad parcel refuses the whole request and writes nothing: no protocol number, no case, no request', async () => {
    const before = await counts();
    const error = await errorOf(
      requestCdu(protocolClerkDb, {
        personId: person,
        parcels: [
          { sezione: null, foglio: 12, particella: '345' },
          { sezione: null, foglio: 12, particella: '346' },
        ],
        purpose: 'compravendita',
        purposeNote: null,
        idempotencyKey: crypto.randomUUID(),
      }),
    );
    expect(error).toBeInstanceOf(AppError);
    expect(error!.reason).toBe('certificates.parcel_suppressed');
    expect(error!.issues).toEqual([{ path: 'parcels.1', reason: 'certificates.parcel_suppressed' }]);
    expect(await counts()).toEqual(before);
  });

  it('a request at the counter is protocolled and opens a CDU case due 30 days later by the procedure clock, in the office worklist', async () => {
    const receipt = await requestCdu(protocolClerkDb, {
      personId: person,
      parcels: [
        { sezione: null, foglio: 12, particella: '345' },
        { sezione: null, foglio: 12, particella: '1501' },
      ],
      purpose: 'compravendita',
      purposeNote: null,
      idempotencyKey: crypto.randomUUID(),
    });
    const today = todayInRome();
    // Art. 30 c.3: thirty days, moved to the next working day (patron saint of the fixture: 24 June).
    const clock = computeProcedureClock({
      legalTermDays: 30,
      clockRule: 'silenzio_inadempimento',
      suspensionAllowed: false,
      receivedOn: today,
      patronDay: '06-24',
      events: [],
      today,
    });
    expect(receipt.dueDate).toBe(clock.dueDate);
    expect(receipt.alreadyRequested).toBe(false);
    expect(receipt.protocol.year).toBe(Number(today.slice(0, 4)));

    const instance = await db
      .admin('scrivania.instances as i')
      .join('scrivania.procedure_types as p', 'p.id', 'i.procedure_type_id')
      .where('i.id', receipt.instanceId)
      .first(
        'p.code',
        'i.office_id',
        'i.status',
        'i.channel',
        'i.subject',
        'i.applicant_person_id',
        db.admin.raw("to_char(i.due_date, 'YYYY-MM-DD') AS due_date"),
      );
    expect(instance).toEqual({
      code: 'CDU',
      office_id: ente.offices.edilizia,
      status: 'received',
      channel: 'desk',
      subject: 'Certificato di destinazione urbanistica per compravendita, Fg. 12 part. 345; Fg. 12 part. 1501',
      applicant_person_id: person,
      due_date: clock.dueDate,
    });

    const worklist = await readWorklistPage(technicianDb, WorklistQuery.parse({ scope: 'office', startRow: 0, endRow: 100 }), {
      staffId: technician.id,
      officeIds: [ente.offices.edilizia],
    });
    const row = worklist.rows.find((candidate) => candidate.id === receipt.instanceId);
    expect(row).toMatchObject({ procedureCode: 'CDU', dueDate: clock.dueDate, daysLeft: daysBetween(today, clock.dueDate!) });
    expect(daysBetween(today, clock.dueDate!)).toBeGreaterThanOrEqual(30);
  });

  it('the same request sent twice (a double click, even at once) is registered once', async () => {
    const before = await counts();
    const command = {
      personId: person,
      parcels: [{ sezione: null, foglio: 12, particella: '1502' }],
      purpose: 'successione' as const,
      purposeNote: null,
      idempotencyKey: crypto.randomUUID(),
    };
    const [first, second] = await Promise.all([requestCdu(protocolClerkDb, command), requestCdu(protocolClerkDb, command)]);
    expect(first.requestId).toBe(second.requestId);
    expect(first.protocol).toEqual(second.protocol);
    expect([first.alreadyRequested, second.alreadyRequested].sort()).toEqual([false, true]);
    const again = await requestCdu(protocolClerkDb, command);
    expect(again).toMatchObject({ requestId: first.requestId, alreadyRequested: true });
    const after = await counts();
    expect(after).toEqual({
      instances: before.instances + 1,
      protocol: before.protocol + 1,
      requests: before.requests + 1,
      requestParcels: before.requestParcels + 1,
    });
  });

  it("assembles each parcel's zones with their share and area, the articles in order, the constraints, and the archive's precedents", async () => {
    const { rows } = await listCduRequests(technicianDb, { view: 'open', text: 'fg 12 part 345', offset: 0, limit: 10 });
    expect(rows).toHaveLength(1);
    const detail = await getCduRequest(technicianDb, rows[0]!.id);
    expect(detail.parcels).toEqual(['Fg. 12 part. 345', 'Fg. 12 part. 1501']);
    expect(detail.applicant.name).toBe('Rossi Mario');
    expect(detail.case).toMatchObject({ status: 'received', officeName: 'Sportello unico edilizia', closed: false });
    const [p345, p1501] = detail.planning;
    expect(p345!.zones.map((zone) => [zone.code, zone.name, zone.sharePercent, zone.areaM2])).toEqual([
      ['B2', 'Residenziale di completamento', 80, 960],
      ['F2', 'Verde pubblico e sportivo', 15, 180],
    ]);
    expect(p345!.unzonedPercent).toBe(5);
    expect(p345!.zones[0]!.articles.map((article) => `Art. ${article.number} ${article.title}`)).toEqual([
      'Art. 23 Zona B2',
      'Art. 9 Distanze',
    ]);
    expect(p345!.zones[0]!.instrument).toMatchObject({ kind: 'PRG', approvalAct: 'Delibera del Consiglio comunale n. 38 del 27/06/2005' });
    expect(p345!.constraints).toEqual([
      expect.objectContaining({ kind: 'paesaggistico', legalReference: 'D.Lgs. 42/2004 art. 142 c.1 lett. c' }),
    ]);
    expect(p1501!.zones.map((zone) => [zone.code, zone.areaM2])).toEqual([['B2', 1800]]);
    expect(p1501!.constraints).toEqual([]);
    expect(detail.precedents!.suggested.map((precedent) => precedent.dossierId)).toEqual([licenza]);
    expect(detail.precedents!.suggested[0]!.sharedOn).toEqual([{ kind: 'parcel', text: 'Fg. 12 part. 345 sub. 3' }]);
  });

  it('the certificate answers the request: each parcel with its zones, prescriptions and constraints; the case is decided with it and filed', async () => {
    const { rows } = await listCduRequests(technicianDb, { view: 'open', text: 'fg 12 part 345', offset: 0, limit: 10 });
    const request = rows[0]!;
    const issue = (personId: number) =>
      issueCertificate(
        technicianDb,
        { role: 'technician', fullName: 'Stefano Moretti' },
        IssueCertificateInput.parse({
          typeCode: 'CDU',
          personId,
          use: { kind: 'bollo_paper', marcaSerial: '01234567890123' },
          payment: { method: 'cash' },
          cduRequestId: request.id,
          idempotencyKey: crypto.randomUUID(),
        }),
      );
    const stranger = await createPerson(db.admin, ente.enteId, { lastName: 'Verdi', firstName: 'Luca' });
    expect((await errorOf(issue(stranger)))!.reason).toBe('certificates.cdu_applicant_mismatch');

    const certificate = await issue(person);
    const pdf = await certificatePdf(technicianDb, certificate.id, false);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdu-'));
    const file = path.join(dir, 'cdu.pdf');
    fs.writeFileSync(file, Buffer.from(pdf.contentBase64, 'base64'));
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    if (process.env.CDU_PDF_OUT) fs.copyFileSync(file, process.env.CDU_PDF_OUT);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(text).toContain('Fg. 12 part. 345 di mq 1200; Fg. 12 part. 1501 di mq 1800');
    expect(text).toContain('zona B2 «Residenziale di completamento» per il 80%');
    expect(text).toContain('Art. 23 - Zona B2. Indice di fabbricabilità fondiaria 1,5 mc/mq.');
    expect(text).toContain('Fascia di 150 m dal torrente Serena (D.Lgs. 42/2004 art. 142 c.1 lett. c)');
    expect(text).toContain('Viabilità e aree non zonizzate');

    const closed = await db
      .admin('scrivania.instances')
      .where({ id: request.instanceId })
      .first('status', db.admin.raw('closed_at IS NOT NULL AS closed'));
    expect(closed).toEqual({ status: 'accepted', closed: true });
    const outcome = await db.admin('scrivania.documents').where({ instance_id: request.instanceId, kind: 'outcome' }).pluck('title');
    expect(outcome).toEqual(['Provvedimento finale']);
    const decision = await db
      .admin('scrivania.instance_events')
      .where({ instance_id: request.instanceId, action: 'decide' })
      .first('reason');
    expect(decision.reason).toContain(`n. ${certificate.number}/${certificate.year}`);

    expect((await errorOf(issue(person)))!.reason).toBe('certificates.cdu_already_issued');
    const answered = await getCduRequest(technicianDb, request.id);
    expect(answered.certificate).toEqual({ id: certificate.id, year: certificate.year, number: certificate.number });
    expect(answered.case).toMatchObject({ status: 'accepted', closed: true });
  });

  it('the protocol office sees the request and its protocol number, not the case of an office it does not belong to', async () => {
    const { rows, total } = await listCduRequests(protocolClerkDb, { view: 'all', text: 'rossi', offset: 0, limit: 10 });
    expect(total).toBe(2);
    expect(rows.every((row) => row.protocol !== null && row.case === null)).toBe(true);
    const detail = await getCduRequest(protocolClerkDb, rows[0]!.id);
    expect(detail.precedents).toBeNull();
    expect(detail.planning.length).toBeGreaterThan(0);
  });

  it('another ente sees none of the parcels, planning data or requests, and its own parcels are unknown here', async () => {
    expect(await otherTechnicianDb('scrivania.cadastral_parcels').pluck('foglio')).toEqual([3]);
    expect(await otherTechnicianDb('scrivania.planning_zones').select('id')).toEqual([]);
    expect(await otherTechnicianDb('scrivania.parcel_zones').select('zone_id')).toEqual([]);
    expect(await otherTechnicianDb('scrivania.cdu_requests').select('id')).toEqual([]);
    expect(await listCduRequests(otherTechnicianDb, { view: 'all', text: '', offset: 0, limit: 10 })).toEqual({ rows: [], total: 0 });
    const anyRequest = (await db.admin('scrivania.cdu_requests').first('id')) as { id: string };
    expect((await errorOf(getCduRequest(otherTechnicianDb, Number(anyRequest.id))))!.reason).toBe('certificates.cdu_request_not_found');
    const check = await validateParcels(otherTechnicianDb, [{ sezione: null, foglio: 12, particella: '345' }]);
    expect(check.parcels[0]).toMatchObject({ status: 'unknown', reason: 'certificates.foglio_unknown' });
    const ours = await validateParcels(technicianDb, [{ sezione: null, foglio: 3, particella: '7' }]);
    expect(ours.parcels[0]!.status).toBe('unknown');
  });

  it('only administrators change the cadastre; requests are never changed; every write is audited', async () => {
    await expect(
      technicianDb('scrivania.cadastral_parcels').insert({
        ente_id: ente.enteId,
        foglio: 1,
        particella: '1',
        area_m2: 10,
        valid_from: '2020-01-01',
      }),
    ).rejects.toThrow(/permission denied/);
    await expect(technicianDb('scrivania.cdu_requests').update({ purpose: 'mutuo' })).rejects.toThrow(/permission denied/);
    await expect(db.admin('scrivania.cdu_requests').update({ purpose: 'mutuo' })).rejects.toThrow(/append-only/);
    const audited = await db.admin('scrivania.audit_log').whereIn('table_name', ['cdu_requests', 'cdu_request_parcels']).pluck('actor');
    expect(audited.length).toBe(5);
    expect(new Set(audited).size).toBe(1);
  });

  it('the shares of one parcel in the zones of one instrument never exceed 100%', async () => {
    await expect(zoneParcel(db.admin, ente.enteId, planning, parcels.p1502!, { B2: 70, F2: 40 })).rejects.toThrow(/zoned for 110/);
  });
});
