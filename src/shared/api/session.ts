import { z } from 'zod';
import { channel } from './channel';

export const STAFF_ROLES = ['clerk', 'technician', 'manager', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** PostgreSQL login role names used for staff: lower case, start with a letter, at most 48 chars. */
export const USERNAME_PATTERN = /^[a-z][a-z0-9_.]{2,47}$/;

export const SignInInput = z
  .object({
    username: z.string().trim().toLowerCase().regex(USERNAME_PATTERN),
    password: z.string().min(1).max(200),
  })
  .strict();

export interface NamedRef {
  id: number;
  name: string;
}

export interface SessionInfo {
  staffId: number;
  username: string;
  fullName: string;
  role: StaffRole;
  ente: NamedRef;
  offices: NamedRef[];
}

export const sessionChannels = {
  'session/signIn': channel<SessionInfo>()(SignInInput, { public: true }),
  'session/current': channel<SessionInfo | null>()(z.object({}).strict(), { public: true }),
  'session/signOut': channel<null>()(z.object({}).strict(), { public: true }),
};
