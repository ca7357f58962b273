import type { HandlerMap } from '../api/handlers';
import { campaignDashboard, createBox, listBoxes, moveBox } from './campaign';
import { openScan, stampScan } from './consultation';
import { importStatus, interruptImport, recentImports, resumeImport, startImport } from './importer';
import { linkPrecedent, precedentsOf, unlinkPrecedent } from './precedents';
import { selectAccessLog } from './queries';
import { searchArchive } from './search';
import { createSeries, dossierDetail, listSeries } from './service';

/** Every archive channel of the contract. */
type ArchiveHandlers = Pick<HandlerMap, Extract<keyof HandlerMap, `archive/${string}`>>;

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
  'archive/boxes': async ({ seriesId }, { session }) => listBoxes(session.db, seriesId),
  'archive/createBox': async (input, { session }) => createBox(session.db, session.info, input),
  'archive/moveBox': async ({ boxId, from, to }, { session }) => moveBox(session.db, session.info, boxId, from, to),
  'archive/dashboard': async ({ days }, { session }) => campaignDashboard(session.db, days),
  'archive/imports': async (_input, { session }) => recentImports(session.db),
  // The import goes on in the background; the answer is the batch as it starts.
  'archive/startImport': async (input, { session, runtime }) => (await startImport(session.db, session.info, input, runtime.log)).status,
  'archive/importStatus': async ({ batchId }, { session }) => importStatus(session.db, batchId),
  'archive/interruptImport': async ({ batchId }, { session }) => interruptImport(session.db, session.info, batchId),
  'archive/resumeImport': async ({ batchId }, { session, runtime }) =>
    (await resumeImport(session.db, session.info, batchId, runtime.log)).status,
  'archive/precedents': async ({ instanceId }, { session }) => precedentsOf(session.db, instanceId),
  'archive/link': async ({ instanceId, dossierId, note }, { session }) => linkPrecedent(session.db, instanceId, dossierId, note),
  'archive/unlink': async ({ instanceId, dossierId }, { session }) => unlinkPrecedent(session.db, instanceId, dossierId),
};
