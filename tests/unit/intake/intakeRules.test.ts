import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/main/api/appError';
import { isIntakeFileName } from '../../../src/main/intake/folderImporter';
import { quarantinePreview } from '../../../src/main/intake/quarantinePreview';
import { attachmentRefusal, refusalOf } from '../../../src/main/intake/service';
import { StagedUploads, STAGED_UPLOAD_TTL_MS } from '../../../src/main/intake/stagedUploads';
import { taxCodesInText } from '../../../src/main/intake/taxCodesInText';
import { applyOmocodia, buildCodiceFiscale } from '../../../src/shared/domain/codiceFiscale';
import { DOMANDA_PDF, windowsExecutable } from '../../fixtures/intake/generate';

const rossi = buildCodiceFiscale({ lastName: 'Rossi', firstName: 'Mario', birthDate: '1980-05-17', sex: 'M', birthPlaceCode: 'H501' });

describe('tax codes written in a message', () => {
  it('finds valid codici fiscali (omocodia included) and partite IVA in order, once each', () => {
    const omocodic = applyOmocodia(rossi, 4);
    const text = `Il sottoscritto, c.f. ${rossi.toLowerCase()}, per la ditta P.IVA 01456789013 e per conto di ${omocodic}; ribadisco ${rossi}.`;
    expect(taxCodesInText(text)).toEqual([rossi, '01456789013', omocodic]);
  });

  it('leaves out candidates with a wrong check character or digit, and longer digit runs', () => {
    const wrong = `${rossi.slice(0, 15)}${rossi.endsWith('Z') ? 'Y' : 'Z'}`;
    expect(taxCodesInText(`codice ${wrong}, partita IVA 01456789016, IBAN IT60X0542811101000000123456, tel. 075123456789`)).toEqual([]);
  });
});

describe('intake folder names', () => {
  it('takes only complete files of its kind, never temporary or hidden ones', () => {
    expect(isIntakeFileName('PORTALE-1.json', 'portal')).toBe(true);
    expect(isIntakeFileName('PORTALE-1.JSON', 'portal')).toBe(true);
    expect(isIntakeFileName('.PORTALE-1.json', 'portal')).toBe(false);
    expect(isIntakeFileName('PORTALE-1.json.part', 'portal')).toBe(false);
    expect(isIntakeFileName('PORTALE-1.json.tmp', 'portal')).toBe(false);
    expect(isIntakeFileName('messaggio.eml', 'portal')).toBe(false);
    expect(isIntakeFileName('messaggio.eml', 'pec')).toBe(true);
  });
});

describe('which refusals go to the quarantine', () => {
  it('a refusal of the item itself is quarantined with its reason', () => {
    expect(refusalOf(new AppError('not_found', 'Unknown procedure X', 'unknown_procedure'))).toMatchObject({ reason: 'unknown_procedure' });
    expect(refusalOf(new AppError('validation', 'Attachment refused', 'type_not_allowed'))).toMatchObject({
      reason: 'attachment_type_not_allowed',
    });
    expect(refusalOf(new AppError('validation', 'Attachment refused', 'too_large'))).toMatchObject({ reason: 'attachment_too_large' });
    expect(refusalOf(new AppError('validation', 'Invalid', 'codice_fiscale_check_char'))).toMatchObject({
      reason: 'invalid_codice_fiscale',
    });
    expect(
      refusalOf(
        new AppError('validation', 'Invalid registration', 'subject_too_short', [{ path: 'subject', reason: 'subject_too_short' }]),
      ),
    ).toMatchObject({
      reason: 'registration_refused',
      detail: 'Invalid registration — subject_too_short — subject: subject_too_short',
    });
  });

  it('a failure that is not the item’s fault leaves it queued', () => {
    expect(refusalOf(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBeNull();
    expect(refusalOf(Object.assign(new Error('could not serialize access'), { code: '40001' }))).toBeNull();
    expect(refusalOf(new TypeError('x is undefined'))).toBeNull();
    // The importing login lacking rights is a configuration to fix, not a bad submission.
    expect(
      refusalOf(Object.assign(new Error('new row violates row-level security policy for table "instances"'), { code: '42501' })),
    ).toBeNull();
  });

  it('an attachment is refused for its content, not its name', () => {
    expect(attachmentRefusal([{ filename: 'domanda.pdf', bytes: DOMANDA_PDF }])).toBeNull();
    expect(attachmentRefusal([{ filename: 'domanda.pdf', bytes: windowsExecutable() }])).toMatchObject({
      reason: 'attachment_type_not_allowed',
    });
    expect(attachmentRefusal([{ filename: 'vuoto.pdf', bytes: Buffer.alloc(0) }])).toMatchObject({ reason: 'attachment_empty' });
  });
});

describe('the quarantine preview', () => {
  it('shows the start of the content as text and says when it is cut', () => {
    expect(quarantinePreview(Buffer.from('{"submissionId": "X"'))).toEqual({
      contentPreview: '{"submissionId": "X"',
      contentTruncated: false,
    });
    const long = quarantinePreview(Buffer.alloc(100 * 1024, 'a'));
    expect(long.contentTruncated).toBe(true);
    expect(long.contentPreview).toHaveLength(64 * 1024);
    expect(quarantinePreview(Buffer.from([0x4d, 0x5a, 0x00, 0x01])).contentPreview).toBe('MZ\uFFFD\uFFFD');
    expect(quarantinePreview(null)).toEqual({ contentPreview: '', contentTruncated: false });
  });
});

describe('desk scans uploaded in chunks', () => {
  it('are put together in order and checked against the declared size', () => {
    const uploads = new StagedUploads(() => 1000);
    const first = uploads.append('g.greco', null, 0, Buffer.from('%PDF-'));
    const second = uploads.append('g.greco', first.uploadId, 5, Buffer.from('1.4'));
    expect(second).toEqual({ uploadId: first.uploadId, received: 8 });
    expect(uploads.take('g.greco', first.uploadId, 8).toString()).toBe('%PDF-1.4');
    expect(() => uploads.take('g.greco', first.uploadId, 9)).toThrow(expect.objectContaining({ reason: 'upload_incomplete' }));
  });

  it('refuse a chunk out of order, another user’s upload, and a file over the limit', () => {
    const uploads = new StagedUploads(() => 10);
    const { uploadId } = uploads.append('g.greco', null, 0, Buffer.from('12345'));
    expect(() => uploads.append('g.greco', uploadId, 3, Buffer.from('x'))).toThrow(expect.objectContaining({ reason: 'upload_offset' }));
    expect(() => uploads.take('c.lombardi', uploadId, 5)).toThrow(expect.objectContaining({ reason: 'upload_expired' }));
    expect(() => uploads.append('g.greco', uploadId, 5, Buffer.from('123456'))).toThrow(expect.objectContaining({ reason: 'too_large' }));
    expect(() => uploads.take('g.greco', uploadId, 5)).toThrow(expect.objectContaining({ reason: 'upload_expired' }));
  });

  it('are forgotten after an hour without news', () => {
    let now = 0;
    const uploads = new StagedUploads(
      () => 1000,
      () => now,
    );
    const { uploadId } = uploads.append('g.greco', null, 0, Buffer.from('abc'));
    now = STAGED_UPLOAD_TTL_MS + 1;
    expect(() => uploads.take('g.greco', uploadId, 3)).toThrow(expect.objectContaining({ reason: 'upload_expired' }));
  });
});
