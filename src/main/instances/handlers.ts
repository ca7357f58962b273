import type { HandlerMap } from '../api/handlers';
import { readWorklistPage } from './worklistQueries';

type InstancesHandlers = Pick<HandlerMap, 'instances/worklist'>;

export const instancesHandlers: InstancesHandlers = {
  'instances/worklist': async (query, { session }) =>
    readWorklistPage(session.db, query, {
      staffId: session.info.staffId,
      officeIds: session.info.offices.map((office) => office.id),
    }),
};
