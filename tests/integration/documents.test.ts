import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/main/api/appError';
import { databaseErrorToApiError } from '../../src/main/db/errors';
import { CASE_ATTACHMENT_KINDS } from '../../src/main/documents/contentType';
import { postgresFileStore, storageKeyOf } from '../../src/main/documents/fileStore';
import { addDocument, addVersion, listDocuments, readVersion } from '../../src/main/documents/service';
import { createEnte, createInstance, createPerson, type EnteFixture } from '../support/fixtures';
import { docxBytes, pdfBytes, pngBytes, readFixture } from '../support/documentFixtures';
import { createTestDatabase, type TestDatabase, type TestStaff } from '../support/testDatabase';

const sha256 = (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex');

async function counts(admin: Knex) {
  const result = await admin.raw<{ rows: { documents: number; versions: number; files: number }[] }>(`
    SELECT (SELECT count(*) FROM scrivania.documents)::int AS documents,
           (SELECT count(*) FROM scrivania.document_versions)::int AS versions,
           (SELECT count(*) FROM scrivania.stored_files)::int AS files`);
  return result.rows[0]!;
}

/** Rejects with the AppError the service threw, so its code and reason can be checked. */
async function refusal(work: Promise<unknown>) {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return { code: (error as AppError).code, reason: (error as AppError).reason };
}

describe('document storage, as staff roles under row-level security', () => {
  let db: TestDatabase;
  let ente: EnteFixture;
  let otherEnte: EnteFixture;
  let clerk: TestStaff;
  let colleague: TestStaff;
  let anagrafeClerk: TestStaff;
  let foreignClerk: TestStaff;
  let clerkDb: Knex;
  let colleagueDb: Knex;
  let anagrafeDb: Knex;
  let foreignDb: Knex;
  let instanceId: number;
  let secondInstanceId: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    ente = await createEnte(db.admin, 'Comune di Castelprova');
    otherEnte = await createEnte(db.admin, 'Comune di Altrove');
    clerk = await db.createStaff({ enteId: ente.enteId, role: 'clerk', officeIds: [ente.offices.edilizia], name: 'Chiara Lombardi' });
    colleague = await db.createStaff({ enteId: ente.enteId, role: 'technician', officeIds: [ente.offices.edilizia] });
    anagrafeClerk = await db.createStaff({ enteId: ente.enteId, role: 'clerk', officeIds: [ente.offices.anagrafe] });
    foreignClerk = await db.createStaff({ enteId: otherEnte.enteId, role: 'clerk', officeIds: [otherEnte.offices.edilizia] });
    const person = await createPerson(db.admin, ente.enteId, { lastName: 'Rossi', firstName: 'Mario' });
    instanceId = await createInstance(db.admin, ente, {
      officeId: ente.offices.edilizia,
      procedureTypeId: ente.procedures.permesso,
      personId: person,
    });
    secondInstanceId = await createInstance(db.admin, ente, {
      officeId: ente.offices.edilizia,
      procedureTypeId: ente.procedures.scia,
      personId: person,
    });
    clerkDb = db.connectAs(clerk);
    colleagueDb = db.connectAs(colleague);
    anagrafeDb = db.connectAs(anagrafeClerk);
    foreignDb = db.connectAs(foreignClerk);
  });

  afterAll(async () => {
    await db.drop();
  });

  it('a clerk adds a document and a new version; both are listed with their SHA-256, newest first', async () => {
    const first = pdfBytes(['Domanda di permesso di costruire']);
    const second = pdfBytes(['Domanda di permesso di costruire', 'Pagina integrata']);
    const added = await clerkDb.transaction((trx) =>
      addDocument(trx, {
        instanceId,
        title: 'Domanda',
        kind: 'application',
        filename: 'C:\\fakepath\\domanda.pdf',
        bytes: first,
        confidential: false,
      }),
    );
    expect(added).toMatchObject({ instanceId, title: 'Domanda', kind: 'application', confidential: false, currentVersion: 1 });
    expect(added.versions).toEqual([
      expect.objectContaining({
        version: 1,
        filename: 'domanda.pdf',
        contentType: 'application/pdf',
        size: first.length,
        sha256: sha256(first),
        uploadedBy: { id: clerk.id, name: 'Chiara Lombardi' },
        note: null,
        nameCheck: 'matches',
      }),
    ]);

    const revised = await colleagueDb.transaction((trx) =>
      addVersion(trx, added.id, { filename: 'domanda-v2.pdf', bytes: second, note: 'Pagina 2 aggiunta' }),
    );
    expect(revised.currentVersion).toBe(2);
    expect(revised.versions.map((v) => [v.version, v.filename, v.sha256, v.note])).toEqual([
      [2, 'domanda-v2.pdf', sha256(second), 'Pagina 2 aggiunta'],
      [1, 'domanda.pdf', sha256(first), null],
    ]);

    const listed = await listDocuments(clerkDb, instanceId);
    expect(listed.find((d) => d.id === added.id)).toEqual(revised);
  });

  it('the bytes come back exactly as stored, with the SHA-256 recorded at upload', async () => {
    const scan = readFixture('foto.jpg');
    const document = await clerkDb.transaction((trx) =>
      addDocument(trx, {
        instanceId,
        title: 'Foto del cantiere',
        kind: 'attachment',
        filename: 'cantiere.jpg',
        bytes: scan,
        confidential: false,
      }),
    );
    const content = await readVersion(clerkDb, document.versions[0]!.id);
    expect(content).toMatchObject({ filename: 'cantiere.jpg', contentType: 'image/jpeg', size: scan.length, sha256: sha256(scan) });
    expect(Buffer.compare(content.bytes, scan)).toBe(0);
  });

  it('the same bytes are stored once, however many documents refer to them', async () => {
    const signed = readFixture('fattura.xml.p7m');
    const a = await clerkDb.transaction((trx) =>
      addDocument(trx, {
        instanceId,
        title: 'Fattura firmata',
        kind: 'attachment',
        filename: 'fattura.xml.p7m',
        bytes: signed,
        confidential: false,
      }),
    );
    const b = await colleagueDb.transaction((trx) =>
      addDocument(trx, {
        instanceId: secondInstanceId,
        title: 'Copia fattura',
        kind: 'other',
        filename: 'copia.xml.p7m',
        bytes: signed,
        confidential: false,
      }),
    );
    expect(a.versions[0]!.sha256).toBe(b.versions[0]!.sha256);
    const stored = await db
      .admin('scrivania.stored_files')
      .where({ ente_id: ente.enteId, sha256: sha256(signed) })
      .select('size', 'content_type');
    expect(stored).toEqual([{ size: signed.length, content_type: 'application/pkcs7-mime' }]);
    const referring = await db
      .admin('scrivania.document_versions')
      .where({ sha256: sha256(signed) })
      .count<{ count: number }[]>({ count: '*' });
    expect(Number(referring[0]!.count)).toBe(2);
  });

  it('versions added at the same moment get consecutive numbers from the database', async () => {
    const document = await clerkDb.transaction((trx) =>
      addDocument(trx, {
        instanceId,
        title: 'Relazione tecnica',
        kind: 'integration',
        filename: 'relazione.docx',
        bytes: docxBytes(),
        confidential: false,
      }),
    );
    const texts = ['revisione A', 'revisione B', 'revisione C'];
    await Promise.all(
      texts.map((text, i) =>
        (i % 2 === 0 ? clerkDb : colleagueDb).transaction((trx) =>
          addVersion(trx, document.id, { filename: `relazione-${i}.txt`, bytes: Buffer.from(`Relazione, ${text}\n`), note: null }),
        ),
      ),
    );
    const [listed] = (await listDocuments(clerkDb, instanceId)).filter((d) => d.id === document.id);
    expect(listed!.currentVersion).toBe(4);
    expect(listed!.versions.map((v) => v.version)).toEqual([4, 3, 2, 1]);
  });

  it('versions and stored bytes can be neither updated nor deleted, not even by the superuser that owns the tables', async () => {
    const version = await db.admin('scrivania.document_versions').first('id', 'sha256', 'ente_id');
    const attempts = [
      db.admin.raw("UPDATE scrivania.document_versions SET filename = 'altro.pdf' WHERE id = ?", [version.id]),
      db.admin.raw('DELETE FROM scrivania.document_versions WHERE id = ?', [version.id]),
      db.admin.raw("UPDATE scrivania.stored_files SET bytes = '\\x00'::bytea WHERE ente_id = ? AND sha256 = ?", [
        version.ente_id,
        version.sha256,
      ]),
      db.admin.raw('DELETE FROM scrivania.stored_files WHERE ente_id = ? AND sha256 = ?', [version.ente_id, version.sha256]),
      db.admin.raw('TRUNCATE scrivania.document_versions CASCADE'),
      db.admin.raw('TRUNCATE scrivania.stored_files CASCADE'),
    ];
    for (const attempt of attempts) {
      const error = await attempt.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ code: '42501', hint: 'scrivania:document_immutable' });
      expect(databaseErrorToApiError(error)).toMatchObject({ code: 'forbidden', reason: 'document_immutable' });
    }
    const still = await db.admin('scrivania.document_versions').where('id', version.id).first('filename');
    expect(still.filename).not.toBe('altro.pdf');
  });

  it('staff cannot update or delete documents, versions or bytes either', async () => {
    await expect(clerkDb.raw("UPDATE scrivania.documents SET title = 'manomesso'")).rejects.toMatchObject({ code: '42501' });
    await expect(clerkDb.raw('DELETE FROM scrivania.document_versions')).rejects.toMatchObject({ code: '42501' });
    await expect(clerkDb.raw('DELETE FROM scrivania.stored_files')).rejects.toMatchObject({ code: '42501' });
  });

  describe("another office's or another ente's clerk", () => {
    let confidentialVersionId: number;
    let confidentialSha: string;
    const secret = pdfBytes(['Relazione riservata: accertamento in corso']);

    beforeAll(async () => {
      const document = await clerkDb.transaction((trx) =>
        addDocument(trx, {
          instanceId,
          title: 'Accertamento',
          kind: 'other',
          filename: 'accertamento.pdf',
          bytes: secret,
          confidential: true,
        }),
      );
      expect(document.confidential).toBe(true);
      confidentialVersionId = document.versions[0]!.id;
      confidentialSha = document.versions[0]!.sha256;
    });

    it('cannot see the instance, its documents or their versions', async () => {
      for (const otherDb of [anagrafeDb, foreignDb]) {
        expect(await refusal(listDocuments(otherDb, instanceId))).toEqual({ code: 'not_found', reason: 'instance_not_found' });
        expect(await otherDb('scrivania.documents').where('instance_id', instanceId).select('id')).toEqual([]);
        expect(await otherDb('scrivania.document_versions').where('id', confidentialVersionId).select('id')).toEqual([]);
        expect(await refusal(readVersion(otherDb, confidentialVersionId))).toEqual({ code: 'not_found', reason: 'version_not_found' });
      }
    });

    it('cannot read the bytes even knowing their hash', async () => {
      for (const otherDb of [anagrafeDb, foreignDb]) {
        const rows = await otherDb.raw<{ rows: unknown[] }>('SELECT bytes FROM scrivania.stored_files WHERE sha256 = ?', [confidentialSha]);
        expect(rows.rows).toEqual([]);
        expect(await postgresFileStore(otherDb).get(storageKeyOf(ente.enteId, confidentialSha))).toBeNull();
        expect(await postgresFileStore(otherDb).exists(storageKeyOf(ente.enteId, confidentialSha))).toBe(false);
      }
      expect(await postgresFileStore(clerkDb).exists(storageKeyOf(ente.enteId, confidentialSha))).toBe(true);
    });

    it('cannot add a document or a version to a case they cannot see', async () => {
      const before = await counts(db.admin);
      expect(
        await refusal(
          anagrafeDb.transaction((trx) =>
            addDocument(trx, { instanceId, title: 'Intruso', kind: 'other', filename: 'x.pdf', bytes: pdfBytes(), confidential: false }),
          ),
        ),
      ).toEqual({ code: 'not_found', reason: 'instance_not_found' });
      const [document] = await listDocuments(clerkDb, instanceId);
      expect(
        await refusal(foreignDb.transaction((trx) => addVersion(trx, document!.id, { filename: 'x.pdf', bytes: pdfBytes(), note: null }))),
      ).toEqual({ code: 'not_found', reason: 'document_not_found' });
      expect(await counts(db.admin)).toEqual(before);
    });

    it('cannot slip a version into a hidden document with raw SQL', async () => {
      const [document] = await listDocuments(clerkDb, instanceId);
      const version = await db.admin('scrivania.document_versions').where('document_id', document!.id).first('sha256');
      await expect(
        anagrafeDb('scrivania.document_versions').insert({
          document_id: document!.id,
          ente_id: ente.enteId,
          sha256: version.sha256,
          filename: 'x.pdf',
        }),
      ).rejects.toMatchObject({ code: '42501' });
      const current = await db.admin('scrivania.documents').where('id', document!.id).first('current_version');
      expect(current.current_version).toBe(document!.currentVersion);
    });
  });

  it('refuses a wrong type, a lying name or a file too large, writing nothing', async () => {
    const before = await counts(db.admin);
    const attempt = (filename: string, bytes: Uint8Array, maxBytes = 1024 * 1024) =>
      refusal(
        clerkDb.transaction((trx) =>
          addDocument(
            trx,
            { instanceId, title: 'Allegato', kind: 'attachment', filename, bytes, confidential: false },
            { policy: { kinds: CASE_ATTACHMENT_KINDS, maxBytes } },
          ),
        ),
      );
    expect(await attempt('programma.exe', Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03]))).toEqual({
      code: 'validation',
      reason: 'type_not_allowed',
    });
    expect(await attempt('domanda.pdf', pngBytes())).toEqual({ code: 'validation', reason: 'name_mismatch' });
    expect(await attempt('grande.pdf', pdfBytes(['x'.repeat(2000)]), 1000)).toEqual({ code: 'validation', reason: 'too_large' });
    expect(await attempt('vuoto.pdf', new Uint8Array())).toEqual({ code: 'validation', reason: 'empty_file' });
    expect(await counts(db.admin)).toEqual(before);
  });

  it('keeps a name that only hints at a sibling type, and records that it did not match', async () => {
    const document = await clerkDb.transaction((trx) =>
      addDocument(trx, { instanceId, title: 'Foto', kind: 'attachment', filename: 'foto.jpg', bytes: pngBytes(2, 2), confidential: false }),
    );
    expect(document.versions[0]).toMatchObject({ filename: 'foto.jpg', contentType: 'image/png', nameCheck: 'sibling_type' });
  });

  it('nothing is half-written: a failure after the document row rolls the bytes back too', async () => {
    const before = await counts(db.admin);
    const unique = pdfBytes([`Annullato ${crypto.randomUUID()}`]);
    await expect(
      clerkDb.transaction(async (trx) => {
        await addDocument(trx, {
          instanceId,
          title: 'Provvisorio',
          kind: 'attachment',
          filename: 'p.pdf',
          bytes: unique,
          confidential: false,
        });
        throw new Error('the registration step after it failed');
      }),
    ).rejects.toThrow('the registration step after it failed');
    expect(await counts(db.admin)).toEqual(before);
  });

  it('the database refuses a document without a version at commit', async () => {
    await expect(
      clerkDb.transaction(async (trx) => {
        await trx('scrivania.documents').insert({ ente_id: ente.enteId, instance_id: instanceId, title: 'Vuoto', kind: 'other' });
      }),
    ).rejects.toMatchObject({ code: '23514', hint: 'scrivania:document_without_version' });
  });

  it('the database refuses bytes stored under a false hash or size', async () => {
    const bytes = Buffer.from('contenuto vero\n');
    await expect(
      clerkDb('scrivania.stored_files').insert({
        ente_id: ente.enteId,
        sha256: sha256(Buffer.from('altro')),
        size: bytes.length,
        content_type: 'text/plain',
        bytes,
      }),
    ).rejects.toMatchObject({ code: '23514', constraint: 'stored_files_hash_matches' });
    await expect(
      clerkDb('scrivania.stored_files').insert({ ente_id: ente.enteId, sha256: sha256(bytes), size: 3, content_type: 'text/plain', bytes }),
    ).rejects.toMatchObject({ code: '23514', constraint: 'stored_files_size_matches' });
    await expect(
      clerkDb('scrivania.stored_files').insert({
        ente_id: otherEnte.enteId,
        sha256: sha256(bytes),
        size: bytes.length,
        content_type: 'text/plain',
        bytes,
      }),
    ).rejects.toMatchObject({ code: '42501' });
  });

  it("a clerk cannot sign a version in a colleague's name", async () => {
    const [document] = await listDocuments(clerkDb, instanceId);
    const version = document!.versions[0]!;
    await expect(
      clerkDb('scrivania.document_versions').insert({
        document_id: document!.id,
        ente_id: ente.enteId,
        sha256: version.sha256,
        filename: 'falso.pdf',
        uploaded_by: colleague.id,
      }),
    ).rejects.toMatchObject({ code: '42501' });
  });

  it('each document and version records who added it; later changes are in the audit log', async () => {
    const documents = await db.admin('scrivania.documents').where({ ente_id: ente.enteId }).select('id', 'created_by');
    expect(documents.map((d) => d.created_by)).toContain(clerk.username);
    const versions = await db.admin('scrivania.document_versions').where({ ente_id: ente.enteId }).select('version', 'uploaded_by_login');
    expect(versions.filter((v) => v.version > 1).map((v) => v.uploaded_by_login)).toContain(colleague.username);
    // A document's creation (with its first version) is its own record; what changes it after is logged.
    const audited = await db.admin('scrivania.audit_log').whereIn('table_name', ['documents', 'document_versions']).select('action', 'actor', 'changes');
    expect(audited.filter((a) => a.action === 'INSERT')).toEqual([]);
    expect(audited.some((a) => a.actor === colleague.username && JSON.stringify(a.changes).includes('current_version'))).toBe(true);
  });
});
