import type { Knex } from 'knex';
import { MIGRATIONS, type Migration } from '../../../migrations';

/** knex's migration source over the static list, so bundles and tests run the very same files. */
class StaticMigrationSource implements Knex.MigrationSource<[string, Migration]> {
  getMigrations() {
    return Promise.resolve(MIGRATIONS);
  }
  getMigrationName(migration: [string, Migration]) {
    return migration[0];
  }
  getMigration(migration: [string, Migration]) {
    return Promise.resolve(migration[1]);
  }
}

export const KNOWN_MIGRATIONS: readonly string[] = MIGRATIONS.map(([name]) => name);

export function migratorConfig(): Knex.MigratorConfig {
  return { migrationSource: new StaticMigrationSource(), tableName: 'knex_migrations', schemaName: 'public' };
}

export async function migrateToLatest(knex: Knex): Promise<string[]> {
  const [, applied] = (await knex.migrate.latest(migratorConfig())) as [number, string[]];
  return applied;
}

export type SchemaStatus =
  | { state: 'current' }
  | { state: 'empty' }
  | { state: 'behind'; pending: string[] }
  | { state: 'ahead'; unknown: string[] };

/**
 * Compares the migrations recorded in the database with the ones this build knows. `ahead` means
 * a newer Scrivania migrated the database: this build must refuse it rather than misread it.
 */
export async function schemaStatus(knex: Knex | Knex.Transaction): Promise<SchemaStatus> {
  const exists = await knex.raw<{ rows: { present: boolean }[] }>(
    `SELECT to_regclass('public.knex_migrations') IS NOT NULL AS present`,
  );
  if (!exists.rows[0]?.present) return { state: 'empty' };
  const applied = (await knex('public.knex_migrations').select<{ name: string }[]>('name')).map((row) => row.name);
  const known = new Set(KNOWN_MIGRATIONS);
  const unknown = applied.filter((name) => !known.has(name));
  if (unknown.length > 0) return { state: 'ahead', unknown };
  if (applied.length === 0) return { state: 'empty' };
  const appliedSet = new Set(applied);
  const pending = KNOWN_MIGRATIONS.filter((name) => !appliedSet.has(name));
  return pending.length > 0 ? { state: 'behind', pending } : { state: 'current' };
}
