import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SaveCertificateTypeInput } from '../../../src/shared/api/certificates';
import {
  ART_40_WORDING,
  CERTIFICATE_SOURCES,
  VERIFICATION_ALPHABET,
  VERIFICATION_CODE_PATTERN,
  certificateCharges,
  certificateValidUntil,
  checkTemplate,
  formatEuroCents,
  generateVerificationCode,
  isCertificateExpired,
  parseVerificationCode,
  placeholdersOf,
  renderTemplate,
  verificationAddress,
  verificationCheckSymbol,
} from '../../../src/shared/domain/certificates';

const REGISTRY = { bolloApplies: true, bolloCents: 1600, feeWithBolloCents: 52, feeExemptCents: 26 };
const STATO_CIVILE = { bolloApplies: false, bolloCents: 1600, feeWithBolloCents: 0, feeExemptCents: 0 };

describe('bollo and diritti di segreteria (DPR 642/1972; DOMAIN.md amounts), in cents', () => {
  it('a paper marca: the certificate bears €16.00, the desk collects only the diritti (€0.52)', () => {
    expect(certificateCharges(REGISTRY, { kind: 'bollo_paper' })).toEqual({
      bolloCents: 1600,
      bolloCollectedCents: 0,
      feeCents: 52,
      totalDueCents: 52,
    });
  });

  it('a digital bollo not yet paid through pagoPA is collected at the desk with the diritti; one with its IUBD is not', () => {
    expect(certificateCharges(REGISTRY, { kind: 'bollo_digital' })?.totalDueCents).toBe(1652);
    expect(certificateCharges(REGISTRY, { kind: 'bollo_digital', iubd: '01234567890123456789' })?.totalDueCents).toBe(52);
  });

  it('an exemption: no bollo, the reduced diritti (€0.26)', () => {
    expect(certificateCharges(REGISTRY, { kind: 'exempt' })).toEqual({
      bolloCents: 0,
      bolloCollectedCents: 0,
      feeCents: 26,
      totalDueCents: 26,
    });
  });

  it('a certificate exempt by law (stato civile) cannot be issued with a bollo', () => {
    expect(certificateCharges(STATO_CIVILE, { kind: 'bollo_paper' })).toBeNull();
    expect(certificateCharges(STATO_CIVILE, { kind: 'exempt' })?.totalDueCents).toBe(0);
  });

  it('euro amounts as Italians write them', () => {
    expect(formatEuroCents(1600)).toBe('16,00');
    expect(formatEuroCents(26)).toBe('0,26');
    expect(formatEuroCents(516)).toBe('5,16');
    expect(formatEuroCents(123456)).toBe('1.234,56');
  });
});

describe('validity (art. 41 DPR 445/2000: six months, unlimited for facts not subject to change; art. 2963 c.c. for terms in months)', () => {
  it('same day number six months later', () => {
    expect(certificateValidUntil('2026-01-15', 6)).toBe('2026-07-15');
    expect(certificateValidUntil('2026-11-23', 6)).toBe('2027-05-23');
  });

  it('the last day of a shorter month', () => {
    expect(certificateValidUntil('2026-08-31', 6)).toBe('2027-02-28');
    expect(certificateValidUntil('2027-08-31', 6)).toBe('2028-02-29');
  });

  it('the CDU: one year (art. 30 c.3 DPR 380/2001)', () => {
    expect(certificateValidUntil('2026-02-10', 12)).toBe('2027-02-10');
  });

  it('expired only after the last valid day', () => {
    expect(isCertificateExpired('2027-05-23', '2027-05-23')).toBe(false);
    expect(isCertificateExpired('2027-05-23', '2027-05-24')).toBe(true);
  });

  it('art. 41 c.1: a certificate of facts not subject to change (a birth) has no last day and never expires', () => {
    expect(certificateValidUntil('2026-11-23', null)).toBeNull();
    expect(isCertificateExpired(null, '2099-12-31')).toBe(false);
  });

  it('property: never earlier than the day of issue plus the months minus three days, never later than plus the months', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1990-01-01'), max: new Date('2090-12-31'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 24 }),
        (date, months) => {
          const day = date.toISOString().slice(0, 10);
          const until = certificateValidUntil(day, months);
          const [y, m] = day.split('-').map(Number) as [number, number];
          const total = y * 12 + (m - 1) + months;
          expect(until.slice(0, 7)).toBe(`${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`);
          expect(Number(until.slice(8))).toBeLessThanOrEqual(Number(day.slice(8)));
        },
      ),
    );
  });
});

describe('the contrassegno verification code (CAD art. 23-ter c.5)', () => {
  it('has no 0, O, 1 or I, which people confuse', () => {
    expect(VERIFICATION_ALPHABET).toHaveLength(32);
    expect(VERIFICATION_ALPHABET).not.toMatch(/[01OI]/);
  });

  it('property: every generated code has the XXXX-XXXX-XXXX form and parses back to itself', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 11, maxLength: 11 }), (bytes) => {
        const code = generateVerificationCode(() => bytes);
        expect(code).toMatch(VERIFICATION_CODE_PATTERN);
        expect(parseVerificationCode(code)).toEqual({ ok: true, code });
        expect(parseVerificationCode(code.toLowerCase().replace(/-/g, ' '))).toEqual({ ok: true, code });
        expect(parseVerificationCode(verificationAddress('https://www.comune.x.pg.it/verifica', code))).toEqual({ ok: true, code });
      }),
    );
  });

  it('property: one wrong symbol is always caught by the check symbol', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 11, maxLength: 11 }),
        fc.integer({ min: 0, max: 11 }),
        fc.integer({ min: 1, max: 31 }),
        (bytes, position, shift) => {
          const symbols = generateVerificationCode(() => bytes).replace(/-/g, '');
          const wrong = VERIFICATION_ALPHABET[(VERIFICATION_ALPHABET.indexOf(symbols[position]!) + shift) % 32]!;
          const typed = symbols.slice(0, position) + wrong + symbols.slice(position + 1);
          expect(parseVerificationCode(typed)).toEqual({ ok: false, reason: 'verification_code_check' });
        },
      ),
    );
  });

  it('property: swapping two different adjacent symbols is caught, except 2 and Z (as Luhn misses 09/90)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 11, maxLength: 11 }), fc.integer({ min: 0, max: 10 }), (bytes, position) => {
        const symbols = generateVerificationCode(() => bytes).replace(/-/g, '');
        const a = symbols[position]!;
        const b = symbols[position + 1]!;
        fc.pre(a !== b && !(a + b === '2Z' || a + b === 'Z2'));
        const swapped = symbols.slice(0, position) + b + a + symbols.slice(position + 2);
        expect(parseVerificationCode(swapped).ok).toBe(false);
      }),
    );
  });

  it('refuses what is not a code', () => {
    expect(parseVerificationCode('ABCD-EFGH')).toEqual({ ok: false, reason: 'verification_code_format' });
    expect(parseVerificationCode('0BCD-EFGH-JKLM')).toEqual({ ok: false, reason: 'verification_code_format' });
  });

  it('the check symbol of a known string (Luhn mod 32, computed by hand: 2=0 … Z=31)', () => {
    // 'AAAAAAAAAAA': A=8; from the right, doubled at odd positions: 6 doubles of 16 and 5 of 8 = 136; 136 mod 32 = 8 -> (32-8) = 24 -> 'S'.
    expect(verificationCheckSymbol('AAAAAAAAAAA')).toBe('S');
  });
});

describe('certificate templates', () => {
  it('the art. 40 c.02 wording is the statutory sentence', () => {
    expect(ART_40_WORDING).toBe(
      'Il presente certificato non può essere prodotto agli organi della pubblica amministrazione o ai privati gestori di pubblici servizi.',
    );
  });

  it('renders the placeholders with the data', () => {
    expect(
      renderTemplate('Si certifica che {{nominativo}} è {{ nato_a }} a {{luogo_nascita}}.', {
        nominativo: 'ROSSI Mario',
        nato_a: 'nato',
        luogo_nascita: 'Perugia',
      }),
    ).toBe('Si certifica che ROSSI Mario è nato a Perugia.');
  });

  it('an unknown placeholder or stray braces are refused when the type is saved', () => {
    expect(checkTemplate('Residente in {{indirizzo}}', 'residence')).toEqual({ ok: true, placeholders: ['indirizzo'] });
    expect(checkTemplate('Residente in {{indirizzo}}', 'birth')).toEqual({
      ok: false,
      reason: 'unknown_placeholder',
      placeholder: 'indirizzo',
    });
    expect(checkTemplate('Residente in {{indirizzo', 'residence')).toEqual({ ok: false, reason: 'template_malformed' });
  });

  it('property: a template made of known placeholders always renders, with no braces left', () => {
    for (const source of CERTIFICATE_SOURCES) {
      const names = placeholdersOf(source);
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...names), { minLength: 1, maxLength: 8 }), (picked) => {
          const template = picked.map((name) => `testo {{${name}}}`).join(' ');
          expect(checkTemplate(template, source).ok).toBe(true);
          const rendered = renderTemplate(template, Object.fromEntries(names.map((name) => [name, name.toUpperCase()])));
          expect(rendered).not.toMatch(/[{}]/);
        }),
      );
    }
  });

  it('the admin form refuses an unknown placeholder, a CDU fee outside €5.16–€51.65 (L. 68/1993) and a protocolled registry certificate', () => {
    const type = {
      id: null,
      expectedVersion: null,
      code: 'CDU2',
      name: 'Certificato di destinazione urbanistica',
      source: 'cdu',
      template: 'Si certifica che {{elenco_particelle}} ...',
      legalReferences: 'Art. 30 D.P.R. 380/2001',
      bolloApplies: true,
      bolloCents: 1600,
      exemptionCodes: [],
      feeWithBolloCents: 3000,
      feeExemptCents: 3000,
      validityMonths: 12,
      protocolled: true,
      issuingRoles: ['technician'],
      signatoryTitle: 'Il Responsabile',
      active: true,
    } as const;
    expect(SaveCertificateTypeInput.safeParse(type).success).toBe(true);
    const paths = (value: object) => {
      const result = SaveCertificateTypeInput.safeParse(value);
      return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}:${i.message}`);
    };
    expect(paths({ ...type, feeWithBolloCents: 5166 })).toEqual(['feeWithBolloCents:fee_out_of_bounds']);
    expect(paths({ ...type, feeExemptCents: 515 })).toEqual(['feeExemptCents:fee_out_of_bounds']);
    expect(paths({ ...type, template: 'Si certifica {{indirizzo}} ecc.' })).toEqual(['template:unknown_placeholder']);
    expect(paths({ ...type, source: 'residence', template: 'Residente in {{indirizzo}}.' })).toEqual([
      'protocolled:protocol_case_required',
    ]);
  });
});
