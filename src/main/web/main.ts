import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { consoleLogger } from '../logger';
import { startRuntime } from '../runtime';
import { startWebServer } from './server';

/**
 * Browser mode: runs the whole product in a browser tab against the same main-process code the
 * Electron shell uses. Data folder: SCRIVANIA_DATA_DIR, else the XDG data folder.
 */
function defaultDataRoot(): string {
  const xdg = process.env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share');
  return path.join(xdg, 'scrivania');
}

async function main(): Promise<void> {
  const started = performance.now();
  const log = consoleLogger('scrivania-web');
  const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
  const dataRoot = process.env.SCRIVANIA_DATA_DIR || defaultDataRoot();
  const rendererDir = process.env.SCRIVANIA_RENDERER_DIR || path.join(projectRoot, '.vite', 'renderer', 'main_window');
  const runtime = await startRuntime({ dataRoot, version: process.env.npm_package_version ?? '0.0.0', env: process.env, log });
  const server = await startWebServer({
    runtime,
    rendererDir,
    port: Number(process.env.PORT ?? 5183),
    ...(process.env.SCRIVANIA_TOKEN ? { token: process.env.SCRIVANIA_TOKEN } : {}),
  });
  const database = runtime.database;
  log.info(`database: ${database.kind} ${database.host}:${database.port}/${database.database}`);
  log.info(`ready in ${Math.round(performance.now() - started)} ms`);
  // The launch URL is the one line other tools (tests, the start script) read from stdout.
  console.log(`SCRIVANIA_URL=${server.launchUrl}`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.close();
    await runtime.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(`Scrivania could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
