import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { importFolder } from '../../src/main/intake/folderImporter';
import { drainPortalQueue, reviewQuarantineEntry } from '../../src/main/intake/service';
import { IntakeWatcher } from '../../src/main/intake/watcher';
import type { Session } from '../../src/main/session/session';
import { createKnex } from '../../src/main/db/knexFactory';
import { silentLogger } from '../../src/main/logger';
import { personSubmission } from '../fixtures/intake/generate';
import { createEnte, type EnteFixture } from '../support/fixtures';
import { createTestDatabase, type TestDatabase, type TestStaff } from '../support/testDatabase';

/**
 * Portal submissions through the intake folder and the portal's table, as the clerk login the
 * importer runs with: every item registered once, whatever the replays and the importers at once;
 * bad input quarantined with its reason, leaving no instance and no protocol number behind.
 */
const fixtures = path.resolve(__dirname, '../fixtures/intake');

describe('intake of portal submissions', () => {
  let db: TestDatabase;
  let ente: EnteFixture;
  let istat: string;
  let importer: TestStaff;
  let importerDb: Knex;
  let folder: string;
  let counter = 0;

  const submission = (overrides: Record<string, unknown> = {}) => {
    counter += 1;
    return { ...personSubmission(`PORTALE-T-${db.suffix}-${counter}`), enteIstatCode: istat, procedureCode: 'PDC', ...overrides };
  };
  const drop = (name: string, content: unknown) =>
    fs.writeFileSync(path.join(folder, name), typeof content === 'string' || Buffer.isBuffer(content) ? content : JSON.stringify(content));
  const dropFixture = (fixture: string, name = path.basename(fixture)) => {
    const document = JSON.parse(fs.readFileSync(path.join(fixtures, fixture), 'utf8')) as Record<string, unknown>;
    drop(name, { ...document, enteIstatCode: istat, ...(document.procedureCode === 'PERMESSO_COSTRUIRE' ? { procedureCode: 'PDC' } : {}) });
  };
  const run = () => importFolder(importerDb, { kind: 'portal', folder, log: silentLogger });
  const counts = async () => {
    const row = await db.admin.raw<{ rows: { instances: number; entries: number; keys: number; quarantine: number }[] }>(
      `SELECT (SELECT count(*) FROM scrivania.instances)::int AS instances,
              (SELECT count(*) FROM scrivania.protocol_entries)::int AS entries,
              (SELECT count(*) FROM scrivania.registration_keys)::int AS keys,
              (SELECT count(*) FROM scrivania.intake_quarantine)::int AS quarantine`,
    );
    return row.rows[0]!;
  };
  const filesIn = (dir: string): string[] =>
    fs.existsSync(dir)
      ? fs
          .readdirSync(dir, { withFileTypes: true })
          .flatMap((entry) => (entry.isDirectory() ? filesIn(path.join(dir, entry.name)) : [entry.name]))
      : [];

  beforeAll(async () => {
    db = await createTestDatabase();
    ente = await createEnte(db.admin);
    istat = ((await db.admin('scrivania.enti').where('id', ente.enteId).first('istat_code')) as { istat_code: string }).istat_code;
    importer = await db.createStaff({
      enteId: ente.enteId,
      role: 'clerk',
      officeIds: [ente.offices.protocollo, ente.offices.edilizia, ente.offices.anagrafe],
    });
    importerDb = db.connectAs(importer);
  });

  afterAll(async () => {
    await db.drop();
  });

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'scv-intake-portal-'));
  });

  it('registers each valid file once, as the importer, with the submission time as the received date', async () => {
    const first = submission();
    drop('a.json', first);
    drop('b.json', submission());
    const before = await counts();
    const summary = await run();
    expect(summary).toMatchObject({ files: 2, registered: 2, quarantined: 0, duplicates: 0 });
    expect(await counts()).toMatchObject({ instances: before.instances + 2, entries: before.entries + 2 });

    const queued = await db.admin('scrivania.portal_submissions').where({ submission_id: first.submissionId }).first();
    expect(queued).toMatchObject({ status: 'registered', delivered_by: importer.username, processed_by: importer.username });
    const instance = await db.admin('scrivania.instances').where({ id: queued.instance_id }).first();
    expect(instance).toMatchObject({ channel: 'online', applicant_name: 'Rossi Mario', procedure_code: 'PDC' });
    expect(new Date(instance.received_at).toISOString()).toBe(new Date(first.submittedAt).toISOString());
    const entry = await db.admin('scrivania.protocol_entries').where({ instance_id: queued.instance_id }).first();
    expect(entry.segnatura).toBe(queued.protocol_segnatura);
    expect(filesIn(path.join(folder, 'imported')).sort()).toEqual(['a.json', 'b.json']);
    expect(
      filesIn(folder)
        .filter((name) => name.endsWith('.json'))
        .sort(),
    ).toEqual(['a.json', 'b.json']);
  });

  it('a replay of the same folder registers nothing new', async () => {
    const files = [submission(), submission(), submission()];
    files.forEach((file, index) => drop(`replay-${index}.json`, file));
    await run();
    const after = await counts();
    // The portal delivers the very same files again.
    files.forEach((file, index) => drop(`replay-${index}.json`, file));
    const replay = await run();
    expect(replay).toMatchObject({ files: 3, registered: 0, duplicates: 3, quarantined: 0 });
    expect(await counts()).toEqual(after);
  });

  it('two importers at once on the same folder: each submission registered once, every file handled once', async () => {
    const files = Array.from({ length: 24 }, () => submission());
    files.forEach((file, index) => drop(`pair-${String(index).padStart(2, '0')}.json`, file));
    // The same submissions a second time under other names: a portal retrying.
    files.forEach((file, index) => drop(`retry-${String(index).padStart(2, '0')}.json`, file));
    const before = await counts();
    const secondDb = db.connectAs(importer);
    const [one, two] = await Promise.all([run(), importFolder(secondDb, { kind: 'portal', folder, log: silentLogger })]);
    expect(one.files + two.files).toBe(48);
    expect(one.registered + two.registered).toBe(24);
    expect(one.registered + two.registered + one.duplicates + two.duplicates + one.alreadyRegistered + two.alreadyRegistered).toBe(48);
    expect(await counts()).toMatchObject({ instances: before.instances + 24, entries: before.entries + 24, keys: before.keys + 24 });
    const perSubmission = await db
      .admin('scrivania.protocol_entries')
      .whereIn(
        'external_ref',
        files.map((file) => file.submissionId),
      )
      .groupBy('external_ref')
      .select('external_ref', db.admin.raw('count(*)::int AS n'));
    expect(perSubmission).toHaveLength(24);
    expect(perSubmission.every((row: { n: number }) => row.n === 1)).toBe(true);
    expect(filesIn(path.join(folder, 'imported'))).toHaveLength(48);
    expect(filesIn(path.join(folder, '.processing'))).toEqual([]);
  });

  it('a crash between the registration and the move is harmless: the abandoned claim is imported again, registering nothing', async () => {
    const file = submission();
    drop('crash.json', file);
    await run();
    const after = await counts();
    // As if the importer had died just after registering: the claimed file is still in .processing.
    const claimed = path.join(folder, '.processing', `abc123~crash.json`);
    fs.writeFileSync(claimed, JSON.stringify(file));
    const longAgo = new Date(Date.now() - 60 * 60_000);
    fs.utimesSync(claimed, longAgo, longAgo);
    const rerun = await run();
    expect(rerun).toMatchObject({ files: 1, duplicates: 1, registered: 0 });
    expect(await counts()).toEqual(after);
    expect(filesIn(path.join(folder, '.processing'))).toEqual([]);
  });

  const refusals: Array<[string, string, string]> = [
    ['broken/portal-malformato.json', 'malformed_json', 'JSON'],
    ['broken/portal-schema-violato.json', 'schema_violation', 'subject'],
    ['broken/portal-sha256-errato.json', 'sha256_mismatch', 'domanda.pdf'],
    ['broken/portal-codice-fiscale-errato.json', 'invalid_codice_fiscale', 'codiceFiscale'],
    ['broken/portal-procedimento-sconosciuto.json', 'unknown_procedure', 'LICENZA_DI_VOLO'],
    ['broken/portal-eseguibile.json', 'attachment_type_not_allowed', 'domanda.pdf.exe'],
  ];

  for (const [fixture, reason, mentioned] of refusals) {
    it(`a bad file (${path.basename(fixture)}) is quarantined as ${reason}, with no instance and no protocol entry`, async () => {
      if (fixture.endsWith('malformato.json')) drop('bad.json', fs.readFileSync(path.join(fixtures, fixture)));
      else dropFixture(fixture, 'bad.json');
      const before = await counts();
      const summary = await run();
      expect(summary).toMatchObject({ files: 1, quarantined: 1, registered: 0 });
      const after = await counts();
      expect(after).toMatchObject({
        instances: before.instances,
        entries: before.entries,
        keys: before.keys,
        quarantine: before.quarantine + 1,
      });
      const entry = await importerDb('scrivania.intake_quarantine').orderBy('id', 'desc').first();
      expect(entry).toMatchObject({ source: 'portal', origin: 'bad.json', reason, resolution: null, created_by: importer.username });
      expect(entry.detail).toContain(mentioned);
      expect(Buffer.isBuffer(entry.content) && entry.content.length > 0).toBe(true);
      expect(filesIn(path.join(folder, 'quarantined'))).toEqual(['bad.json']);
    });
  }

  it('the same bad file delivered again is the same quarantine entry, seen twice', async () => {
    const bytes = Buffer.from('{"submissionId": "PORTALE-TRONCATO", "subject": "Domanda di');
    const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
    drop('again.json', bytes);
    await run();
    const first = await importerDb('scrivania.intake_quarantine').where({ content_sha256: sha256 }).first();
    drop('again.json', bytes);
    await run();
    const second = await importerDb('scrivania.intake_quarantine').where('id', first.id).first();
    expect(second.seen_count).toBe(first.seen_count + 1);
    expect(await importerDb('scrivania.intake_quarantine').where('content_sha256', first.content_sha256).count({ n: '*' })).toEqual([
      { n: 1 },
    ]);
  });

  it('a submission id reused with other content is refused, and the first registration stands', async () => {
    const original = submission();
    drop('first.json', original);
    await run();
    drop('second.json', { ...original, subject: 'Tutt’altra richiesta, con lo stesso identificativo' });
    const before = await counts();
    expect(await run()).toMatchObject({ quarantined: 1 });
    expect(await counts()).toMatchObject({ instances: before.instances, entries: before.entries });
    expect(await importerDb('scrivania.intake_quarantine').orderBy('id', 'desc').first()).toMatchObject({
      reason: 'submission_id_reused',
      external_id: original.submissionId,
    });
  });

  it('a submission addressed to another comune is refused as wrong_ente', async () => {
    drop('altrove.json', submission({ enteIstatCode: istat === '999999' ? '999998' : '999999' }));
    expect(await run()).toMatchObject({ quarantined: 1 });
    expect(await importerDb('scrivania.intake_quarantine').orderBy('id', 'desc').first()).toMatchObject({ reason: 'wrong_ente' });
  });

  it('delivered into the table by the portal’s own login, registered by the importer once, the outcome readable by the portal', async () => {
    const portalRole = `t${db.suffix}_portale`;
    await db.admin.raw(`CREATE ROLE ${portalRole} LOGIN PASSWORD 'Portale.2026' IN ROLE scrivania_portal`);
    const portal = createKnex(db.target, { user: portalRole, password: 'Portale.2026' }, { max: 1 });
    try {
      const document = submission();
      const deliver = (payload: unknown) =>
        portal.raw<{ rows: { status: string }[] }>('SELECT scrivania.deliver_portal_submission(?, ?::jsonb) AS status', [
          istat,
          JSON.stringify(payload),
        ]);
      expect((await deliver(document)).rows[0]!.status).toBe('accepted');
      expect((await deliver(document)).rows[0]!.status).toBe('already_delivered');
      await expect(deliver({ ...document, subject: 'Altro contenuto con lo stesso identificativo' })).rejects.toMatchObject({
        hint: 'scrivania:submission_id_reused',
      });
      // The portal may not write the table directly, nor read what others delivered.
      await expect(
        portal.raw(`INSERT INTO scrivania.portal_submissions (ente_id, submission_id, payload) VALUES (?, 'X', '{}')`, [ente.enteId]),
      ).rejects.toMatchObject({ code: '42501' });
      await expect(portal.raw('SELECT payload FROM scrivania.portal_submissions')).rejects.toMatchObject({ code: '42501' });

      const before = await counts();
      const drained = await drainPortalQueue(importerDb);
      expect(drained).toMatchObject({ registered: 1, quarantined: 0 });
      expect(await drainPortalQueue(importerDb)).toMatchObject({ registered: 0 });
      expect(await counts()).toMatchObject({ instances: before.instances + 1 });
      const outcome = await portal.raw<{ rows: { status: string; protocol_segnatura: string }[] }>(
        'SELECT status, protocol_segnatura FROM scrivania.portal_submissions WHERE submission_id = ?',
        [document.submissionId],
      );
      expect(outcome.rows).toEqual([{ status: 'registered', protocol_segnatura: expect.stringMatching(/\|\d{7}$/) }]);
    } finally {
      await portal.destroy();
      await db.admin.raw(`DROP OWNED BY ${portalRole}; DROP ROLE ${portalRole}`);
    }
  });

  it('a quarantined submission re-submitted once the catalogue has its procedure is registered, and the entry closed', async () => {
    const document = submission({ procedureCode: 'SUAP_NUOVO' });
    drop('nuovo.json', document);
    expect(await run()).toMatchObject({ quarantined: 1 });
    const entry = await importerDb('scrivania.intake_quarantine').where({ external_id: document.submissionId }).first();
    expect(entry.reason).toBe('unknown_procedure');

    await expect(
      reviewQuarantineEntry(importerDb, { entryId: entry.id, resolution: 'resubmitted', note: 'Procedimento aggiunto al catalogo' }),
    ).rejects.toMatchObject({
      reason: 'still_quarantined',
    });
    expect(await importerDb('scrivania.intake_quarantine').where('id', entry.id).first()).toMatchObject({
      resolution: null,
      seen_count: 2,
    });

    await db.admin('scrivania.procedure_types').insert({
      ente_id: ente.enteId,
      office_id: ente.offices.edilizia,
      code: 'SUAP_NUOVO',
      name: 'Nuovo procedimento SUAP',
      category: 'suap',
      legal_term_days: 30,
      clock_rule: 'silenzio_inadempimento',
      legal_reference: 'DPR 160/2010',
      classification_id: db.admin.raw(`(SELECT classification_id FROM scrivania.procedure_types WHERE ente_id = ? AND code = 'PDC')`, [
        ente.enteId,
      ]),
    });
    const reviewed = await reviewQuarantineEntry(importerDb, {
      entryId: entry.id,
      resolution: 'resubmitted',
      note: 'Procedimento aggiunto al catalogo',
    });
    expect(reviewed).toMatchObject({
      resolution: 'resubmitted',
      resolutionNote: 'Procedimento aggiunto al catalogo',
      reviewedAt: expect.any(String),
    });
    expect(await db.admin('scrivania.portal_submissions').where({ submission_id: document.submissionId }).first()).toMatchObject({
      status: 'registered',
    });
    await expect(
      reviewQuarantineEntry(importerDb, { entryId: entry.id, resolution: 'discarded', note: 'Ripensamento tardivo' }),
    ).rejects.toMatchObject({
      reason: 'quarantine_reviewed',
    });
  });

  it('the app’s watched folder is imported as the clerk signed in there, and waits while only a technician is', async () => {
    const technician = await db.createStaff({ enteId: ente.enteId, role: 'technician', officeIds: [ente.offices.edilizia] });
    const sessionOf = (username: string, role: 'clerk' | 'technician', as: Knex) =>
      ({ info: { username, role }, db: as }) as unknown as Session;
    const watcher = new IntakeWatcher({ portal: folder, pec: null, pollSeconds: 3600 }, silentLogger);
    try {
      const document = submission();
      drop('osservata.json', document);
      const technicianSession = sessionOf(technician.username, 'technician', db.connectAs(technician));
      watcher.sessionChanged(null, technicianSession);
      watcher.poke();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(fs.existsSync(path.join(folder, 'osservata.json'))).toBe(true);

      const clerkSession = sessionOf(importer.username, 'clerk', importerDb);
      watcher.sessionChanged(null, clerkSession);
      await vi.waitFor(() => expect(filesIn(path.join(folder, 'imported'))).toEqual(['osservata.json']), {
        timeout: 15_000,
        interval: 100,
      });
      expect(await db.admin('scrivania.portal_submissions').where({ submission_id: document.submissionId }).first()).toMatchObject({
        status: 'registered',
        processed_by: importer.username,
      });
      watcher.sessionChanged(clerkSession, null);
      watcher.sessionChanged(technicianSession, null);
    } finally {
      await watcher.stop();
    }
  });

  it('what arrived cannot be rewritten, not even by the clerk who imported it', async () => {
    const entry = await importerDb('scrivania.intake_quarantine').first();
    await expect(
      importerDb('scrivania.intake_quarantine')
        .where('id', entry.id)
        .update({ content: Buffer.from('altro') }),
    ).rejects.toMatchObject({
      hint: 'scrivania:quarantine_immutable',
    });
    const queued = await importerDb('scrivania.portal_submissions').where('status', 'registered').first();
    await expect(
      importerDb('scrivania.portal_submissions').where('id', queued.id).update({ status: 'pending', instance_id: null }),
    ).rejects.toMatchObject({
      hint: 'scrivania:submission_registered',
    });
  });
});
