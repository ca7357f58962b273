import { parseArgs } from 'node:util';
import { loadDemoData } from '../demo/loadDemoData';
import { consoleLogger } from '../logger';
import { scramSha256Verifier } from '../staff/scramVerifier';
import { createKnex } from './knexFactory';
import { migrateToLatest, schemaStatus } from './migrations';
import { parseCentralUrl } from './target';

/**
 * The administrator's commands for a central database. They connect with DATABASE_URL, which here
 * must carry an administrative login (a superuser, or a role with BYPASSRLS and CREATEROLE):
 *
 *   DATABASE_URL=postgres://admin@db.comune.it/scrivania npm run db:migrate
 *   npm run db:status
 *   npm run db:demo                      (demo data into an empty database)
 *   npm run db:create-admin -- --username a.rossi --full-name "Anna Rossi" --office PROTOCOLLO_URP
 *                                        (password from SCRIVANIA_NEW_PASSWORD or asked on stdin)
 */
const USAGE = 'usage: tsx src/main/db/cli.ts <migrate|status|demo|create-admin> [options]';

function adminKnex() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('Set DATABASE_URL to the central database, with an administrative login.');
  const parsed = new URL(url);
  const target = parseCentralUrl(url);
  return createKnex(target, { user: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) }, { max: 2, applicationName: 'scrivania-admin' });
}

async function readPassword(): Promise<string> {
  if (process.env.SCRIVANIA_NEW_PASSWORD) return process.env.SCRIVANIA_NEW_PASSWORD;
  process.stderr.write('Password del nuovo amministratore: ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split('\n')[0]!.trim();
}

async function run(command: string | undefined, args: string[]): Promise<void> {
  const log = consoleLogger('scrivania-db');
  const knex = adminKnex();
  try {
    switch (command) {
      case 'migrate': {
        const applied = await migrateToLatest(knex);
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Already up to date.');
        return;
      }
      case 'status': {
        console.log(JSON.stringify(await schemaStatus(knex)));
        return;
      }
      case 'demo': {
        const status = await schemaStatus(knex);
        if (status.state !== 'current') throw new Error(`Migrate first (schema ${status.state}).`);
        const [{ count }] = (await knex('scrivania.enti').count<{ count: number }[]>({ count: '*' })) as [{ count: number }];
        if (Number(count) > 0) throw new Error('The database already holds enti: demo data goes only into an empty database.');
        console.log(JSON.stringify(await loadDemoData(knex, { log })));
        return;
      }
      case 'create-admin': {
        const { values } = parseArgs({
          args,
          options: { username: { type: 'string' }, 'full-name': { type: 'string' }, office: { type: 'string' }, ente: { type: 'string' }, email: { type: 'string' } },
        });
        if (!values.username || !values['full-name'] || !values.office) {
          throw new Error('create-admin needs --username, --full-name and --office (an office code); --ente (ISTAT code) when there are several');
        }
        const password = await readPassword();
        if (password.length < 10) throw new Error('The password must have at least 10 characters.');
        const enti = await knex('scrivania.enti').select('id', 'istat_code').modify((q) => (values.ente ? q.where('istat_code', values.ente) : q));
        if (enti.length !== 1) throw new Error(values.ente ? `No ente with ISTAT code ${values.ente}` : 'Name the ente with --ente <ISTAT code>.');
        const office = await knex('scrivania.offices').where({ ente_id: enti[0].id, code: values.office }).first('id');
        if (!office) throw new Error(`No office ${values.office} in that ente.`);
        await knex.raw('SELECT scrivania.provision_staff(?, ?, ?, ?, ?, ?, ?::integer[])', [
          enti[0].id,
          values.username,
          scramSha256Verifier(password),
          values['full-name'],
          values.email ?? null,
          'admin',
          [office.id],
        ]);
        console.log(`Administrator ${values.username} created.`);
        return;
      }
      default:
        throw new Error(USAGE);
    }
  } finally {
    await knex.destroy();
  }
}

run(process.argv[2], process.argv.slice(3)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
