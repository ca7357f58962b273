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
    // Checked on the output, because Forge marks Node built-ins external (which skips resolveId):
    // whatever the preload chunk still imports at run time must be 'electron'.
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const forbidden = [...chunk.imports, ...chunk.dynamicImports].filter((id) => !SANDBOX_ALLOWED.has(id));
        if (forbidden.length > 0) {
          this.error(`The sandboxed preload may import only 'electron' (and bundle relative modules); ${chunk.fileName} imports ${forbidden.join(', ')}`);
        }
      }
    },
  };
}

export default defineConfig({
  plugins: [sandboxedPreloadGuard()],
  build: {
    target: 'chrome140',
  },
});
