import type { Knex } from 'knex';
import type { SessionInfo } from '../../shared/api/session';
import { AppError } from '../api/appError';
import { createKnex } from '../db/knexFactory';
import { schemaStatus } from '../db/migrations';
import type { DatabaseTarget } from '../db/target';
import { loadSessionInfo } from './queries';

/** A signed-in staff member: their identity and a connection pool that logs in as their own role. */
export interface Session {
  info: SessionInfo;
  db: Knex;
  close(): Promise<void>;
}

/**
 * Signs in by connecting as the staff member's PostgreSQL role: the server checks the password
 * (SCRAM), and row-level security then limits everything this pool can see. The schema is checked
 * before anything else is read, so a build never works on a database it does not understand.
 */
export async function openSession(target: DatabaseTarget, username: string, password: string): Promise<Session> {
  const db = createKnex(target, { user: username, password });
  try {
    const status = await schemaStatus(db).catch((error: unknown) => {
      // Only Scrivania's staff roles may read the migrations ledger: any other login role is a stranger.
      if ((error as { code?: string }).code === '42501') throw new AppError('not_staff', `Role ${username} is not a Scrivania staff member`);
      throw error;
    });
    if (status.state === 'ahead') {
      throw new AppError('schema_ahead', `Database schema is newer than this build: ${status.unknown.join(', ')}`);
    }
    if (status.state !== 'current') {
      throw new AppError('schema_behind', 'Database schema is not up to date: run npm run db:migrate');
    }
    const info = await loadSessionInfo(db);
    if (!info) throw new AppError('not_staff', `Role ${username} is not a Scrivania staff member`);
    return { info, db, close: () => db.destroy() };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}
