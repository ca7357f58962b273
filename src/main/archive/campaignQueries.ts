/**
 * SQL of the digitisation campaign: boxes and their stages, and the dashboard's figures (progress
 * by series and decade, pages acquired per day). Under the session's row-level security.
 */
import type { Knex } from 'knex';
import type { ArchiveBox, CampaignDashboard } from '../../shared/api/archive';
import { BOX_STATUSES, type BoxStatus } from '../../shared/domain/archive';

type Db = Knex | Knex.Transaction;

function emptyByStatus(): Record<BoxStatus, number> {
  return Object.fromEntries(BOX_STATUSES.map((status) => [status, 0])) as Record<BoxStatus, number>;
}

interface BoxRow {
  id: number;
  series_id: number;
  series_code: string;
  series_title: string;
  label: string;
  building: string;
  room: string;
  shelf: string;
  year_from: number | null;
  year_to: number | null;
  status: BoxStatus;
  status_changed_at: Date;
  status_changed_by: string;
  dossiers: number;
  documents: number;
  pages: number;
}

function toBox(row: BoxRow): ArchiveBox {
  return {
    id: row.id,
    series: { id: row.series_id, code: row.series_code, title: row.series_title },
    label: row.label,
    building: row.building,
    room: row.room,
    shelf: row.shelf,
    yearFrom: row.year_from,
    yearTo: row.year_to,
    status: row.status,
    statusChangedAt: row.status_changed_at.toISOString(),
    statusChangedBy: row.status_changed_by,
    dossiers: row.dossiers,
    documents: row.documents,
    pages: row.pages,
  };
}

export async function selectBoxes(db: Db, where: { seriesId?: number | null; boxId?: number }): Promise<ArchiveBox[]> {
  const result = (await db.raw(
    `SELECT b.id, b.series_id, s.code AS series_code, s.title AS series_title, b.label, b.building, b.room, b.shelf,
            b.year_from, b.year_to, b.status, b.status_changed_at, b.status_changed_by,
            coalesce(c.dossiers, 0)::int AS dossiers, coalesce(c.documents, 0)::int AS documents, coalesce(c.pages, 0)::int AS pages
       FROM scrivania.archive_boxes b
       JOIN scrivania.archive_series s ON s.id = b.series_id
       LEFT JOIN LATERAL (
         SELECT count(DISTINCT d.id) AS dossiers, count(a.id) AS documents, sum(a.page_count) AS pages
           FROM scrivania.archive_dossiers d
           LEFT JOIN scrivania.archive_documents a ON a.dossier_id = d.id
          WHERE d.box_id = b.id
       ) c ON true
      WHERE (?::int IS NULL OR b.series_id = ?::int) AND (?::int IS NULL OR b.id = ?::int)
      ORDER BY s.code, b.year_from NULLS LAST, b.label`,
    [where.seriesId ?? null, where.seriesId ?? null, where.boxId ?? null, where.boxId ?? null],
  )) as { rows: BoxRow[] };
  return result.rows.map(toBox);
}

export async function insertBox(
  db: Db,
  box: {
    enteId: number;
    seriesId: number;
    label: string;
    building: string;
    room: string;
    shelf: string;
    yearFrom: number | null;
    yearTo: number | null;
  },
): Promise<number> {
  const [row] = (await db('scrivania.archive_boxes')
    .insert({
      ente_id: box.enteId,
      series_id: box.seriesId,
      label: box.label,
      building: box.building,
      room: box.room,
      shelf: box.shelf,
      year_from: box.yearFrom,
      year_to: box.yearTo,
    })
    .returning('id')) as { id: number }[];
  return row!.id;
}

/** Moves a box from `from` to `to`; 0 rows when it is no longer at `from` (someone moved it meanwhile). */
export async function updateBoxStatus(db: Db, boxId: number, from: BoxStatus, to: BoxStatus): Promise<number> {
  return db('scrivania.archive_boxes').where({ id: boxId, status: from }).update({ status: to });
}

export async function dashboardFigures(db: Db, days: number): Promise<CampaignDashboard> {
  const boxRows = (await db.raw(
    `SELECT s.id, s.code, s.title, b.status, count(b.id)::int AS boxes
       FROM scrivania.archive_series s
       LEFT JOIN scrivania.archive_boxes b ON b.series_id = s.id
      GROUP BY s.id, s.code, s.title, b.status`,
  )) as { rows: Array<{ id: number; code: string; title: string; status: BoxStatus | null; boxes: number }> };
  const contentRows = (await db.raw(
    `SELECT d.series_id, (d.year / 10) * 10 AS decade, count(*)::int AS dossiers,
            count(*) FILTER (WHERE docs.documents > 0)::int AS digitised,
            coalesce(sum(docs.documents), 0)::int AS documents, coalesce(sum(docs.pages), 0)::int AS pages
       FROM scrivania.archive_dossiers d
       LEFT JOIN LATERAL (SELECT count(*) AS documents, sum(page_count) AS pages
                            FROM scrivania.archive_documents a WHERE a.dossier_id = d.id) docs ON true
      GROUP BY d.series_id, (d.year / 10) * 10`,
  )) as { rows: Array<{ series_id: number; decade: number; dossiers: number; digitised: number; documents: number; pages: number }> };
  const dayRows = (await db.raw(
    `SELECT to_char((imported_at AT TIME ZONE 'Europe/Rome')::date, 'YYYY-MM-DD') AS day,
            sum(page_count)::int AS pages, count(*)::int AS documents
       FROM scrivania.archive_documents
      WHERE imported_at >= ((now() AT TIME ZONE 'Europe/Rome')::date - (? - 1)) AT TIME ZONE 'Europe/Rome'
      GROUP BY 1`,
    [days],
  )) as { rows: Array<{ day: string; pages: number; documents: number }> };
  const today = (await db.raw(`SELECT to_char((now() AT TIME ZONE 'Europe/Rome')::date, 'YYYY-MM-DD') AS day`)) as {
    rows: Array<{ day: string }>;
  };

  const boxes = emptyByStatus();
  const series = new Map<number, CampaignDashboard['bySeries'][number]>();
  for (const row of boxRows.rows) {
    const entry = series.get(row.id) ?? {
      series: { id: row.id, code: row.code, title: row.title },
      boxes: emptyByStatus(),
      dossiers: 0,
      documents: 0,
      pages: 0,
    };
    if (row.status) {
      entry.boxes[row.status] += row.boxes;
      boxes[row.status] += row.boxes;
    }
    series.set(row.id, entry);
  }
  const decades = new Map<number, CampaignDashboard['byDecade'][number]>();
  for (const row of contentRows.rows) {
    const entry = series.get(row.series_id);
    if (entry) {
      entry.dossiers += row.dossiers;
      entry.documents += row.documents;
      entry.pages += row.pages;
    }
    const decade = decades.get(row.decade) ?? { decade: row.decade, dossiers: 0, digitisedDossiers: 0, pages: 0 };
    decade.dossiers += row.dossiers;
    decade.digitisedDossiers += row.digitised;
    decade.pages += row.pages;
    decades.set(row.decade, decade);
  }
  const perDay = new Map(dayRows.rows.map((row) => [row.day, row]));
  const last = new Date(`${today.rows[0]!.day}T00:00:00Z`);
  const pagesPerDay = Array.from({ length: days }, (_, index) => {
    const date = new Date(last.getTime() - (days - 1 - index) * 86_400_000).toISOString().slice(0, 10);
    const found = perDay.get(date);
    return { day: date, pages: found?.pages ?? 0, documents: found?.documents ?? 0 };
  });
  return {
    boxes,
    bySeries: [...series.values()].sort((a, b) => a.series.code.localeCompare(b.series.code)),
    byDecade: [...decades.values()].sort((a, b) => a.decade - b.decade),
    pagesPerDay,
    days,
  };
}
