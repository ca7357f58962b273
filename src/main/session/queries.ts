import type { Knex } from 'knex';
import type { SessionInfo, StaffRole } from '../../shared/api/session';

interface SessionRow {
  staff_id: number;
  username: string;
  full_name: string;
  role: StaffRole;
  ente_id: number;
  ente_name: string;
  offices: { id: number; name: string }[] | null;
}

/** Who the connected role is, by `session_user`: null when the role has no enabled staff row. */
export async function loadSessionInfo(db: Knex): Promise<SessionInfo | null> {
  const result = await db.raw<{ rows: SessionRow[] }>(`
    SELECT s.id AS staff_id, s.username, s.full_name, s.role, e.id AS ente_id, e.name AS ente_name,
           (SELECT json_agg(json_build_object('id', o.id, 'name', o.name) ORDER BY o.name)
              FROM scrivania.staff_offices so JOIN scrivania.offices o ON o.id = so.office_id
             WHERE so.staff_id = s.id) AS offices
      FROM scrivania.staff s
      JOIN scrivania.enti e ON e.id = s.ente_id
     WHERE s.username = session_user AND s.enabled
  `);
  const row = result.rows[0];
  if (!row) return null;
  return {
    staffId: row.staff_id,
    username: row.username,
    fullName: row.full_name,
    role: row.role,
    ente: { id: row.ente_id, name: row.ente_name },
    offices: row.offices ?? [],
  };
}
