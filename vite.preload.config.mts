/**
 * Preload bundle (merged by Forge's Vite plugin over its defaults: single CJS file
 * .vite/build/preload.cjs, electron external). The preload runs sandboxed, where `require` knows
 * only 'electron' and a few polyfills: the guard below fails the build if anything else is imported.
 */
import type { Plugin } from 'vite';
import { defineConfig } from 'vite';

const SANDBOX_ALLOWED = new Set(['electron', 'electron/renderer', 'electron/common']);

function sandboxedPreloadGuard(): Plugin {
  return {
    name: 'scrivania:sandboxed-preload-guard',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer || source.startsWith('.') || source.startsWith('/') || source.startsWith('\0')) return null;
      if (SANDBOX_ALLOWED.has(source)) return null;
      this.error(`The sandboxed preload may import only 'electron' and relative modules; "${source}" imported from ${importer}`);
    },
  };
}

export default defineConfig({
  plugins: [sandboxedPreloadGuard()],
  build: {
    target: 'chrome140',
  },
});
