import type { HandlerMap } from '../api/handlers';
import { actOnCase, getCase, listAssignees } from './workflowService';

type CaseHandlers = Pick<HandlerMap, 'cases/get' | 'cases/act' | 'cases/assignees'>;

export const caseHandlers: CaseHandlers = {
  'cases/get': async ({ instanceId }, { session }) =>
    getCase(session.db, instanceId, { staffId: session.info.staffId, role: session.info.role }),
  'cases/act': async (action, { session }) => actOnCase(session.db, action, { staffId: session.info.staffId, role: session.info.role }),
  'cases/assignees': async ({ instanceId }, { session }) => listAssignees(session.db, instanceId),
};
