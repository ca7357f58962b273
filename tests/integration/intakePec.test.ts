import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importFolder } from '../../src/main/intake/folderImporter';
import { listArrivals } from '../../src/main/intake/queries';
import { arrivalDetail, discardArrival, registerArrival } from '../../src/main/intake/service';
import { silentLogger } from '../../src/main/logger';
import { APPLICANT_CF, DOMANDA_PDF, PEC_IDENTIFICATIVO, PEC_SUBJECT, PLAIN_MESSAGE_ID } from '../fixtures/intake/generate';
import { createEnte, type EnteFixture } from '../support/fixtures';
import { createTestDatabase, type TestDatabase, type TestStaff } from '../support/testDatabase';

/**
 * PEC and e-mail: imported into the inbox once per identificativo / Message-ID, whatever the replays
 * and importers; completed and registered by a clerk under their own role; refused deliveries kept
 * in the quarantine, with nothing in the inbox or the register.
 */
const fixtures = path.resolve(__dirname, '../fixtures/intake');

describe('intake of PEC and e-mail', () => {
  let db: TestDatabase;
  let ente: EnteFixture;
  let importer: TestStaff;
  let importerDb: Knex;
  let clerk: TestStaff;
  let clerkDb: Knex;
  let technicianDb: Knex;
  let strangerDb: Knex;
  let folder: string;
  let personId: number;

  const copy = (fixture: string, name = path.basename(fixture)) => fs.copyFileSync(path.join(fixtures, fixture), path.join(folder, name));
  const run = (as: Knex = importerDb) => importFolder(as, { kind: 'pec', folder, log: silentLogger });
  const arrivalByExternalId = async (externalId: string) =>
    (await importerDb('scrivania.intake_items').where({ external_id: externalId }).first()) as { id: number; status: string } | undefined;
  const registrations = async () =>
    (await db.admin.raw<{ rows: { n: number }[] }>('SELECT count(*)::int AS n FROM scrivania.protocol_entries')).rows[0]!.n;

  beforeAll(async () => {
    db = await createTestDatabase();
    ente = await createEnte(db.admin);
    const other = await createEnte(db.admin, 'Comune di Altrove');
    importer = await db.createStaff({ enteId: ente.enteId, role: 'clerk', officeIds: [ente.offices.protocollo] });
    importerDb = db.connectAs(importer);
    clerk = await db.createStaff({
      enteId: ente.enteId,
      role: 'clerk',
      officeIds: [ente.offices.protocollo, ente.offices.edilizia],
      name: 'Chiara Lombardi',
    });
    clerkDb = db.connectAs(clerk);
    technicianDb = db.connectAs(await db.createStaff({ enteId: ente.enteId, role: 'technician', officeIds: [ente.offices.edilizia] }));
    strangerDb = db.connectAs(await db.createStaff({ enteId: other.enteId, role: 'clerk', officeIds: [other.offices.protocollo] }));
    // Mario Rossi is already in the registry, with the PEC address he writes from.
    const [person] = await db
      .admin('scrivania.persons')
      .insert({
        ente_id: ente.enteId,
        codice_fiscale: APPLICANT_CF,
        last_name: 'Rossi',
        first_name: 'Mario',
        sex: 'M',
        birth_date: '1980-05-17',
        birth_place: 'Roma',
        pec: 'Mario.Rossi@pec.it',
      })
      .returning('id');
    personId = (person as { id: number }).id;
  });

  afterAll(async () => {
    await db.drop();
  });

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'scv-intake-pec-'));
  });

  it('a PEC delivery enters the inbox once, with the certified data, the message as received and its attachments', async () => {
    copy('pec/consegna-permesso-di-costruire.eml');
    copy('email/richiesta-accesso-atti.eml');
    expect(await run()).toMatchObject({ files: 2, inbox: 2, quarantined: 0 });
    const item = await importerDb('scrivania.intake_items').where({ external_id: PEC_IDENTIFICATIVO }).first();
    expect(item).toMatchObject({
      source: 'pec',
      status: 'pending',
      sender_address: 'mario.rossi@pec.it',
      subject: PEC_SUBJECT,
      imported_by: importer.username,
    });
    expect(new Date(item.received_at).toISOString()).toBe('2026-11-20T08:14:03.000Z');
    expect(item.certification).toMatchObject({ provider: 'ARUBA PEC S.p.A.', identifier: PEC_IDENTIFICATIVO });
    const attachments = await importerDb('scrivania.intake_attachments').where({ item_id: item.id }).orderBy('position');
    expect(attachments.map((a: { filename: string; content_type: string }) => [a.filename, a.content_type])).toEqual([
      ['domanda.pdf', 'application/pdf'],
      ['planimetria.png', 'image/png'],
    ]);
    const raw = await db.admin('scrivania.stored_files').where({ ente_id: ente.enteId, sha256: item.raw_sha256 }).first('bytes');
    expect(raw.bytes.equals(fs.readFileSync(path.join(fixtures, 'pec/consegna-permesso-di-costruire.eml')))).toBe(true);

    // Replayed, and by two importers at once: nothing new in the inbox.
    copy('pec/consegna-permesso-di-costruire.eml', 'copia-1.eml');
    copy('pec/consegna-permesso-di-costruire.eml', 'copia-2.eml');
    copy('email/richiesta-accesso-atti.eml', 'copia-3.eml');
    const [one, two] = await Promise.all([run(), run(db.connectAs(importer))]);
    expect(one.files + two.files).toBe(3);
    expect(one.duplicates + two.duplicates).toBe(3);
    expect(await importerDb('scrivania.intake_items').count({ n: '*' })).toEqual([{ n: 2 }]);
  });

  it('the inbox prefills the applicant from the sender’s PEC address and the codice fiscale in the text', async () => {
    const item = (await arrivalByExternalId(PEC_IDENTIFICATIVO))!;
    const detail = await arrivalDetail(clerkDb, item.id);
    expect(detail.taxCodesInText).toEqual([APPLICANT_CF]);
    expect(detail.applicantMatches).toEqual([
      expect.objectContaining({ kind: 'person', id: personId, codiceFiscale: APPLICANT_CF, lastName: 'Rossi' }),
    ]);
    expect(detail.bodyText).toContain('ampliamento');
    expect(detail.attachments.map((a) => a.filename)).toEqual(['domanda.pdf', 'planimetria.png']);
  });

  it('a technician may look but not register: the registration rolls back whole', async () => {
    const item = (await arrivalByExternalId(PEC_IDENTIFICATIVO))!;
    const before = await registrations();
    await expect(
      registerArrival(technicianDb, {
        arrivalId: item.id,
        procedureCode: 'PDC',
        applicant: {
          kind: 'person',
          codiceFiscale: APPLICANT_CF,
          lastName: 'Rossi',
          firstName: 'Mario',
          email: null,
          pec: 'mario.rossi@pec.it',
          address: null,
          postalCode: null,
          city: null,
        },
        subject: PEC_SUBJECT,
        attachmentIds: [],
      }),
    ).rejects.toMatchObject({ code: '42501' });
    expect(await registrations()).toBe(before);
    expect((await arrivalByExternalId(PEC_IDENTIFICATIVO))!.status).toBe('pending');
  });

  it('a clerk registers the arrival under their own role: protocol, case, documents; the arrival is marked with it', async () => {
    const item = (await arrivalByExternalId(PEC_IDENTIFICATIVO))!;
    const detail = await arrivalDetail(clerkDb, item.id);
    const before = await registrations();
    const command = {
      arrivalId: item.id,
      procedureCode: 'PDC',
      applicant: {
        kind: 'person' as const,
        codiceFiscale: APPLICANT_CF,
        lastName: 'Rossi',
        firstName: 'Mario',
        email: null,
        pec: 'mario.rossi@pec.it',
        address: 'Via dei Tigli 4',
        postalCode: null,
        city: null,
      },
      subject: 'Permesso di costruire: ampliamento in via dei Tigli 4',
      attachmentIds: detail.attachments.map((a) => a.id),
    };
    const result = await registerArrival(clerkDb, command);
    expect(result.alreadyRegistered).toBe(false);
    expect(await registrations()).toBe(before + 1);

    const instance = await clerkDb('scrivania.instances').where({ id: result.instanceId }).first();
    expect(instance).toMatchObject({ channel: 'pec', applicant_person_id: personId, subject: command.subject });
    expect(new Date(instance.received_at).toISOString()).toBe('2026-11-20T08:14:03.000Z');
    const entry = await clerkDb('scrivania.protocol_entries').where({ instance_id: result.instanceId }).first();
    expect(entry).toMatchObject({
      external_ref: PEC_IDENTIFICATIVO,
      channel: 'pec',
      number: result.protocol.number,
      registered_by: clerk.id,
    });
    const documents = await db
      .admin('scrivania.documents as d')
      .join('scrivania.document_versions as v', 'v.document_id', 'd.id')
      .where('d.instance_id', result.instanceId)
      .orderBy('d.id')
      .select('d.kind', 'v.filename', 'v.sha256');
    expect(documents.map((d: { kind: string; filename: string }) => [d.kind, d.filename])).toEqual([
      ['application', 'domanda.pdf'],
      ['attachment', 'planimetria.png'],
      ['attachment', 'testo-del-messaggio.txt'],
      ['attachment', 'messaggio-originale.eml'],
    ]);
    expect(documents[0].sha256).toBe(crypto.createHash('sha256').update(DOMANDA_PDF).digest('hex'));

    const marked = await clerkDb('scrivania.intake_items').where({ id: item.id }).first();
    expect(marked).toMatchObject({
      status: 'registered',
      instance_id: result.instanceId,
      protocol_segnatura: result.protocol.segnatura,
      handled_by: clerk.username,
    });
    expect((await listArrivals(clerkDb, 'pending')).map((a) => a.id)).not.toContain(item.id);

    // Registering it again (a double click, a second clerk) gives the same registration back.
    const again = await registerArrival(clerkDb, command);
    expect(again).toMatchObject({ instanceId: result.instanceId, alreadyRegistered: true });
    expect(await registrations()).toBe(before + 1);
  });

  it('an arrival discarded with a reason cannot then be registered', async () => {
    const item = (await arrivalByExternalId(PLAIN_MESSAGE_ID))!;
    const discarded = await discardArrival(clerkDb, item.id, 'Richiesta già presentata allo sportello');
    expect(discarded).toMatchObject({ id: item.id, status: 'discarded' });
    await expect(discardArrival(clerkDb, item.id, 'Seconda volta')).rejects.toMatchObject({ reason: 'arrival_handled' });
    await expect(
      registerArrival(clerkDb, {
        arrivalId: item.id,
        procedureCode: 'PDC',
        applicant: {
          kind: 'person',
          codiceFiscale: APPLICANT_CF,
          lastName: 'Rossi',
          firstName: 'Mario',
          email: null,
          pec: null,
          address: null,
          postalCode: null,
          city: null,
        },
        subject: 'Accesso agli atti',
        attachmentIds: [],
      }),
    ).rejects.toMatchObject({ reason: 'arrival_discarded' });
    expect(await clerkDb('scrivania.intake_items').where({ id: item.id }).first()).toMatchObject({
      discard_reason: 'Richiesta già presentata allo sportello',
      handled_by: clerk.username,
    });
  });

  it('another ente’s staff see nothing of this inbox', async () => {
    expect(await listArrivals(strangerDb, 'pending')).toEqual([]);
    expect(await strangerDb('scrivania.intake_attachments').count({ n: '*' })).toEqual([{ n: 0 }]);
    const item = (await arrivalByExternalId(PEC_IDENTIFICATIVO))!;
    await expect(arrivalDetail(strangerDb, item.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  const refusals: Array<[string, string]> = [
    ['broken/pec-senza-postacert.eml', 'pec_missing_part'],
    ['broken/pec-senza-daticert.eml', 'pec_missing_part'],
    ['broken/pec-daticert-malformato.eml', 'pec_daticert_invalid'],
    ['broken/pec-ricevuta-accettazione.eml', 'pec_receipt'],
    ['broken/pec-con-eseguibile.eml', 'attachment_type_not_allowed'],
    ['broken/non-un-messaggio.eml', 'eml_malformed'],
  ];

  it('deliveries without the expected parts, receipts, executables and non-messages are quarantined, with nothing in the inbox', async () => {
    for (const [fixture] of refusals) copy(fixture);
    const itemsBefore = await importerDb('scrivania.intake_items').count({ n: '*' });
    const summary = await run();
    expect(summary).toMatchObject({ files: refusals.length, quarantined: refusals.length, inbox: 0 });
    expect(await importerDb('scrivania.intake_items').count({ n: '*' })).toEqual(itemsBefore);
    const entries = await importerDb('scrivania.intake_quarantine')
      .where({ source: 'pec' })
      .select('origin', 'reason', 'detail', 'content');
    for (const [fixture, reason] of refusals) {
      const entry = entries.find((e: { origin: string }) => e.origin === path.basename(fixture));
      expect(entry, fixture).toMatchObject({ reason });
      expect(entry.content.equals(fs.readFileSync(path.join(fixtures, fixture)))).toBe(true);
    }
    expect(entries.find((e: { origin: string }) => e.origin === 'pec-senza-postacert.eml').detail).toBe(
      'PEC envelope without postacert.eml',
    );
  });
});
