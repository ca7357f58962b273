import type { HandlerMap } from '../api/handlers';
import { openScan, stampScan } from './consultation';
import { selectAccessLog } from './queries';
import { searchArchive } from './search';
import { createSeries, dossierDetail, listSeries } from './service';

type ArchiveHandlers = Pick<
  HandlerMap,
  | 'archive/series'
  | 'archive/createSeries'
  | 'archive/search'
  | 'archive/dossier'
  | 'archive/openScan'
  | 'archive/stampedCopy'
  | 'archive/accessLog'
>;

export const archiveHandlers: ArchiveHandlers = {
  'archive/series': async (_input, { session }) => listSeries(session.db),
  'archive/createSeries': async (input, { session }) => createSeries(session.db, session.info, input),
  'archive/search': async ({ text, filters, offset, limit }, { session }) => searchArchive(session.db, { text, filters, offset, limit }),
  'archive/dossier': async ({ dossierId }, { session }) => dossierDetail(session.db, dossierId),
  'archive/openScan': async ({ documentId, access }, { session }) => openScan(session.db, documentId, access),
  'archive/stampedCopy': async ({ documentId, action, access }, { session }) =>
    stampScan(session.db, session.info, documentId, action, access),
  // Everyone sees their own accesses; managers and administrators their ente's (row-level security decides).
  'archive/accessLog': async (filter, { session }) => selectAccessLog(session.db, filter),
};
