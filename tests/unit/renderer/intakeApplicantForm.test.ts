import { describe, expect, it } from 'vitest';
import type { ApplicantMatch } from '../../../src/shared/api/intake';
import { ApplicantInputSchema } from '../../../src/shared/api/intake';
import { applyOmocodia, buildCodiceFiscale } from '../../../src/shared/domain/codiceFiscale';
import {
  applicantErrors,
  applicantFieldOfIssue,
  applicantInputOf,
  EMPTY_APPLICANT,
  valuesFromMatch,
  valuesFromSender,
} from '../../../src/renderer/intake/applicantForm';

const cf = buildCodiceFiscale({ lastName: 'Fontana', firstName: 'Ilaria', birthDate: '1991-02-14', sex: 'F', birthPlaceCode: 'G478' });

describe('the applicant part of the desk and inbox forms', () => {
  it('says what is wrong with a codice fiscale as the server would, and accepts omocodia', () => {
    const person = { ...EMPTY_APPLICANT, lastName: 'Fontana', firstName: 'Ilaria' };
    expect(applicantErrors({ ...person, codiceFiscale: '' }).codiceFiscale).toBe('common.required');
    expect(applicantErrors({ ...person, codiceFiscale: cf.slice(0, 15) }).codiceFiscale).toBe('reason.codice_fiscale_length');
    expect(applicantErrors({ ...person, codiceFiscale: `${cf.slice(0, 15)}${cf.endsWith('A') ? 'B' : 'A'}` }).codiceFiscale).toBe(
      'reason.codice_fiscale_check_char',
    );
    expect(applicantErrors({ ...person, codiceFiscale: applyOmocodia(cf, 3) })).toEqual({});
    expect(applicantErrors({ ...person, codiceFiscale: cf, postalCode: '6030', pec: 'nessuna' })).toEqual({
      postalCode: 'reason.postal_code',
      pec: 'issue.email.invalid_format',
    });
  });

  it('checks the partita IVA of a business and needs its name', () => {
    const business = { ...EMPTY_APPLICANT, kind: 'business' as const };
    expect(applicantErrors({ ...business, partitaIva: '01456789014' })).toEqual({
      partitaIva: 'reason.partita_iva_check_digit',
      name: 'common.required',
    });
    expect(applicantErrors({ ...business, partitaIva: '01456789013', name: 'Edil Sud s.r.l.' })).toEqual({});
  });

  it('sends what the API contract accepts: upper-case codes, empty optional fields as null', () => {
    const input = applicantInputOf({
      ...EMPTY_APPLICANT,
      codiceFiscale: ` ${cf.toLowerCase()} `,
      lastName: ' Fontana ',
      firstName: 'Ilaria',
      pec: 'ilaria@pec.it',
    });
    expect(input).toEqual({
      kind: 'person',
      codiceFiscale: cf,
      lastName: 'Fontana',
      firstName: 'Ilaria',
      email: null,
      pec: 'ilaria@pec.it',
      address: null,
      postalCode: null,
      city: null,
    });
    expect(ApplicantInputSchema.safeParse(input).success).toBe(true);
  });

  it('fills from a registry match, and from the sender when there is none', () => {
    const match: ApplicantMatch = {
      kind: 'business',
      id: 7,
      partitaIva: '01456789013',
      codiceFiscale: '01456789013',
      name: 'Edil Sud s.r.l.',
      email: null,
      pec: 'edilsud@pec.it',
      address: 'Via Roma 1',
      postalCode: '06030',
      city: 'Montesereno',
    };
    expect(valuesFromMatch(match)).toMatchObject({
      kind: 'business',
      partitaIva: '01456789013',
      businessTaxCode: '',
      name: 'Edil Sud s.r.l.',
      pec: 'edilsud@pec.it',
    });
    expect(valuesFromSender('mario.rossi@pec.it', true)).toMatchObject({ pec: 'mario.rossi@pec.it', email: '' });
    expect(valuesFromSender('lucia@example.it', false)).toMatchObject({ pec: '', email: 'lucia@example.it' });
  });

  it('puts a server issue on the field it is about', () => {
    expect(applicantFieldOfIssue('applicant.codiceFiscale', 'person')).toBe('codiceFiscale');
    expect(applicantFieldOfIssue('applicant.codiceFiscale', 'business')).toBe('businessTaxCode');
    expect(applicantFieldOfIssue('applicant.postalCode', 'person')).toBe('postalCode');
    expect(applicantFieldOfIssue('applicant.kind', 'person')).toBeNull();
    expect(applicantFieldOfIssue('subject', 'person')).toBeNull();
  });
});
