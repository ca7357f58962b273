import fs from 'node:fs';
import { z } from 'zod';
import type { StaffRole } from '../../shared/api/session';
import { readSettings } from '../db/target';
import type { Logger } from '../logger';
import type { Session } from '../session/session';
import { runIntakeOnce, type IntakeFolders } from './intakeRun';

/**
 * Watched intake folders, run by the app's main process where configured — typically the
 * protocol office's workstation that receives the PEC export and the portal's drop folder:
 *
 *   settings.json: { "intake": { "portalFolder": "/srv/portale", "pecFolder": "/srv/pec", "pollSeconds": 15 } }
 *   or SCRIVANIA_INTAKE_PORTAL_DIR / SCRIVANIA_INTAKE_PEC_DIR (and SCRIVANIA_INTAKE_POLL_SECONDS).
 *
 * The app holds no database secret, so the folders are imported as the staff member signed in on
 * this machine (a clerk, manager or administrator: who may write the intake tables), and only
 * while someone is: every import is theirs in the audit log. Without a session the files wait.
 */
export interface IntakeWatchSettings extends IntakeFolders {
  pollSeconds: number;
}

const IntakeSettingsSchema = z
  .object({
    portalFolder: z.string().min(1).optional(),
    pecFolder: z.string().min(1).optional(),
    pollSeconds: z.number().int().min(2).max(3600).optional(),
  })
  .strict();

const DEFAULT_POLL_SECONDS = 15;
const IMPORTING_ROLES: readonly StaffRole[] = ['clerk', 'manager', 'admin'];

export function intakeWatchSettings(env: NodeJS.ProcessEnv, dataRoot: string): IntakeWatchSettings | null {
  const fromFile = IntakeSettingsSchema.safeParse((readSettings(dataRoot) as { intake?: unknown }).intake ?? {});
  if (!fromFile.success)
    throw new Error(`settings.json "intake" is not valid: ${fromFile.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  const portal = env.SCRIVANIA_INTAKE_PORTAL_DIR?.trim() || fromFile.data.portalFolder || null;
  const pec = env.SCRIVANIA_INTAKE_PEC_DIR?.trim() || fromFile.data.pecFolder || null;
  if (!portal && !pec) return null;
  const pollFromEnv = Number(env.SCRIVANIA_INTAKE_POLL_SECONDS);
  const pollSeconds = Number.isInteger(pollFromEnv) && pollFromEnv >= 2 ? pollFromEnv : (fromFile.data.pollSeconds ?? DEFAULT_POLL_SECONDS);
  return { portal, pec, pollSeconds };
}

export class IntakeWatcher {
  private readonly sessions: Session[] = [];
  private readonly timer: NodeJS.Timeout;
  private readonly watchers: fs.FSWatcher[] = [];
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly settings: IntakeWatchSettings,
    private readonly log: Logger,
  ) {
    this.timer = setInterval(() => this.poke(), settings.pollSeconds * 1000);
    this.timer.unref();
    for (const folder of [settings.portal, settings.pec]) {
      if (!folder) continue;
      try {
        fs.mkdirSync(folder, { recursive: true });
        this.watchers.push(fs.watch(folder, () => this.poke()));
      } catch (error) {
        log.warn(`intake: cannot watch ${folder}, polling only`, error);
      }
    }
    log.info(
      `intake: watching ${[settings.portal, settings.pec].filter(Boolean).join(', ')} every ${settings.pollSeconds}s while an authorised user is signed in`,
    );
  }

  /** Called by the runtime whenever a window or tab signs in or out. */
  sessionChanged(previous: Session | null, next: Session | null): void {
    if (previous) {
      const index = this.sessions.indexOf(previous);
      if (index >= 0) this.sessions.splice(index, 1);
    }
    if (next && IMPORTING_ROLES.includes(next.info.role)) {
      this.sessions.push(next);
      this.poke();
    }
  }

  /** Runs a pass now, or right after the one in progress. */
  poke(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    const session = this.sessions.at(-1);
    if (!session) return;
    this.running = runIntakeOnce(session.db, this.settings, this.log)
      .then((summary) => {
        const moved = (summary.portal?.files ?? 0) + (summary.pec?.files ?? 0) + summary.queue.registered + summary.queue.quarantined;
        if (moved > 0) this.log.info(`intake (${session.info.username}): ${JSON.stringify(summary)}`);
      })
      .catch((error: unknown) => this.log.warn('intake pass failed; the files wait for the next one', error))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.poke();
        }
      });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    for (const watcher of this.watchers) watcher.close();
    await this.running;
  }
}
