import { describe, expect, it } from 'vitest';
import { validityText } from '../../../src/renderer/certificates/validity';
import { checkTypeForm, typeFormOf } from '../../../src/renderer/certificates/typeForm';
import { createFormatters } from '../../../src/renderer/i18n/format';
import { createTranslator } from '../../../src/renderer/i18n/translate';
import type { CertificateTypeInfo } from '../../../src/shared/api/certificates';

const t = createTranslator('it');

const NASCITA: CertificateTypeInfo = {
  id: 3,
  code: 'NASCITA',
  name: 'Certificato di nascita',
  source: 'birth',
  template: 'Si certifica che {{nominativo}} è {{nato_a}} a {{luogo_nascita}} il {{data_nascita}}.',
  legalReferences: 'D.P.R. 3 novembre 2000, n. 396',
  bolloApplies: false,
  bolloCents: 1600,
  exemptions: [{ code: 'STATO_CIVILE', label: 'Certificato di stato civile', norm: 'art. 7, comma 5, L. 29 dicembre 1990, n. 405' }],
  feeWithBolloCents: 0,
  feeExemptCents: 0,
  validityMonths: null,
  protocolled: false,
  issuingRoles: ['clerk', 'manager', 'admin'],
  signatoryTitle: "L'Ufficiale dello Stato Civile",
  active: true,
  version: 1,
  updatedAt: '2026-11-23T08:00:00Z',
};

describe('certificate type editor: validity (art. 41 DPR 445/2000)', () => {
  it('a type of facts not subject to change opens as unlimited and saves null months, whatever the months field holds', () => {
    const form = typeFormOf(NASCITA);
    expect(form.validityUnlimited).toBe(true);
    expect(checkTypeForm({ ...form, validityMonths: 'sei' }, t)).toMatchObject({ ok: true, value: { validityMonths: null } });
  });

  it('a limited validity saves its months; unticking unlimited asks for them and refuses what is not a number of months', () => {
    const limited = { ...typeFormOf(NASCITA), validityUnlimited: false };
    expect(limited.validityMonths).toBe('6');
    expect(checkTypeForm(limited, t)).toMatchObject({ ok: true, value: { validityMonths: 6 } });
    const wrong = checkTypeForm({ ...limited, validityMonths: '0' }, t);
    expect(wrong.ok).toBe(false);
    expect(wrong.ok ? null : Object.keys(wrong.fields)).toEqual(['validityMonths']);
  });

  it('a new type starts with six months (art. 41 c.1: the certificates of facts that may change)', () => {
    expect(typeFormOf(null)).toMatchObject({ validityUnlimited: false, validityMonths: '6' });
  });
});

describe('validity as the register and verification show it', () => {
  const format = createFormatters('it');
  it('a date for a limited certificate, the norm for an unlimited one', () => {
    expect(validityText('2027-05-23', t, format)).toBe('fino al 23/05/2027');
    expect(validityText(null, t, format)).toBe('illimitata (art. 41, comma 1, D.P.R. 445/2000)');
    expect(validityText(null, createTranslator('en'), createFormatters('en'))).toBe('unlimited (art. 41(1) D.P.R. 445/2000)');
  });
});
