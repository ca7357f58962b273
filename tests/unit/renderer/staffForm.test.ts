import { describe, expect, it } from 'vitest';
import { CreateStaffInput } from '../../../src/shared/api/staff';
import {
  clientSideErrors,
  EMPTY_STAFF_FORM,
  fieldOfError,
  fieldOfIssuePath,
  normaliseUsernameInput,
  passwordRules,
  toCreateStaffInput,
} from '../../../src/renderer/staff/staffForm';

describe('new staff form', () => {
  const filled = {
    ...EMPTY_STAFF_FORM,
    username: 'giulia.bianchi',
    fullName: '  Giulia Bianchi ',
    email: '',
    role: 'technician' as const,
    officeIds: [3, 1],
    password: 'Scrivania2026',
    passwordConfirm: 'Scrivania2026',
  };

  it('builds an input the contract accepts (empty e-mail = null, trimmed name)', () => {
    const input = toCreateStaffInput(filled);
    expect(input).toMatchObject({ username: 'giulia.bianchi', fullName: 'Giulia Bianchi', email: null, officeIds: [1, 3] });
    expect(CreateStaffInput.safeParse(input).success).toBe(true);
  });

  it('usernames are typed lower case without spaces', () => {
    expect(normaliseUsernameInput('Mario Rossi')).toBe('mariorossi');
  });

  it('password hints follow the server rule (10 characters, letters and digits)', () => {
    expect(passwordRules('abc')).toEqual({ length: false, lettersAndDigits: false });
    expect(passwordRules('abcdefghij')).toEqual({ length: true, lettersAndDigits: false });
    expect(passwordRules('abcdefghi1')).toEqual({ length: true, lettersAndDigits: true });
  });

  it('only a password confirmation mismatch is blocked on the client', () => {
    expect(clientSideErrors(filled)).toEqual({});
    expect(clientSideErrors({ ...filled, passwordConfirm: 'other' })).toEqual({ passwordConfirm: 'passwordMismatch' });
    expect(clientSideErrors({ ...filled, password: 'short', passwordConfirm: 'short' })).toEqual({});
  });

  it('server issues and conflicts land on their field', () => {
    expect(fieldOfIssuePath('officeIds.0')).toBe('officeIds');
    expect(fieldOfIssuePath('password')).toBe('password');
    expect(fieldOfIssuePath('')).toBeNull();
    expect(fieldOfError({ code: 'conflict', message: '', reason: 'username_taken' })).toBe('username');
  });
});
