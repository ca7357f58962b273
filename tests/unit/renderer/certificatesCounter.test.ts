import { describe, expect, it as test } from 'vitest';
import {
  createIdempotencyKeys,
  EMPTY_PAYMENT,
  EMPTY_USE,
  issuableTypes,
  paymentFromDraft,
  requestSignature,
  useFromDraft,
  usesFor,
} from '../../../src/renderer/certificates/counterForm';
import { certificateTabsFor } from '../../../src/renderer/certificates/certificateTabs';
import { euroText, parseEuroCents } from '../../../src/renderer/certificates/money';
import { createFormatters } from '../../../src/renderer/i18n/format';
import type { CertificateTypeInfo } from '../../../src/shared/api/certificates';

function type(patch: Partial<CertificateTypeInfo>): CertificateTypeInfo {
  return {
    id: 1,
    code: 'RESIDENZA',
    name: 'Certificato di residenza',
    source: 'residence',
    template: 'Si certifica che {{nominativo}} risiede in {{indirizzo}}.',
    legalReferences: '',
    bolloApplies: true,
    bolloCents: 1600,
    exemptions: [],
    feeWithBolloCents: 52,
    feeExemptCents: 26,
    validityMonths: 6,
    protocolled: false,
    issuingRoles: ['clerk', 'manager', 'admin'],
    signatoryTitle: "L'Ufficiale d'Anagrafe",
    active: true,
    version: 1,
    updatedAt: '2026-01-01T00:00:00Z',
    ...patch,
  };
}

describe('the counter: the marca da bollo and the other uses', () => {
  test('a paper marca needs its 14-digit number; spaces and dots as people read it are accepted', () => {
    expect(useFromDraft({ ...EMPTY_USE, kind: 'bollo_paper' })).toEqual({
      ok: false,
      problem: { field: 'marcaSerial', reason: 'required' },
    });
    expect(useFromDraft({ ...EMPTY_USE, kind: 'bollo_paper', marcaSerial: '0123 4567 8901 23' })).toEqual({
      ok: true,
      value: { kind: 'bollo_paper', marcaSerial: '01234567890123' },
    });
    for (const wrong of ['0123456789012', '012345678901234', '0123456789012A']) {
      expect(useFromDraft({ ...EMPTY_USE, kind: 'bollo_paper', marcaSerial: wrong })).toEqual({
        ok: false,
        problem: { field: 'marcaSerial', reason: 'marca_serial' },
      });
    }
  });

  test('nothing chosen, an exemption not picked, a malformed IUBD are refused on their own field', () => {
    expect(useFromDraft(EMPTY_USE)).toEqual({ ok: false, problem: { field: 'kind', reason: 'required' } });
    expect(useFromDraft({ ...EMPTY_USE, kind: 'exempt' })).toEqual({ ok: false, problem: { field: 'exemptionCode', reason: 'required' } });
    expect(useFromDraft({ ...EMPTY_USE, kind: 'bollo_digital', iubd: 'abc' })).toEqual({
      ok: false,
      problem: { field: 'iubd', reason: 'iubd' },
    });
    expect(useFromDraft({ ...EMPTY_USE, kind: 'bollo_digital' })).toEqual({ ok: true, value: { kind: 'bollo_digital', iubd: null } });
    expect(useFromDraft({ ...EMPTY_USE, kind: 'exempt', exemptionCode: 'PENSIONE' })).toEqual({
      ok: true,
      value: { kind: 'exempt', exemptionCode: 'PENSIONE' },
    });
  });

  test('a certificate exempt by law offers only the exemption; the counter lists what the role may issue', () => {
    expect(usesFor(type({ bolloApplies: true }))).toEqual(['bollo_paper', 'bollo_digital', 'exempt']);
    expect(usesFor(type({ bolloApplies: false }))).toEqual(['exempt']);
    const types = [
      type({ code: 'RESIDENZA' }),
      type({ code: 'CDU', issuingRoles: ['technician', 'manager', 'admin'] }),
      type({ code: 'VECCHIO', active: false }),
    ];
    expect(issuableTypes(types, 'clerk').map((item) => item.code)).toEqual(['RESIDENZA']);
    expect(issuableTypes(types, 'manager').map((item) => item.code)).toEqual(['RESIDENZA', 'CDU']);
  });
});

describe('the counter: payment', () => {
  test('nothing due: no payment; else a method, and for pagoPA its IUV (17) or notice number (18 digits)', () => {
    expect(paymentFromDraft(EMPTY_PAYMENT, { paymentRequired: false })).toEqual({ ok: true, value: null });
    expect(paymentFromDraft(EMPTY_PAYMENT, { paymentRequired: true })).toEqual({
      ok: false,
      problem: { field: 'method', reason: 'required' },
    });
    expect(paymentFromDraft({ method: 'cash', pagopaReference: '' }, { paymentRequired: true })).toEqual({
      ok: true,
      value: { method: 'cash' },
    });
    expect(paymentFromDraft({ method: 'pagopa', pagopaReference: '' }, { paymentRequired: true })).toEqual({
      ok: false,
      problem: { field: 'pagopaReference', reason: 'required' },
    });
    expect(paymentFromDraft({ method: 'pagopa', pagopaReference: '3012 3456 7890 1234 56' }, { paymentRequired: true })).toEqual({
      ok: true,
      value: { method: 'pagopa', pagopaReference: '301234567890123456' },
    });
    expect(paymentFromDraft({ method: 'pagopa', pagopaReference: '12345' }, { paymentRequired: true })).toEqual({
      ok: false,
      problem: { field: 'pagopaReference', reason: 'pagopa_reference' },
    });
  });
});

describe('the counter: one click, one certificate', () => {
  test('the same request keeps its idempotency key (double click, retry); a changed request or a new certificate gets another', () => {
    let n = 0;
    const keys = createIdempotencyKeys(() => `key-${++n}`);
    const request = {
      personId: 7,
      typeCode: 'RESIDENZA',
      use: { kind: 'bollo_paper' as const, marcaSerial: '01234567890123' },
      payment: { method: 'cash' as const },
      cduRequestId: null,
    };
    const first = keys.keyFor(requestSignature(request));
    expect(keys.keyFor(requestSignature({ ...request }))).toBe(first);
    const changed = keys.keyFor(requestSignature({ ...request, use: { kind: 'bollo_paper', marcaSerial: '01234567890124' } }));
    expect(changed).not.toBe(first);
    keys.reset();
    expect(keys.keyFor(requestSignature({ ...request, use: { kind: 'bollo_paper', marcaSerial: '01234567890124' } }))).not.toBe(changed);
  });
});

describe('amounts and sections', () => {
  test('amounts are written € 16,00 in Italian and read back from what an administrator types', () => {
    const it = createFormatters('it');
    expect(euroText(1600, 'it', it)).toBe('€ 16,00');
    expect(euroText(52, 'it', it)).toBe('€ 0,52');
    expect(euroText(123450, 'it', it)).toBe('€ 1.234,50');
    expect(parseEuroCents('0,52')).toBe(52);
    expect(parseEuroCents('€ 16')).toBe(1600);
    expect(parseEuroCents('1.234,5')).toBe(123450);
    expect(parseEuroCents('5.16')).toBe(516);
    for (const wrong of ['', 'abc', '1,234', '-3', '1.23.4']) expect(parseEuroCents(wrong)).toBeNull();
  });

  test('clerks and technicians (the CDU) have the counter, the register and verification; the types are the administrators’', () => {
    expect(certificateTabsFor('clerk')).toEqual(['counter', 'register', 'verify']);
    expect(certificateTabsFor('technician')).toEqual(['counter', 'register', 'verify']);
    expect(certificateTabsFor('admin')).toEqual(['counter', 'register', 'verify', 'types']);
  });
});
