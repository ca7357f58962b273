/**
 * The "Nuovo utente" form, pure: its values, the input sent to `staff/create`, live hints and the
 * mapping of the server's validation issues to fields. The server is the authority on every rule;
 * the client only blocks what the server cannot know (the two passwords must match).
 */
import type { ApiError } from '../../shared/api/errors';
import { USERNAME_PATTERN, type StaffRole } from '../../shared/api/session';
import { PASSWORD_MIN_LENGTH, type CreateStaffInputValue } from '../../shared/api/staff';

export interface StaffFormValues {
  username: string;
  fullName: string;
  email: string;
  role: StaffRole | '';
  officeIds: number[];
  password: string;
  passwordConfirm: string;
}

export type StaffFormField = 'username' | 'fullName' | 'email' | 'role' | 'officeIds' | 'password' | 'passwordConfirm';

export const EMPTY_STAFF_FORM: StaffFormValues = {
  username: '',
  fullName: '',
  email: '',
  role: '',
  officeIds: [],
  password: '',
  passwordConfirm: '',
};

/** Usernames are lower case with no spaces: the field rewrites what is typed as it goes. */
export function normaliseUsernameInput(text: string): string {
  return text.toLowerCase().replace(/\s+/g, '');
}

export function toCreateStaffInput(values: StaffFormValues): CreateStaffInputValue {
  const email = values.email.trim();
  return {
    username: values.username.trim().toLowerCase(),
    fullName: values.fullName.trim(),
    email: email === '' ? null : email,
    // An empty role is sent as is: the server answers with a field error like any other rule.
    role: values.role as StaffRole,
    officeIds: [...values.officeIds].sort((a, b) => a - b),
    password: values.password,
  };
}

export interface PasswordRules {
  length: boolean;
  lettersAndDigits: boolean;
}

export function passwordRules(password: string): PasswordRules {
  return { length: password.length >= PASSWORD_MIN_LENGTH, lettersAndDigits: /[A-Za-z]/.test(password) && /\d/.test(password) };
}

export function usernameLooksValid(username: string): boolean {
  return USERNAME_PATTERN.test(username.trim().toLowerCase());
}

/** The checks made before sending: only what the server cannot check. */
export function clientSideErrors(values: StaffFormValues): Partial<Record<StaffFormField, 'passwordMismatch'>> {
  return values.password !== values.passwordConfirm ? { passwordConfirm: 'passwordMismatch' } : {};
}

const FIELDS: readonly StaffFormField[] = ['username', 'fullName', 'email', 'role', 'officeIds', 'password'];

/** The form field a server error is about: the first segment of an issue path, or a conflict's reason. */
export function fieldOfIssuePath(path: string): StaffFormField | null {
  const head = path.split('.')[0] ?? '';
  return (FIELDS as readonly string[]).includes(head) ? (head as StaffFormField) : null;
}

export function fieldOfError(error: ApiError): StaffFormField | null {
  if (error.reason === 'username_taken' || error.reason === 'username_format') return 'username';
  if (error.reason === 'office_required' || error.reason === 'office_other_ente') return 'officeIds';
  if (error.reason === 'role') return 'role';
  return null;
}
