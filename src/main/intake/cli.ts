import { parseArgs } from 'node:util';
import type { Knex } from 'knex';
import { createKnex } from '../db/knexFactory';
import { schemaStatus } from '../db/migrations';
import { parseCentralUrl } from '../db/target';
import { consoleLogger } from '../logger';
import { runIntakeOnce, type IntakeFolders } from './intakeRun';

/**
 * The intake importer as a service or a one-off command:
 *
 *   DATABASE_URL=postgres://protocollo.import:…@db.comune.it/scrivania \
 *     npm run intake:import -- --portal /srv/intake/portale --pec /srv/intake/pec [--watch] [--poll-seconds 15]
 *
 * DATABASE_URL names a login of the ente in the group scrivania_clerk (create it as a staff member
 * of the protocol office): every registration is made with its rights, under row-level security.
 * Without --watch it runs one pass — both folders, then the portal's table — and prints a JSON
 * summary; with --watch it keeps doing so. Several importers may run at once on the same folders.
 */
const USAGE = 'usage: npm run intake:import -- [--portal <folder>] [--pec <folder>] [--watch] [--poll-seconds <n>]';

function serviceKnex(): Knex {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('Set DATABASE_URL to the database, with the login of the intake service (a clerk of the ente).');
  const parsed = new URL(url);
  if (!parsed.username) throw new Error('DATABASE_URL must name the login of the intake service.');
  return createKnex(
    parseCentralUrl(url),
    { user: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) },
    { max: 2, applicationName: 'scrivania-intake' },
  );
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      portal: { type: 'string' },
      pec: { type: 'string' },
      watch: { type: 'boolean', default: false },
      'poll-seconds': { type: 'string', default: '15' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const pollSeconds = Number(values['poll-seconds']);
  if (!Number.isInteger(pollSeconds) || pollSeconds < 1) throw new Error(`--poll-seconds must be a whole number of seconds\n${USAGE}`);
  const folders: IntakeFolders = { portal: values.portal ?? null, pec: values.pec ?? null };
  const log = consoleLogger('scrivania-intake');
  const db = serviceKnex();
  try {
    const status = await schemaStatus(db);
    if (status.state !== 'current') throw new Error(`The database schema is ${status.state}: this build cannot import into it.`);
    let stopping = false;
    const stop = () => {
      stopping = true;
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    do {
      const summary = await runIntakeOnce(db, folders, log).catch((error: unknown) => {
        if (!values.watch) throw error;
        log.warn('intake pass failed; retrying at the next one', error);
        return null;
      });
      if (summary) console.log(JSON.stringify(summary));
      if (values.watch && !stopping) await new Promise((resolve) => setTimeout(resolve, pollSeconds * 1000));
    } while (values.watch && !stopping);
  } finally {
    await db.destroy();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
