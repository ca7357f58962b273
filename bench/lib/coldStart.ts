/**
 * Cold start of browser mode on the embedded database: from spawning `node --import tsx
 * src/main/web/main.ts` to the sign-in screen visible in Chromium. Chromium is launched at the same
 * moment as the server (as a launcher opening the browser would), and opens the launch URL as soon
 * as the server prints it. The first start creates the cluster, migrates and loads the demo data;
 * warm starts reuse that folder.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { chromium, type Browser } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from '../../tests/support/chromium';

export interface StartTiming {
  /** Spawn to `SCRIVANIA_URL=` on stdout. */
  serverReadyMs: number;
  /** Spawn to the answer to GET / (index.html), and its status. */
  indexMs: number;
  indexStatus: number;
  /** Chromium's own launch (in parallel with the server). */
  browserLaunchMs: number | null;
  /** Spawn to `[data-testid="signin-username"]` visible; null without a built renderer. */
  signInVisibleMs: number | null;
  /** The server's own "ready in N ms" (from its start, after Node and tsx have loaded). */
  selfReportedMs: number | null;
}

export interface ColdStartReport {
  renderer: { built: boolean; ms: number; error?: string };
  first: StartTiming;
  warm: StartTiming[];
}

export function buildRenderer(projectRoot: string, outDir: string): ColdStartReport['renderer'] {
  const started = performance.now();
  const vite = path.join(projectRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(
    process.execPath,
    [vite, 'build', '-c', 'vite.renderer.config.mts', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
    { cwd: projectRoot, encoding: 'utf8' },
  );
  const ms = Math.round(performance.now() - started);
  const built = result.status === 0 && fs.existsSync(path.join(outDir, 'index.html'));
  if (built) return { built, ms };
  const output = `${result.stderr ?? ''}\n${result.stdout ?? ''}`;
  const error =
    output
      .split('\n')
      .find((line) => /error|cannot|failed/i.test(line) && !/^\s*at /.test(line))
      ?.trim() ?? `exit ${result.status}`;
  return {
    built,
    ms,
    error: error.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), ''),
  };
}

async function startOnce(projectRoot: string, dataDir: string, rendererDir: string, withBrowser: boolean): Promise<StartTiming> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SCRIVANIA_DATA_DIR: dataDir,
    PORT: '0',
    SCRIVANIA_RENDERER_DIR: rendererDir,
  };
  delete env.DATABASE_URL;
  delete env.SCRIVANIA_TOKEN;
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/web/main.ts'], {
    cwd: projectRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stderr: string[] = [];
  let selfReportedMs: number | null = null;
  readline.createInterface({ input: child.stderr }).on('line', (line) => {
    stderr.push(line);
    const ready = /ready in (\d+) ms/.exec(line);
    if (ready) selfReportedMs = Number(ready[1]);
  });

  let browserLaunchMs: number | null = null;
  const browserPromise: Promise<Browser> | null = withBrowser
    ? chromium
        .launch({
          executablePath: CHROMIUM_EXECUTABLE,
          args: CHROMIUM_ARGS,
        })
        .then((browser) => {
          browserLaunchMs = performance.now() - started;
          return browser;
        })
    : null;
  browserPromise?.catch(() => {}); // awaited below; never an unhandled rejection meanwhile

  let browser: Browser | null = null;
  try {
    const launchUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the server did not print SCRIVANIA_URL within 120 s')), 120_000);
      readline.createInterface({ input: child.stdout }).on('line', (line) => {
        if (line.startsWith('SCRIVANIA_URL=')) {
          clearTimeout(timer);
          resolve(line.slice('SCRIVANIA_URL='.length).trim());
        }
      });
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`the server exited (${code}) before it was ready:\n${stderr.slice(-10).join('\n')}`));
      });
    });
    const serverReadyMs = performance.now() - started;
    const response = await fetch(new URL('/', launchUrl));
    await response.arrayBuffer();
    const indexMs = performance.now() - started;

    let signInVisibleMs: number | null = null;
    if (browserPromise) {
      browser = await browserPromise;
      const page = await browser.newPage();
      await page.goto(launchUrl);
      await page.locator('[data-testid="signin-username"]').waitFor({ state: 'visible', timeout: 30_000 });
      signInVisibleMs = performance.now() - started;
    }
    return {
      serverReadyMs,
      indexMs,
      indexStatus: response.status,
      browserLaunchMs,
      signInVisibleMs,
      selfReportedMs,
    };
  } finally {
    await (browser ?? (await browserPromise?.catch(() => null)))?.close();
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
  }
}

export async function measureColdStart(options: {
  projectRoot: string;
  outDir: string;
  warmRuns: number;
  log: (message: string) => void;
}): Promise<ColdStartReport> {
  const rendererDir = path.join(options.outDir, 'renderer');
  options.log('cold start: building the renderer');
  const renderer = buildRenderer(options.projectRoot, rendererDir);
  options.log(
    renderer.built ? `cold start: renderer built in ${renderer.ms} ms` : `cold start: the renderer does not build (${renderer.error})`,
  );
  const dataDir = path.join(options.outDir, 'coldstart');
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  options.log('cold start: first start (create cluster, migrate, demo data)');
  const first = await startOnce(options.projectRoot, dataDir, rendererDir, renderer.built);
  const warm: StartTiming[] = [];
  for (let i = 0; i < options.warmRuns; i++) {
    options.log(`cold start: warm start ${i + 1}/${options.warmRuns}`);
    warm.push(await startOnce(options.projectRoot, dataDir, rendererDir, renderer.built));
  }
  return { renderer, first, warm };
}
