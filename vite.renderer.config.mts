/**
 * Renderer (React) bundle: src/renderer/index.html → .vite/renderer/<name>/ where main.ts serves
 * it over app://scrivania/ (name = the renderer's name in forge.config.ts, `main_window`).
 * Also usable outside Forge (`vite build -c vite.renderer.config.mts`, e.g. for browser mode).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const projectDir = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig((env) => {
  const name = (env as { forgeConfigSelf?: { name?: string } }).forgeConfigSelf?.name ?? 'main_window';
  return {
    root: path.join(projectDir, 'src/renderer'),
    // Relative asset URLs: the page is served from app://scrivania/ (and from the web server in browser mode).
    base: './',
    plugins: [react()],
    build: {
      // Absolute: Forge's default outDir is relative to `root`, which is src/renderer here.
      outDir: path.join(projectDir, '.vite/renderer', name),
      emptyOutDir: true,
      target: 'chrome140',
      // One local bundle for a desktop app (ag-grid is most of its 1.6 MB); nothing is downloaded.
      chunkSizeWarningLimit: 2500,
    },
    server: {
      host: 'localhost',
    },
  };
});
