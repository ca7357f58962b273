import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkPortalSubmission,
  portalSubmissionJsonSchema,
  PortalSubmissionSchema,
  readPortalDocument,
  submissionIdOf,
} from '../../../src/main/intake/portalSubmission';
import { applyOmocodia } from '../../../src/shared/domain/codiceFiscale';

const root = path.resolve(__dirname, '../../..');
const docs = path.join(root, 'docs/intake');
const fixtures = path.join(root, 'tests/fixtures/intake');
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;

const committedSchema = readJson(path.join(docs, 'portal-submission.schema.json'));
const example = readJson(path.join(docs, 'portal-submission.example.json'));

function jsonSchemaValidator() {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats.default(ajv);
  // The pattern next to it does the work; the format is an annotation for readers and tools.
  ajv.addFormat('base64', true);
  return ajv.compile(committedSchema);
}

const validateWithJsonSchema = jsonSchemaValidator();
const validateWithZod = (document: unknown) => PortalSubmissionSchema.safeParse(document).success;

function clone<T>(value: T): T {
  return structuredClone(value);
}

const firstAttachment = (doc: Record<string, unknown>) => (doc.attachments as Record<string, unknown>[])[0]!;
const applicantOf = (doc: Record<string, unknown>) => doc.applicant as Record<string, unknown>;

describe('the portal submission format', () => {
  it('the committed JSON Schema is exactly the one generated from the parser (run tests/fixtures/intake/generate.ts after a change)', () => {
    expect(committedSchema).toEqual(JSON.parse(JSON.stringify(portalSubmissionJsonSchema())));
    expect(committedSchema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('the documented example is valid for the JSON Schema and for the parser, and passes every check', () => {
    expect(validateWithJsonSchema(example), JSON.stringify(validateWithJsonSchema.errors)).toBe(true);
    expect(validateWithZod(example)).toBe(true);
    const check = checkPortalSubmission(example);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.submission.attachments.map((a) => [a.filename, a.kind, a.bytes.subarray(0, 5).toString('latin1')])).toEqual([
      ['domanda.pdf', 'application', '%PDF-'],
      ['planimetria.png', 'attachment', '\x89PNG\r'],
    ]);
    expect(check.submission.applicant).toMatchObject({ kind: 'person', lastName: 'Rossi', pec: 'mario.rossi@pec.it' });
  });

  const mutations: Array<[string, (doc: Record<string, unknown>) => void, boolean]> = [
    ['without subject', (doc) => delete doc.subject, false],
    ['with an unknown top-level field', (doc) => (doc.protocollo = '123'), false],
    ['with another format version', (doc) => (doc.format = 'scrivania.portal-submission/2'), false],
    ['submitted without a UTC offset', (doc) => (doc.submittedAt = '2026-11-23T10:42:17'), false],
    ['submitted on 31 February', (doc) => (doc.submittedAt = '2026-02-31T10:00:00Z'), false],
    ['submitted in UTC', (doc) => (doc.submittedAt = '2026-11-23T09:42:17Z'), true],
    ['with a lower-case procedure code', (doc) => (doc.procedureCode = 'permesso_costruire'), false],
    ['with a 5-digit ISTAT code', (doc) => (doc.enteIstatCode = '54099'), false],
    ['with a submission id containing a slash', (doc) => (doc.submissionId = 'PORTALE/2026/1'), false],
    ['with a subject of two letters', (doc) => (doc.subject = 'ok'), false],
    ['with a form field holding an object', (doc) => ((doc.formFields as Record<string, unknown>).nested = { a: 1 }), false],
    ['with an empty form', (doc) => (doc.formFields = {}), true],
    ['without attachments', (doc) => (doc.attachments = []), true],
    ['with an applicant of unknown kind', (doc) => (applicantOf(doc).kind = 'ente'), false],
    ['with a lower-case codice fiscale', (doc) => (applicantOf(doc).codiceFiscale = 'rssmra80e17h501u'), false],
    [
      'with a business applicant',
      (doc) => (doc.applicant = { kind: 'business', partitaIva: '01456789013', name: 'Edil Sud s.r.l.' }),
      true,
    ],
    ['with a business applicant without partita IVA', (doc) => (doc.applicant = { kind: 'business', name: 'Edil Sud s.r.l.' }), false],
    ['with a person with a business field', (doc) => (applicantOf(doc).partitaIva = '01456789013'), false],
    ['with a malformed e-mail', (doc) => (applicantOf(doc).email = 'mario.rossi@'), false],
    ['with a postal code of four digits', (doc) => (applicantOf(doc).postalCode = '6030'), false],
    ['with an attachment in a folder', (doc) => (firstAttachment(doc).filename = 'C:\\scansioni\\domanda.pdf'), false],
    ['with an upper-case hash', (doc) => (firstAttachment(doc).sha256 = String(firstAttachment(doc).sha256).toUpperCase()), false],
    ['with base64 without padding', (doc) => (firstAttachment(doc).contentBase64 = 'JVBERi0'), false],
    ['with an attachment kind that is not known', (doc) => (firstAttachment(doc).kind = 'allegato'), false],
  ];

  for (const [name, mutate, valid] of mutations) {
    it(`JSON Schema and parser agree on a submission ${name} (${valid ? 'valid' : 'invalid'})`, () => {
      const doc = clone(example);
      mutate(doc);
      expect(validateWithJsonSchema(doc)).toBe(valid);
      expect(validateWithZod(doc)).toBe(valid);
    });
  }

  it('JSON Schema and parser agree on randomly damaged submissions', () => {
    const paths = ['', 'applicant', 'formFields'] as const;
    const keys = [
      'format',
      'submissionId',
      'submittedAt',
      'enteIstatCode',
      'procedureCode',
      'subject',
      'kind',
      'lastName',
      'codiceFiscale',
      'foglio',
      'extra',
    ];
    const values = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constant([]), fc.constant({}));
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.constantFrom(...keys), fc.option(values, { nil: undefined }), (where, key, value) => {
        const doc = clone(example);
        const target = (where === '' ? doc : doc[where]) as Record<string, unknown>;
        if (value === undefined) delete target[key];
        else target[key] = value;
        expect(validateWithJsonSchema(doc)).toBe(validateWithZod(doc));
      }),
      { numRuns: 300 },
    );
  });
});

describe('checks beyond the JSON Schema', () => {
  it('refuses an attachment whose SHA-256 is not the one the portal declared, naming both', () => {
    const check = checkPortalSubmission(readJson(path.join(fixtures, 'broken/portal-sha256-errato.json')));
    expect(check).toMatchObject({ ok: false, reason: 'sha256_mismatch', submissionId: 'PORTALE-2026-000202' });
    if (!check.ok) expect(check.detail).toMatch(/domanda\.pdf: declared [0-9a-f]{64}, computed [0-9a-f]{64}/);
  });

  it('refuses a codice fiscale with a wrong check character (DM 23/12/1976), though its shape is valid', () => {
    const document = readJson(path.join(fixtures, 'broken/portal-codice-fiscale-errato.json'));
    expect(validateWithJsonSchema(document)).toBe(true);
    expect(checkPortalSubmission(document)).toMatchObject({ ok: false, reason: 'invalid_codice_fiscale' });
  });

  it('accepts an omocodic codice fiscale', () => {
    const document = clone(example);
    const applicant = document.applicant as Record<string, string>;
    applicant.codiceFiscale = applyOmocodia(applicant.codiceFiscale!, 3);
    expect(checkPortalSubmission(document)).toMatchObject({
      ok: true,
      submission: { applicant: { codiceFiscale: applicant.codiceFiscale } },
    });
  });

  it('refuses a partita IVA with a wrong check digit (DPR 633/1972 art. 35)', () => {
    const document = readJson(path.join(fixtures, 'portal/pratica-impresa.json'));
    expect(checkPortalSubmission(document).ok).toBe(true);
    (document.applicant as Record<string, string>).partitaIva = '01456789014';
    expect(checkPortalSubmission(document)).toMatchObject({ ok: false, reason: 'invalid_partita_iva' });
  });

  it('explains a schema violation field by field, and keeps the submission id when there is one', () => {
    const check = checkPortalSubmission(readJson(path.join(fixtures, 'broken/portal-schema-violato.json')));
    expect(check).toMatchObject({ ok: false, reason: 'schema_violation', submissionId: 'PORTALE-2026-000201' });
    if (!check.ok) {
      expect(check.detail).toContain('subject');
      expect(check.detail).toContain('protocollo');
    }
  });

  it('reads malformed JSON as a refusal with the parser message, and tolerates a byte order mark', () => {
    const broken = readPortalDocument(fs.readFileSync(path.join(fixtures, 'broken/portal-malformato.json')));
    expect(broken).toMatchObject({ ok: false, reason: 'malformed_json' });
    const withBom = readPortalDocument(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fs.readFileSync(path.join(docs, 'portal-submission.example.json'))]),
    );
    expect(withBom.ok).toBe(true);
  });

  it('finds the submission id only when it is a valid one', () => {
    expect(submissionIdOf({ submissionId: 'PORTALE-1' })).toBe('PORTALE-1');
    expect(submissionIdOf({ submissionId: '../etc/passwd' })).toBeNull();
    expect(submissionIdOf({ submissionId: 42 })).toBeNull();
    expect(submissionIdOf(null)).toBeNull();
  });
});
