import knexFactory, { type Knex } from 'knex';
import './typeParsers';
import type { DatabaseTarget } from './target';

export interface Credentials {
  user: string;
  password: string;
}

export interface PoolOptions {
  max?: number;
  applicationName?: string;
}

/** knex prints pool errors itself; callers already receive them as rejected queries. */
const quietKnexLog = { warn: () => {}, error: () => {}, deprecate: () => {}, debug: () => {} };

/**
 * The one place a knex instance is built, for staff sessions and for administrative work alike.
 * Timeouts are short so that an unreachable server is reported in seconds, not minutes.
 */
export function createKnex(target: Pick<DatabaseTarget, 'host' | 'port' | 'database' | 'ssl'>, credentials: Credentials, options: PoolOptions = {}): Knex {
  return knexFactory({
    client: 'pg',
    connection: {
      host: target.host,
      port: target.port,
      database: target.database,
      user: credentials.user,
      password: credentials.password,
      ssl: target.ssl,
      application_name: options.applicationName ?? 'scrivania',
      connectionTimeoutMillis: 5000,
      statement_timeout: 30000,
      keepAlive: true,
    },
    pool: { min: 0, max: options.max ?? 4, idleTimeoutMillis: 30000 },
    acquireConnectionTimeout: 8000,
    log: quietKnexLog,
  });
}
