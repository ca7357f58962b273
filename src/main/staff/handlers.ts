import type { HandlerMap } from '../api/handlers';
import { listOffices, listStaff } from './queries';
import { createStaffMember, setStaffMemberEnabled } from './service';

type StaffHandlers = Pick<HandlerMap, 'staff/list' | 'staff/create' | 'staff/setEnabled' | 'offices/list'>;

export const staffHandlers: StaffHandlers = {
  'staff/list': async (_input, { session }) => listStaff(session.db),
  'staff/create': async (input, { session }) => createStaffMember(session.db, input),
  'staff/setEnabled': async ({ staffId, enabled }, { session }) => setStaffMemberEnabled(session.db, staffId, enabled),
  'offices/list': async (_input, { session }) => listOffices(session.db),
};
