import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseErrorToApiError } from '../../src/main/db/errors';
import type { CertificateDetail, IssueCertificateValue } from '../../src/shared/api/certificates';
import { todayInRome } from '../../src/shared/domain/calendar';
import { ART_40_WORDING, certificateValidUntil, generateVerificationCode } from '../../src/shared/domain/certificates';
import { certificateQr, certificateText } from '../support/certificatePdf';
import { callAs, failed, ok, type ChannelCall } from '../support/dispatchAs';
import { createEnte, createPerson, type EnteFixture } from '../support/fixtures';
import { createTestDatabase, type TestDatabase, type TestStaff } from '../support/testDatabase';

describe('certificates at the desk: issuing, register, duplicates, annulment, verification', () => {
  let db: TestDatabase;
  let ente: EnteFixture;
  let otherEnte: EnteFixture;
  let clerk: TestStaff;
  let secondClerk: TestStaff;
  let technician: TestStaff;
  let manager: TestStaff;
  let otherClerk: TestStaff;
  let clerkDb: Knex;
  let secondClerkDb: Knex;
  let technicianDb: Knex;
  let otherDb: Knex;
  let asClerk: ChannelCall;
  let asSecondClerk: ChannelCall;
  let asTechnician: ChannelCall;
  let asManager: ChannelCall;
  let asOther: ChannelCall;
  const people = { mario: 0, anna: 0, giulia: 0, paolo: 0 };

  const residence = (personId: number, overrides: Partial<IssueCertificateValue> = {}): IssueCertificateValue => ({
    typeCode: 'RESIDENZA',
    personId,
    use: { kind: 'bollo_paper', marcaSerial: '01234567890123' },
    payment: { method: 'cash' },
    idempotencyKey: crypto.randomUUID(),
    ...overrides,
  });

  const certificateCount = async () =>
    Number((await db.admin('scrivania.certificates').count<{ count: string }[]>({ count: '*' }))[0]!.count);
  const counter = async (enteId: number) =>
    (
      (await db.admin('scrivania.certificate_counters').where({ ente_id: enteId }).first('last_number')) as
        { last_number: number } | undefined
    )?.last_number ?? 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    ente = await createEnte(db.admin, 'Comune di Montesereno');
    otherEnte = await createEnte(db.admin, 'Comune Vicino');
    clerk = await db.createStaff({ enteId: ente.enteId, role: 'clerk', officeIds: [ente.offices.anagrafe] });
    secondClerk = await db.createStaff({ enteId: ente.enteId, role: 'clerk', officeIds: [ente.offices.anagrafe] });
    technician = await db.createStaff({ enteId: ente.enteId, role: 'technician', officeIds: [ente.offices.edilizia] });
    manager = await db.createStaff({ enteId: ente.enteId, role: 'manager', officeIds: [ente.offices.anagrafe] });
    otherClerk = await db.createStaff({ enteId: otherEnte.enteId, role: 'clerk', officeIds: [otherEnte.offices.anagrafe] });
    clerkDb = db.connectAs(clerk);
    secondClerkDb = db.connectAs(secondClerk);
    technicianDb = db.connectAs(technician);
    otherDb = db.connectAs(otherClerk);
    asClerk = callAs(clerk, clerkDb, ente, { fullName: 'Chiara Lombardi' });
    asSecondClerk = callAs(secondClerk, secondClerkDb, ente, { fullName: 'Giuseppe Greco' });
    asTechnician = callAs(technician, technicianDb, ente, { fullName: 'Stefano Moretti' });
    asManager = callAs(manager, db.connectAs(manager), ente, { fullName: 'Laura Ricci' });
    asOther = callAs(otherClerk, otherDb, otherEnte, { fullName: 'Altro Impiegato' });

    people.mario = await createPerson(db.admin, ente.enteId, { lastName: 'Rossi', firstName: 'Mario', birthDate: '1968-03-02', sex: 'M' });
    people.anna = await createPerson(db.admin, ente.enteId, { lastName: 'Bianchi', firstName: 'Anna', birthDate: '1971-11-20', sex: 'F' });
    people.giulia = await createPerson(db.admin, ente.enteId, {
      lastName: 'Rossi',
      firstName: 'Giulia',
      birthDate: '2004-12-30',
      sex: 'F',
    });
    people.paolo = await createPerson(db.admin, ente.enteId, { lastName: 'Neri', firstName: 'Paolo', birthDate: '1985-01-09', sex: 'M' });
    const [street] = await db
      .admin('scrivania.archive_streets')
      .insert({ ente_id: ente.enteId, street_type: 'via', name: 'della Libertà' })
      .returning<Array<{ id: number }>>('id');
    const address = { street_id: street!.id, house_number: '12', postal_code: '06030', city: 'Montesereno' };
    await clerkDb.transaction(async (trx) => {
      const [household] = await trx('scrivania.households')
        .insert({ ente_id: ente.enteId, ...address, formed_on: '1999-09-18' })
        .returning<Array<{ id: number }>>('id');
      await trx('scrivania.residences').insert(
        [
          [people.mario, '1999-09-18'],
          [people.anna, '1999-09-18'],
          [people.giulia, '2004-12-30'],
        ].map(([id, since]) => ({ ente_id: ente.enteId, person_id: id, ...address, resident_since: since })),
      );
      await trx('scrivania.household_members').insert([
        {
          ente_id: ente.enteId,
          household_id: household!.id,
          person_id: people.mario,
          relationship: 'intestatario_scheda',
          member_from: '1999-09-18',
        },
        { ente_id: ente.enteId, household_id: household!.id, person_id: people.anna, relationship: 'coniuge', member_from: '1999-09-18' },
        { ente_id: ente.enteId, household_id: household!.id, person_id: people.giulia, relationship: 'figlio', member_from: '2004-12-30' },
      ]);
      await trx('scrivania.birth_records').insert({
        ente_id: ente.enteId,
        person_id: people.giulia,
        act_year: 2005,
        act_number: '3',
        act_part: 'I',
        birth_time: '23:40',
        birth_place: 'Montesereno (PG)',
        father_name: 'Mario Rossi',
        mother_name: 'Anna Bianchi',
      });
    });
  });

  afterAll(async () => {
    await Promise.all([clerkDb, secondClerkDb, technicianDb, otherDb].map((k) => k.destroy()));
    await db.drop();
  });

  let residenceCertificate: CertificateDetail;

  it('issues a residence certificate with a paper bollo: number, fees, PDF with the art. 40 wording and a QR code that verifies it', async () => {
    const quote = ok(
      await asClerk('certificates/quote', { typeCode: 'RESIDENZA', use: { kind: 'bollo_paper', marcaSerial: '01234567890123' } }),
    );
    expect(quote).toMatchObject({ bolloCents: 1600, bolloCollectedCents: 0, feeCents: 52, totalDueCents: 52, paymentRequired: true });
    // Art. 41 DPR 445/2000: six months.
    expect(quote.validUntil).toBe(certificateValidUntil(todayInRome(), 6));

    residenceCertificate = ok(await asClerk('certificates/issue', residence(people.mario)));
    expect(residenceCertificate).toMatchObject({
      number: 1,
      year: Number(todayInRome().slice(0, 4)),
      holderName: 'ROSSI Mario',
      status: 'valid',
      useKind: 'bollo_paper',
      marcaSerial: '01234567890123',
      bolloCents: 1600,
      feeCents: 52,
      payment: { method: 'cash', amountCents: 52, pagopaReference: null },
      issuedByName: expect.any(String),
    });
    expect(residenceCertificate.verificationCode).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);

    const pdf = ok(await asClerk('certificates/pdf', { certificateId: residenceCertificate.id }));
    expect(crypto.createHash('sha256').update(Buffer.from(pdf.contentBase64, 'base64')).digest('hex')).toBe(residenceCertificate.pdfSha256);
    const text = certificateText(Buffer.from(pdf.contentBase64, 'base64'));
    expect(text).toContain('ROSSI Mario');
    expect(text).toContain(`Certificato n. 1/${residenceCertificate.year}`);
    expect(text).toContain('CERTIFICATO DI RESIDENZA');
    expect(text).toContain('Via della Libertà, 12, 06030 Montesereno');
    expect(text).toContain(ART_40_WORDING);
    expect(text).toContain('contrassegno telematico n. 01234567890123');
    expect(text).toContain('Diritti di segreteria: € 0,52');
    expect(text).toContain(residenceCertificate.verificationCode);
    expect(text).toContain('Pagina 1 di 1');

    const qr = await certificateQr(Buffer.from(pdf.contentBase64, 'base64'));
    expect(qr).toBe(`https://www.comune.montesereno.pg.it/verifica-certificati?codice=${residenceCertificate.verificationCode}`);
    const verification = ok(await asOther('certificates/verify', { code: qr! }));
    expect(verification).toMatchObject({
      outcome: 'valid',
      holderName: 'ROSSI Mario',
      number: 1,
      enteName: 'Comune di Montesereno',
      sha256: residenceCertificate.pdfSha256,
    });
  });

  it('issues a stato di famiglia exempt for a pension: the norm of Tabella B is printed and only the exempt fee is due', async () => {
    const issued = ok(
      await asClerk('certificates/issue', {
        typeCode: 'STATO_FAMIGLIA',
        personId: people.anna,
        use: { kind: 'exempt', exemptionCode: 'PENSIONE' },
        payment: { method: 'card' },
        idempotencyKey: crypto.randomUUID(),
      }),
    );
    expect(issued).toMatchObject({
      number: 2,
      bolloCents: 0,
      feeCents: 26,
      exemption: { code: 'PENSIONE', norm: 'art. 9 Tabella B D.P.R. 642/1972' },
    });
    const text = certificateText(Buffer.from(ok(await asClerk('certificates/pdf', { certificateId: issued.id })).contentBase64, 'base64'));
    expect(text).toContain('BIANCHI Anna');
    expect(text).toContain('Esente dall’imposta di bollo ai sensi dell’art. 9 Tabella B D.P.R. 642/1972');
    expect(text).toContain('Diritti di segreteria: € 0,26');
    // The household, head first.
    expect(text.indexOf('ROSSI Mario')).toBeLessThan(text.indexOf('ROSSI Giulia'));
    expect(text).toContain('Intestatario scheda');
    expect(text).toContain(ART_40_WORDING);
  });

  it('issues a birth certificate exempt by law (stato civile) with no fees and refuses a bollo for it', async () => {
    expect(
      failed(await asClerk('certificates/quote', { typeCode: 'NASCITA', use: { kind: 'bollo_paper', marcaSerial: '01234567890123' } }))
        .reason,
    ).toBe('certificates.bollo_not_applicable');
    const issued = ok(
      await asClerk('certificates/issue', {
        typeCode: 'NASCITA',
        personId: people.giulia,
        use: { kind: 'exempt', exemptionCode: 'STATO_CIVILE' },
        payment: null,
        idempotencyKey: crypto.randomUUID(),
      }),
    );
    const text = certificateText(Buffer.from(ok(await asClerk('certificates/pdf', { certificateId: issued.id })).contentBase64, 'base64'));
    expect(text).toContain('atto anno 2005, parte I, n. 3');
    expect(text).toContain('art. 7, comma 5, L. 29 dicembre 1990, n. 405');
    expect(text).toContain('Diritti di segreteria: non dovuti');
  });

  it('art. 41 c.1 DPR 445/2000: a birth (a fact not subject to change) is certified without a time limit and never expires', async () => {
    const types = ok(await asClerk('certificates/types/list', { includeInactive: false }));
    expect(types.find((type) => type.code === 'NASCITA')?.validityMonths).toBeNull();
    expect(types.find((type) => type.code === 'RESIDENZA')?.validityMonths).toBe(6);
    const exempt = { kind: 'exempt', exemptionCode: 'STATO_CIVILE' } as const;
    expect(ok(await asClerk('certificates/quote', { typeCode: 'NASCITA', use: exempt })).validUntil).toBeNull();
    const issued = ok(
      await asClerk('certificates/issue', {
        typeCode: 'NASCITA',
        personId: people.giulia,
        use: exempt,
        payment: null,
        idempotencyKey: crypto.randomUUID(),
      }),
    );
    expect(issued).toMatchObject({ validUntil: null, status: 'valid' });
    const text = certificateText(Buffer.from(ok(await asClerk('certificates/pdf', { certificateId: issued.id })).contentBase64, 'base64'));
    expect(text).toContain('Il presente certificato ha validità illimitata (art. 41, comma 1, D.P.R. 28 dicembre 2000, n. 445).');
    expect(text).not.toContain('valido fino al');

    // Issued twenty years ago (moved back by the superuser with the guard off, as only a test may): still valid.
    await db.admin.transaction(async (trx) => {
      await trx.raw('SET LOCAL session_replication_role = replica');
      await trx('scrivania.certificates').where({ id: issued.id }).update({ issued_at: '2006-01-10T10:00:00Z', year: 2006 });
    });
    expect(ok(await asOther('certificates/verify', { code: issued.verificationCode }))).toMatchObject({
      outcome: 'valid',
      validUntil: null,
      year: 2006,
    });
    expect(ok(await asClerk('certificates/get', { certificateId: issued.id })).status).toBe('valid');
    const listed = async (statuses: Array<'valid' | 'expired'>) =>
      ok(await asClerk('certificates/register/list', { startRow: 0, endRow: 100, statuses })).rows.map((row) => row.id);
    expect(await listed(['valid'])).toContain(issued.id);
    expect(await listed(['expired'])).not.toContain(issued.id);
  });

  it('a double click issues one certificate: the same key returns the same certificate, even at the same moment', async () => {
    const before = await certificateCount();
    const request = residence(people.mario);
    const [first, second] = await Promise.all([asClerk('certificates/issue', request), asSecondClerk('certificates/issue', request)]);
    expect(ok(first).id).toBe(ok(second).id);
    const again = ok(await asClerk('certificates/issue', request));
    expect(again.id).toBe(ok(first).id);
    expect(await certificateCount()).toBe(before + 1);
  });

  it('refuses an exemption the type does not allow, a person not resident and a missing payment, writing nothing', async () => {
    const before = { count: await certificateCount(), number: await counter(ente.enteId) };
    expect(
      failed(await asClerk('certificates/issue', residence(people.mario, { use: { kind: 'exempt', exemptionCode: 'STATO_CIVILE' } })))
        .reason,
    ).toBe('certificates.exemption_not_allowed');
    expect(failed(await asClerk('certificates/issue', residence(people.paolo))).reason).toBe('certificates.not_resident');
    expect(failed(await asClerk('certificates/issue', residence(people.mario, { payment: null }))).reason).toBe(
      'certificates.payment_required',
    );
    expect(failed(await asClerk('certificates/issue', residence(999_999))).reason).toBe('certificates.person_unknown');
    expect(await certificateCount()).toBe(before.count);
    expect(await counter(ente.enteId)).toBe(before.number);
  });

  it('numbers the register without gaps under concurrency and after a rolled-back issue', async () => {
    const start = await counter(ente.enteId);
    // A transaction that took a number and rolled back gives it back.
    await clerkDb
      .transaction(async (trx) => {
        await trx.raw(`INSERT INTO scrivania.certificates (ente_id, year, number, issued_at, valid_until, type_id, type_version, type_snapshot, person_id,
            holder_name, holder_tax_code, data, use_kind, marca_serial, bollo_cents, bollo_collected_cents, fee_cents, payment_method, payment_cents,
            content_sha256, verification_code, idempotency_key)
          SELECT ${ente.enteId}, 0, 1, now(), current_date, t.id, t.version, '{}', ${people.mario}, 'X', 'X', '{}', 'bollo_paper', '01234567890123',
                 1600, 0, 52, 'cash', 52, repeat('a', 64), 'AAAA-AAAA-AAAA', gen_random_uuid()
            FROM scrivania.certificate_types t WHERE t.code = 'RESIDENZA'`);
        throw new Error('clerk cancels');
      })
      .catch(() => undefined);
    expect(await counter(ente.enteId)).toBe(start);
    const issued = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        (i % 2 === 0 ? asClerk : asSecondClerk)('certificates/issue', residence(i % 3 === 0 ? people.anna : people.mario)),
      ),
    );
    const numbers = issued.map((r) => ok(r).number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 8 }, (_, i) => start + i + 1));
    const all = (await db.admin('scrivania.certificates').where({ ente_id: ente.enteId }).orderBy('number').pluck('number')) as number[];
    expect(all).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
  });

  it('prints a duplicate marked DUPLICATO and logs who printed it; the original stays as issued', async () => {
    const duplicate = ok(await asSecondClerk('certificates/pdf', { certificateId: residenceCertificate.id, duplicate: true }));
    expect(duplicate.duplicate).toBe(true);
    expect(duplicate.sha256).not.toBe(residenceCertificate.pdfSha256);
    const text = certificateText(Buffer.from(duplicate.contentBase64, 'base64'));
    expect(text).toContain('DUPLICATO');
    expect(text).toContain('ROSSI Mario');
    expect(text).toContain(residenceCertificate.verificationCode);
    const detail = ok(await asClerk('certificates/get', { certificateId: residenceCertificate.id }));
    expect(detail.duplicatePrints).toEqual([{ at: expect.any(String), byName: expect.any(String) }]);
    expect(detail.duplicates).toBe(1);
    expect(ok(await asClerk('certificates/pdf', { certificateId: residenceCertificate.id })).sha256).toBe(residenceCertificate.pdfSha256);
  });

  it('the manager annuls with a reason: verification then says annulled, and a second annulment is refused', async () => {
    const target = ok(await asClerk('certificates/issue', residence(people.mario)));
    // A clerk may not annul (DPR 445/2000 art. 54 by analogy): refused by the service and by the database itself.
    expect(failed(await asClerk('certificates/annul', { certificateId: target.id, reason: 'Rilasciato per errore' })).reason).toBe(
      'certificates.annulment_not_allowed',
    );
    const direct = await clerkDb('scrivania.certificates')
      .where({ id: target.id })
      .update({ annulled_at: clerkDb.fn.now(), annulment_reason: 'Rilasciato per errore' })
      .then(
        () => null,
        (error: unknown) => databaseErrorToApiError(error),
      );
    expect(direct).toMatchObject({ code: 'forbidden', reason: 'certificate_annulment_not_allowed' });
    const annulled = ok(
      await asManager('certificates/annul', { certificateId: target.id, reason: 'Indirizzo errato, rilasciato di nuovo' }),
    );
    expect(annulled.status).toBe('annulled');
    expect(annulled.annulment).toMatchObject({ reason: 'Indirizzo errato, rilasciato di nuovo', byName: expect.any(String) });
    const verification = ok(await asOther('certificates/verify', { code: target.verificationCode.toLowerCase().replace(/-/g, ' ') }));
    expect(verification).toMatchObject({ outcome: 'annulled', annulmentReason: 'Indirizzo errato, rilasciato di nuovo' });
    expect(failed(await asManager('certificates/annul', { certificateId: target.id, reason: 'Ancora una volta' })).reason).toBe(
      'certificates.already_annulled',
    );
  });

  it('an annulled certificate has no duplicate: the service and the database refuse it; its original stays readable', async () => {
    const target = ok(await asClerk('certificates/issue', residence(people.anna)));
    ok(await asManager('certificates/annul', { certificateId: target.id, reason: 'Rilasciato alla persona sbagliata' }));
    expect(failed(await asClerk('certificates/pdf', { certificateId: target.id, duplicate: true }))).toMatchObject({
      code: 'conflict',
      reason: 'certificates.duplicate_of_annulled',
    });
    // The clerk's own role logging a duplicate print directly is refused by the database too.
    const direct = await clerkDb('scrivania.certificate_duplicates')
      .insert({ certificate_id: target.id, ente_id: ente.enteId })
      .then(
        () => null,
        (error: unknown) => databaseErrorToApiError(error),
      );
    expect(direct).toMatchObject({ code: 'forbidden', reason: 'certificate_duplicate_of_annulled' });
    const detail = ok(await asClerk('certificates/get', { certificateId: target.id }));
    expect(detail).toMatchObject({ status: 'annulled', duplicates: 0, duplicatePrints: [] });
    expect(ok(await asClerk('certificates/pdf', { certificateId: target.id })).sha256).toBe(target.pdfSha256);
  });

  it('says expired after the validity, unknown for a code never issued, and refuses a mistyped code', async () => {
    const target = ok(await asClerk('certificates/issue', residence(people.anna)));
    // Six months and a day later: moved back by the superuser with the guard off, as only a test may.
    await db.admin.transaction(async (trx) => {
      await trx.raw('SET LOCAL session_replication_role = replica');
      await trx('scrivania.certificates').where({ id: target.id }).update({ valid_until: '2020-01-01' });
    });
    expect(ok(await asManager('certificates/verify', { code: target.verificationCode })).outcome).toBe('expired');
    expect(ok(await asManager('certificates/get', { certificateId: target.id })).status).toBe('expired');
    // A code never issued (with a right check symbol) is unknown; one wrong symbol is caught by the check symbol.
    expect(ok(await asManager('certificates/verify', { code: generateVerificationCode() })).outcome).toBe('unknown');
    const code = target.verificationCode;
    const mistyped = `${code.slice(0, 12)}${code[12] === '2' ? '3' : '2'}${code[13]}`;
    expect(failed(await asManager('certificates/verify', { code: mistyped })).reason).toBe('certificates.verification_code_check');
    expect(failed(await asManager('certificates/verify', { code: 'not a code' })).reason).toBe('certificates.verification_code_format');
  });

  it('a public verification service signed in as scrivania_verifier can verify a code and read nothing else', async () => {
    const role = `verifica_${db.suffix}`;
    await db.admin.raw(`CREATE ROLE ${role} LOGIN PASSWORD 'Verifica.Pubblica.2026' IN ROLE scrivania_verifier`);
    const portal = db.connectAs({ username: role, password: 'Verifica.Pubblica.2026' });
    try {
      const result = await portal.raw('SELECT status, holder_name, number FROM scrivania.verify_certificate(?)', [
        residenceCertificate.verificationCode,
      ]);
      expect(result.rows).toEqual([{ status: 'valid', holder_name: 'ROSSI Mario', number: 1 }]);
      await expect(portal('scrivania.certificates').select('id')).rejects.toThrow(/permission denied/);
      await expect(portal('scrivania.persons').select('id')).rejects.toThrow(/permission denied/);
    } finally {
      await portal.destroy();
      await db.admin.raw(`DROP ROLE ${role}`);
    }
  });

  it('the database keeps an issued certificate unchanged even for its owner, and never deletes it', async () => {
    const refusal = async (write: Promise<unknown>) => {
      try {
        await write;
        return null;
      } catch (error) {
        return databaseErrorToApiError(error);
      }
    };
    expect(
      await refusal(db.admin('scrivania.certificates').where({ id: residenceCertificate.id }).update({ holder_name: 'VERDI Luigi' })),
    ).toMatchObject({
      code: 'forbidden',
      reason: 'certificate_immutable',
    });
    expect(await refusal(db.admin('scrivania.certificates').where({ id: residenceCertificate.id }).delete())).toMatchObject({
      reason: 'certificate_immutable',
    });
    expect(
      await refusal(db.admin('scrivania.certificate_pdfs').where({ certificate_id: residenceCertificate.id }).update({ size: 1 })),
    ).toMatchObject({
      reason: 'certificate_immutable',
    });
    expect(
      await refusal(clerkDb('scrivania.certificates').where({ id: residenceCertificate.id }).update({ annulment_reason: 'x' })),
    ).not.toBeNull();
  });

  it('row-level security: another ente sees nothing, a role not allowed for a type is refused by the database too', async () => {
    expect(failed(await asOther('certificates/get', { certificateId: residenceCertificate.id })).code).toBe('not_found');
    expect(ok(await asOther('certificates/register/list', { startRow: 0, endRow: 100 })).rows).toEqual([]);
    // The technician issues CDUs, not registry certificates: the service refuses...
    expect(failed(await asTechnician('certificates/issue', residence(people.mario))).reason).toBe('certificates.role_not_allowed');
    // ...and so does the database when the technician's own role writes the row directly.
    const direct = await technicianDb
      .raw(
        `INSERT INTO scrivania.certificates (ente_id, year, number, issued_at, valid_until, type_id, type_version, type_snapshot, person_id,
           holder_name, holder_tax_code, data, use_kind, marca_serial, bollo_cents, bollo_collected_cents, fee_cents, payment_method, payment_cents,
           content_sha256, verification_code, idempotency_key)
         SELECT ?, 0, 1, now(), current_date, t.id, t.version, '{}', ?, 'X', 'X', '{}', 'bollo_paper', '01234567890123',
                1600, 0, 52, 'cash', 52, repeat('a', 64), 'BBBB-BBBB-BBBB', gen_random_uuid()
           FROM scrivania.certificate_types t WHERE t.code = 'RESIDENZA'`,
        [ente.enteId, people.mario],
      )
      .then(
        () => null,
        (error: unknown) => databaseErrorToApiError(error),
      );
    expect(direct?.code).toBe('forbidden');
    // The technician does not see the registry's certificates either.
    expect(ok(await asTechnician('certificates/register/list', { startRow: 0, endRow: 100 })).rows).toEqual([]);
  });

  it('the register lists, filters and sorts; the manager sees every type', async () => {
    const page = ok(await asManager('certificates/register/list', { startRow: 0, endRow: 50, typeCodes: ['STATO_FAMIGLIA'] }));
    expect(page.total).toBe(1);
    expect(page.rows[0]).toMatchObject({
      holderName: 'BIANCHI Anna',
      typeName: 'Certificato di stato di famiglia',
      exemptionCode: 'PENSIONE',
    });
    const annulled = ok(await asClerk('certificates/register/list', { startRow: 0, endRow: 50, statuses: ['annulled'] }));
    // The two annulled above (the second one refused a duplicate).
    expect(annulled.rows.map((r) => r.status)).toEqual(['annulled', 'annulled']);
    const byNumber = ok(
      await asClerk('certificates/register/list', {
        startRow: 0,
        endRow: 50,
        filters: { number: { filterType: 'text', type: 'equals', filter: `1/${residenceCertificate.year}` } },
      }),
    );
    expect(byNumber.rows.map((r) => r.id)).toEqual([residenceCertificate.id]);
    const sorted = ok(await asClerk('certificates/register/list', { startRow: 0, endRow: 50, sort: [{ colId: 'number', sort: 'asc' }] }));
    // By year, then number (the birth certificate moved back to 2006 above comes first).
    const keys = sorted.rows.map((r) => r.year * 1_000_000 + r.number);
    expect(keys).toEqual([...keys].sort((a, b) => a - b));
    expect(sorted.rows[0]?.year).toBe(2006);
  });

  it('editing a type raises its version and never changes what was issued', async () => {
    const admin = await db.createStaff({ enteId: ente.enteId, role: 'admin', officeIds: [ente.offices.protocollo] });
    const asAdmin = callAs(admin, db.connectAs(admin), ente, { fullName: 'Anna Bianchi' });
    const types = ok(await asAdmin('certificates/types/list', { includeInactive: true }));
    const type = types.find((t) => t.code === 'RESIDENZA')!;
    const edit = {
      id: type.id,
      expectedVersion: type.version,
      code: type.code,
      name: 'Certificato anagrafico di residenza',
      source: type.source,
      template: type.template,
      legalReferences: type.legalReferences,
      bolloApplies: type.bolloApplies,
      bolloCents: type.bolloCents,
      exemptionCodes: type.exemptions.map((e) => e.code),
      feeWithBolloCents: 60,
      feeExemptCents: type.feeExemptCents,
      validityMonths: type.validityMonths,
      protocolled: false,
      issuingRoles: type.issuingRoles,
      signatoryTitle: type.signatoryTitle,
      active: true,
    };
    const saved = ok(await asAdmin('certificates/types/save', edit));
    expect(saved.version).toBe(type.version + 1);
    expect(failed(await asAdmin('certificates/types/save', edit)).reason).toBe('certificates.type_changed');
    expect(
      failed(
        await asAdmin('certificates/types/save', {
          ...edit,
          expectedVersion: saved.version,
          template: 'Si certifica che {{sconosciuto}} risiede qui.',
        }),
      ).code,
    ).toBe('validation');
    expect(failed(await asClerk('certificates/types/save', { ...edit, expectedVersion: saved.version })).code).toBe('forbidden');
    const old = ok(await asClerk('certificates/get', { certificateId: residenceCertificate.id }));
    expect(old).toMatchObject({ typeName: 'Certificato di residenza', feeCents: 52, typeVersion: type.version });
    expect(
      ok(await asClerk('certificates/quote', { typeCode: 'RESIDENZA', use: { kind: 'bollo_paper', marcaSerial: '01234567890123' } }))
        .feeCents,
    ).toBe(60);
  });
});
