import type { HandlerMap } from '../../api/handlers';
import { getCduRequest, listCduRequests, requestCdu, validateParcels } from './service';

/** Every CDU channel of the contract. */
type CduHandlers = Pick<HandlerMap, Extract<keyof HandlerMap, `certificates/cdu/${string}`>>;

export const cduHandlers: CduHandlers = {
  'certificates/cdu/parcels/validate': async ({ parcels }, { session }) => validateParcels(session.db, parcels),
  'certificates/cdu/request': async (input, { session }) => requestCdu(session.db, input),
  'certificates/cdu/requests/list': async (input, { session }) => listCduRequests(session.db, input),
  'certificates/cdu/get': async ({ requestId }, { session }) => getCduRequest(session.db, requestId),
};
