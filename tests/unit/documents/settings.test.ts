import { describe, expect, it } from 'vitest';
import { base64Length, DEFAULT_MAX_DOCUMENT_BYTES } from '../../../src/shared/api/documents';
import { maxDocumentBytes, uploadRequestBodyLimit } from '../../../src/main/documents/settings';

describe('document size limit from configuration', () => {
  it('is 25 MB per file unless configured', () => {
    expect(maxDocumentBytes({})).toBe(25 * 1024 * 1024);
    expect(DEFAULT_MAX_DOCUMENT_BYTES).toBe(25 * 1024 * 1024);
  });

  it('takes whole megabytes from SCRIVANIA_DOCUMENT_MAX_MB', () => {
    expect(maxDocumentBytes({ SCRIVANIA_DOCUMENT_MAX_MB: '10' })).toBe(10 * 1024 * 1024);
    expect(maxDocumentBytes({ SCRIVANIA_DOCUMENT_MAX_MB: ' 64 ' })).toBe(64 * 1024 * 1024);
  });

  it('refuses a value that is not a whole number of megabytes from 1 to 64, naming the variable', () => {
    for (const value of ['0', '65', '2.5', 'venticinque', '-1']) {
      expect(() => maxDocumentBytes({ SCRIVANIA_DOCUMENT_MAX_MB: value })).toThrow(/SCRIVANIA_DOCUMENT_MAX_MB must be a whole number/);
    }
  });

  it('sizes an upload request for the base64 of the largest file plus its JSON envelope', () => {
    const limit = uploadRequestBodyLimit({ SCRIVANIA_DOCUMENT_MAX_MB: '4' });
    expect(limit).toBeGreaterThan(base64Length(4 * 1024 * 1024));
    expect(limit).toBeLessThan(base64Length(4 * 1024 * 1024) + 128 * 1024);
    expect(base64Length(3)).toBe(4);
    expect(base64Length(4)).toBe(8);
  });
});
