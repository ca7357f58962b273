import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

/**
 * A superuser connection to the app's embedded database, for checking what the UI shows against
 * what is really stored (never for setting up what the UI is supposed to do).
 */
export async function withAppDatabase<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const dataDir = process.env.SCRIVANIA_E2E_DATA_DIR!;
  const { password } = JSON.parse(fs.readFileSync(path.join(dataDir, 'embedded-credentials.json'), 'utf8')) as { password: string };
  const client = new pg.Client({ host: '127.0.0.1', port: Number(process.env.SCRIVANIA_E2E_DB_PORT), user: 'postgres', password, database: 'scrivania' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
