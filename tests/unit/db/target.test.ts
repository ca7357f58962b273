import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { centralUrlFrom, ConfigurationError, parseCentralUrl } from '../../../src/main/db/target';

describe('pointing the app at a central server', () => {
  it('parses host, port, database and TLS mode, and keeps no credentials', () => {
    const target = parseCentralUrl('postgres://amministratore:segreto@db.comune.example.it:6432/scrivania_prod?sslmode=verify-full');
    expect(target).toEqual({
      description: { kind: 'central', host: 'db.comune.example.it', port: 6432, database: 'scrivania_prod' },
      host: 'db.comune.example.it',
      port: 6432,
      database: 'scrivania_prod',
      ssl: { rejectUnauthorized: true },
    });
    expect(JSON.stringify(target)).not.toContain('segreto');
  });

  it('defaults to port 5432, database scrivania and no TLS requirement', () => {
    expect(parseCentralUrl('postgresql://10.0.0.5')).toMatchObject({ host: '10.0.0.5', port: 5432, database: 'scrivania', ssl: false });
    expect(parseCentralUrl('postgres://db/x?sslmode=require').ssl).toEqual({ rejectUnauthorized: false });
  });

  it('refuses what is not a PostgreSQL URL, without echoing a password', () => {
    expect(() => parseCentralUrl('mysql://u:p@host/db')).toThrow(ConfigurationError);
    expect(() => parseCentralUrl('not a url')).toThrow(ConfigurationError);
  });

  it('DATABASE_URL wins over the settings file, which wins over the embedded default', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scv-settings-'));
    try {
      expect(centralUrlFrom({}, dir)).toBeNull();
      fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ database: { url: 'postgres://from-file/scrivania' } }));
      expect(centralUrlFrom({}, dir)).toBe('postgres://from-file/scrivania');
      expect(centralUrlFrom({ DATABASE_URL: 'postgres://from-env/scrivania' }, dir)).toBe('postgres://from-env/scrivania');
      fs.writeFileSync(path.join(dir, 'settings.json'), '{ not json');
      expect(() => centralUrlFrom({}, dir)).toThrow(ConfigurationError);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
