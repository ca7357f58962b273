import type { HandlerMap } from '../api/handlers';
import { AppError } from '../api/appError';
import { annulRegistration } from './annulment';
import { produceDailyRegister } from './dailyRegister';
import { listRegisters, readEntryDetail, readProtocolPage, resolveRegisterId } from './queries';

type ProtocolHandlers = Pick<
  HandlerMap,
  'protocol/registers' | 'protocol/list' | 'protocol/get' | 'protocol/annul' | 'protocol/dailyRegister'
>;

export const protocolHandlers: ProtocolHandlers = {
  'protocol/registers': async (_input, { session }) => listRegisters(session.db),
  'protocol/list': async (query, { session }) => {
    const registerId = await resolveRegisterId(session.db, query.registerId);
    if (registerId === null) throw new AppError('not_found', 'No protocol register', 'register_not_found');
    const page = await readProtocolPage(session.db, registerId, query);
    return { ...page, registerId };
  },
  'protocol/get': async ({ entryId }, { session }) => {
    const entry = await readEntryDetail(session.db, entryId);
    if (!entry) throw new AppError('not_found', `Registration ${entryId} not found`, 'protocol_entry_not_found');
    return entry;
  },
  'protocol/annul': async (input, { session }) => annulRegistration(session.db, session.info.role, input),
  'protocol/dailyRegister': async ({ registerId, day }, { session }) => {
    const { bytes, ...document } = await produceDailyRegister(session.db, { registerId, day });
    return { ...document, contentBase64: bytes.toString('base64') };
  },
};
