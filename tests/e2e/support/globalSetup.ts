import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { electronBinaryPath } from './electron';
import { startBrowserMode } from './browserMode';

/**
 * Starts Scrivania on a fresh embedded database (first start: create, migrate, load the demo data),
 * as a newcomer would. In Electron mode the database is prepared the same way and then handed to
 * the desktop app, which each test launches on it.
 */
export default async function globalSetup() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scrivania-e2e-'));
  fs.chmodSync(dataDir, 0o755);
  const app = await startBrowserMode({ SCRIVANIA_DATA_DIR: dataDir });
  process.env.SCRIVANIA_E2E_DATA_DIR = dataDir;
  process.env.SCRIVANIA_E2E_DB_PORT = String(app.databasePort);
  if (electronBinaryPath()) {
    await app.stop();
  } else {
    process.env.SCRIVANIA_E2E_URL = app.launchUrl;
  }
  return async () => {
    await app.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
