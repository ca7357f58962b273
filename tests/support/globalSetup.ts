import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbedded } from '../../src/main/db/embedded';
import { createKnex } from '../../src/main/db/knexFactory';
import { migrateToLatest } from '../../src/main/db/migrations';
import { silentLogger } from '../../src/main/logger';
import type { ServerInfo } from './servers';

function serverFromUrl(url: string): ServerInfo {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username || 'postgres'),
    password: decodeURIComponent(parsed.password),
  };
}

async function createMigratedTemplate(server: ServerInfo, name: string): Promise<void> {
  const client = new pg.Client({ ...server, database: 'postgres' });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name}`);
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const knex = createKnex({ host: server.host, port: server.port, database: name, ssl: false }, server, { max: 1 });
  try {
    await migrateToLatest(knex);
  } finally {
    await knex.destroy();
  }
}

async function dropDatabase(server: ServerInfo, name: string): Promise<void> {
  const client = new pg.Client({ ...server, database: 'postgres' });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/**
 * Starts what the integration tests need: the main server (TEST_DATABASE_URL, else an embedded
 * PostgreSQL) and a password-checking server (always the embedded one: CI's server trusts loopback),
 * each with a migrated template database that test files clone.
 */
export default async function setup(project: TestProject) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scrivania-it-'));
  fs.chmodSync(dataDir, 0o755);
  const embedded = await startEmbedded(dataDir, silentLogger);
  const passwordChecking: ServerInfo = { host: embedded.admin.host, port: embedded.admin.port, user: embedded.admin.user, password: embedded.admin.password };
  const main = process.env.TEST_DATABASE_URL ? serverFromUrl(process.env.TEST_DATABASE_URL) : passwordChecking;

  const run = `${process.pid}_${Date.now().toString(36)}`;
  const templateDatabase = `scv_tpl_${run}`;
  const passwordCheckingTemplate = `scv_pwtpl_${run}`;
  try {
    await createMigratedTemplate(main, templateDatabase);
    if (main !== passwordChecking) await createMigratedTemplate(passwordChecking, passwordCheckingTemplate);
  } catch (error) {
    await embedded.stop();
    throw error;
  }

  project.provide('servers', {
    main,
    passwordChecking,
    templateDatabase,
    passwordCheckingTemplate: main === passwordChecking ? templateDatabase : passwordCheckingTemplate,
  });

  return async () => {
    await dropDatabase(main, templateDatabase).catch(() => {});
    await dropDatabase(passwordChecking, passwordCheckingTemplate).catch(() => {});
    await embedded.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
