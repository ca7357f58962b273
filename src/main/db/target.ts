import fs from 'node:fs';
import path from 'node:path';
import type { DatabaseDescription } from '../../shared/api/app';

/** Where the database is and how to reach it, without anybody's credentials. */
export interface DatabaseTarget {
  description: DatabaseDescription;
  host: string;
  port: number;
  database: string;
  ssl: false | { rejectUnauthorized: boolean };
}

export interface SettingsFile {
  database?: { url?: string };
  /** Single-machine installations only: the in-app delivery worker's SMTP server (see src/main/mail/config.ts). */
  mail?: { smtpUrl?: string; from?: string };
}

export const SETTINGS_FILE_NAME = 'settings.json';

export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

/**
 * Parses a central server URL (`postgres://host:5432/scrivania?sslmode=require`). Any user name
 * or password in it is ignored by the app: staff sign in as themselves.
 */
export function parseCentralUrl(url: string): DatabaseTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigurationError(`Invalid database URL: ${url.replace(/\/\/[^@]*@/, '//')}`);
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new ConfigurationError(`The database URL must start with postgres:// (got ${parsed.protocol})`);
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'scrivania';
  const port = parsed.port ? Number(parsed.port) : 5432;
  const sslmode = parsed.searchParams.get('sslmode') ?? 'prefer';
  const ssl =
    sslmode === 'disable' || sslmode === 'prefer' || sslmode === 'allow'
      ? (false as const)
      : { rejectUnauthorized: sslmode === 'verify-full' || sslmode === 'verify-ca' };
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  return { description: { kind: 'central', host, port, database }, host, port, database, ssl };
}

export function readSettings(dataRoot: string): SettingsFile {
  const file = path.join(dataRoot, SETTINGS_FILE_NAME);
  if (!fs.existsSync(file)) return {};
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as SettingsFile;
  } catch (error) {
    throw new ConfigurationError(`Cannot read ${file}: ${(error as Error).message}`);
  }
}

/** `DATABASE_URL` wins, then the settings file; with neither, the embedded database is used. */
export function centralUrlFrom(env: NodeJS.ProcessEnv, dataRoot: string): string | null {
  const fromEnv = env.DATABASE_URL?.trim();
  if (fromEnv) return fromEnv;
  return readSettings(dataRoot).database?.url?.trim() || null;
}
