import type { HandlerMap } from '../api/handlers';
import { searchArchive } from './search';
import { createSeries, dossierDetail, listSeries } from './service';

type ArchiveHandlers = Pick<HandlerMap, 'archive/series' | 'archive/createSeries' | 'archive/search' | 'archive/dossier'>;

export const archiveHandlers: ArchiveHandlers = {
  'archive/series': async (_input, { session }) => listSeries(session.db),
  'archive/createSeries': async (input, { session }) => createSeries(session.db, session.info, input),
  'archive/search': async ({ text, filters, offset, limit }, { session }) => searchArchive(session.db, { text, filters, offset, limit }),
  'archive/dossier': async ({ dossierId }, { session }) => dossierDetail(session.db, dossierId),
};
