import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

/**
 * A superuser connection to the app's embedded database, for checking what the UI shows against
 * what is really stored (never for setting up what the UI is supposed to do).
 */
export async function withAppDatabase<T>(
  work: (client: pg.Client) => Promise<T>,
  /** Another browser-mode instance started by a spec; the shared one by default. */
  app: { dataDir: string; databasePort: number } = { dataDir: process.env.SCRIVANIA_E2E_DATA_DIR!, databasePort: Number(process.env.SCRIVANIA_E2E_DB_PORT) },
): Promise<T> {
  const { password } = JSON.parse(fs.readFileSync(path.join(app.dataDir, 'embedded-credentials.json'), 'utf8')) as { password: string };
  const client = new pg.Client({ host: '127.0.0.1', port: app.databasePort, user: 'postgres', password, database: 'scrivania' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
