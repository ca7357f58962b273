/**
 * Consulting the archive: its series, a dossier with everything in it. Rules and transactions;
 * the SQL is in ./queries.
 */
import type { Knex } from 'knex';
import type { ArchiveDossierDetail, ArchiveSeriesInfo } from '../../shared/api/archive';
import type { SeriesKind } from '../../shared/domain/archive';
import type { SessionInfo } from '../../shared/api/session';
import { AppError } from '../api/appError';
import { insertSeries, selectDossierDetail, selectSeries } from './queries';

type Db = Knex | Knex.Transaction;

export async function listSeries(db: Db): Promise<ArchiveSeriesInfo[]> {
  return selectSeries(db);
}

export interface NewSeries {
  code: string;
  title: string;
  kind: SeriesKind;
  yearFrom: number | null;
  yearTo: number | null;
  shared: boolean;
  classification: string | null;
}

/** A new series of the session's ente (managers and administrators; the database checks it too). */
export async function createSeries(db: Knex, session: SessionInfo, series: NewSeries): Promise<ArchiveSeriesInfo> {
  if (session.role !== 'manager' && session.role !== 'admin') {
    throw new AppError('forbidden', 'Only managers and administrators create archive series', 'series_needs_manager');
  }
  if (series.yearFrom !== null && series.yearTo !== null && series.yearFrom > series.yearTo) {
    throw new AppError('validation', 'The series ends before it starts', 'year_range', [{ path: 'yearTo', reason: 'year_range' }]);
  }
  return db.transaction(async (trx) => {
    const id = await insertSeries(trx, { enteId: session.ente.id, ...series });
    const [created] = await selectSeries(trx, { id });
    if (!created) throw new AppError('internal', 'Created series not visible');
    return created;
  });
}

export async function dossierDetail(db: Db, dossierId: number): Promise<ArchiveDossierDetail> {
  const detail = await selectDossierDetail(db, dossierId);
  if (!detail) throw new AppError('not_found', 'No such archive dossier', 'archive_dossier_not_found');
  return detail;
}
