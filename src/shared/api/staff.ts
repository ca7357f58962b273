import { z } from 'zod';
import { channel } from './channel';
import { STAFF_ROLES, USERNAME_PATTERN, type NamedRef, type StaffRole } from './session';

export interface StaffMember {
  id: number;
  username: string;
  fullName: string;
  email: string | null;
  role: StaffRole;
  enabled: boolean;
  offices: NamedRef[];
  createdAt: string;
  disabledAt: string | null;
}

export interface Office {
  id: number;
  code: string;
  name: string;
}

/** Minimum length and mix for staff passwords (AgID guidance: at least 8 characters). */
export const PASSWORD_MIN_LENGTH = 10;

export const CreateStaffInput = z
  .object({
    username: z.string().trim().toLowerCase().regex(USERNAME_PATTERN, 'username_format'),
    password: z
      .string()
      .min(PASSWORD_MIN_LENGTH, 'password_too_short')
      .max(200)
      .refine((p) => /[A-Za-z]/.test(p) && /\d/.test(p), 'password_too_weak'),
    fullName: z.string().trim().min(3).max(120),
    email: z.email().max(200).nullable().default(null),
    role: z.enum(STAFF_ROLES),
    officeIds: z.array(z.number().int().positive()).min(1, 'office_required').max(20),
  })
  .strict();
export type CreateStaffInputValue = z.input<typeof CreateStaffInput>;

export const SetStaffEnabledInput = z
  .object({ staffId: z.number().int().positive(), enabled: z.boolean() })
  .strict();

export const staffChannels = {
  'staff/list': channel<StaffMember[]>()(z.object({}).strict()),
  'staff/create': channel<StaffMember>()(CreateStaffInput),
  'staff/setEnabled': channel<StaffMember>()(SetStaffEnabledInput),
  'offices/list': channel<Office[]>()(z.object({}).strict()),
};
