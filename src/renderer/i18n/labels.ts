import type { DatabaseDescription } from '../../shared/api/app';
import type { Translate } from './translate';

/** "Database locale (incorporato)" or "Server centrale host:port/db". Never credentials. */
export function databaseLabel(database: DatabaseDescription, t: Translate): string {
  return database.kind === 'embedded'
    ? t('database.embedded')
    : t('database.central', { host: database.host, port: database.port, database: database.database });
}
