import type { Logger } from '../logger';
import { loadDemoData } from '../demo/loadDemoData';
import { startEmbedded, type AdminConnection } from './embedded';
import { createKnex } from './knexFactory';
import { migrateToLatest } from './migrations';
import { centralUrlFrom, parseCentralUrl, type DatabaseTarget } from './target';

export interface OpenedDatabase {
  target: DatabaseTarget;
  /** Embedded only: the cluster's own superuser, for in-process services (the mail worker's login). */
  superuser?: AdminConnection;
  close(): Promise<void>;
}

export interface OpenOptions {
  dataRoot: string;
  env: NodeJS.ProcessEnv;
  log: Logger;
}

/**
 * One code path for both setups. Central: nothing to do before sign-in (the app holds no credentials;
 * each staff member connects as themselves and the schema is checked then). Embedded: start the
 * server, migrate it, and load the demo data into an empty database.
 */
export async function openDatabase({ dataRoot, env, log }: OpenOptions): Promise<OpenedDatabase> {
  const centralUrl = centralUrlFrom(env, dataRoot);
  if (centralUrl) {
    const target = parseCentralUrl(centralUrl);
    log.info(`central database ${target.host}:${target.port}/${target.database}`);
    return { target, close: async () => {} };
  }

  const embedded = await startEmbedded(dataRoot, log);
  const admin = createKnex(embedded.target, embedded.admin, { max: 2, applicationName: 'scrivania-setup' });
  try {
    const applied = await migrateToLatest(admin);
    if (applied.length > 0) log.info(`embedded database migrated: ${applied.join(', ')}`);
    const [{ count }] = (await admin('scrivania.enti').count<{ count: string }[]>({ count: '*' })) as [{ count: string }];
    if (Number(count) === 0) {
      log.info('loading demo data into the embedded database');
      await loadDemoData(admin, { log });
    }
  } catch (error) {
    await admin.destroy();
    await embedded.stop();
    throw error;
  }
  await admin.destroy();
  return { target: embedded.target, superuser: embedded.admin, close: () => embedded.stop() };
}
