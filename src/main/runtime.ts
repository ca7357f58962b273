import type { AppInfo, DatabaseDescription } from '../shared/api/app';
import type { ApiResult } from '../shared/api/errors';
import { createDispatcher, type Dispatch } from './api/dispatch';
import type { SessionSlot } from './api/handlers';
import { allHandlers } from './api/allHandlers';
import { ConnectionMonitor } from './db/connectionMonitor';
import { openDatabase, type OpenedDatabase } from './db/open';
import { EventHub } from './events/eventHub';
import type { Logger } from './logger';
import { startInAppMailWorker } from './mail/inApp';
import { IntakeWatcher, intakeWatchSettings } from './intake/watcher';
import type { Session } from './session/session';

export interface RuntimeOptions {
  /** Where the embedded database and the settings file live (Electron: `app.getPath('userData')`). */
  dataRoot: string;
  version: string;
  env: NodeJS.ProcessEnv;
  log: Logger;
}

/**
 * Everything the main process runs, whichever the transport: the database (embedded or central),
 * its connection monitor, the event hub and the dispatcher. Electron's IPC and browser mode's HTTP
 * server are both thin adapters over `call` and `events`.
 */
export interface Runtime {
  readonly version: string;
  readonly database: DatabaseDescription;
  readonly connection: ConnectionMonitor;
  readonly events: EventHub;
  readonly log: Logger;
  readonly opened: OpenedDatabase;
  info(): AppInfo;
  call(channel: string, input: unknown, slot: SessionSlot): Promise<ApiResult<unknown>>;
  stop(): Promise<void>;
}

export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const opened = await openDatabase({ dataRoot: options.dataRoot, env: options.env, log: options.log });
  // Single-machine installation: the app delivers the outbox itself (embedded database + SMTP configured).
  const mailWorker = await startInAppMailWorker({ target: opened.target, superuser: opened.superuser, dataRoot: options.dataRoot, env: options.env, log: options.log });
  // Watched intake folders (settings "intake"), imported as the authorised user signed in here.
  const intakeSettings = intakeWatchSettings(options.env, options.dataRoot);
  const intakeWatcher = intakeSettings ? new IntakeWatcher(intakeSettings, options.log) : null;
  const services: BackgroundService[] = [...(mailWorker ? [mailWorker] : []), ...(intakeWatcher ? [intakeWatcher] : [])];
  const runtime = assembleRuntime({ opened, version: options.version, log: options.log, services });
  runtime.connection.start();
  return runtime;
}

/** Something running in the background of the main process, stopped before the database closes. */
export interface BackgroundService {
  stop(): Promise<void>;
  /** Told when a window or tab signs in or out (the intake watcher imports as a signed-in user). */
  sessionChanged?(previous: Session | null, next: Session | null): void;
}

/** Wires a runtime around an already opened database (tests use it with a database of their own). */
export function assembleRuntime({
  opened,
  version,
  log,
  services = [],
}: {
  opened: OpenedDatabase;
  version: string;
  log: Logger;
  services?: BackgroundService[];
}): Runtime {
  const events = new EventHub();
  const connection = new ConnectionMonitor(opened.target, events, log);
  const dispatch: Dispatch = createDispatcher(allHandlers, (error) => log.error('handler failed', error));
  const runtime: Runtime = {
    version,
    database: opened.target.description,
    connection,
    events,
    log,
    opened,
    info: () => ({ version, database: opened.target.description, connection: connection.state }),
    call: async (channel, input, slot) => {
      const before = slot.get();
      const result = await dispatch(channel, input, { runtime, slot });
      const after = slot.get();
      if (after !== before) for (const service of services) service.sessionChanged?.(before, after);
      if (!result.ok && result.error.code === 'unavailable') connection.reportFailure();
      return result;
    },
    stop: async () => {
      await Promise.all(services.map((service) => service.stop()));
      connection.stop();
      await opened.close();
    },
  };
  return runtime;
}
