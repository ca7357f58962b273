/**
 * The people whose dashboards the benchmark reads, signed in as the app signs them in (their own
 * PostgreSQL role, row-level security applies), each with a runtime that calls the handlers the way
 * the renderer does: zod validation, dispatcher, session, service, SQL, mapping.
 */
import type { SessionSlot } from '../../src/main/api/handlers';
import { DEMO_PASSWORD } from '../../src/main/demo/loadDemoData';
import type { Logger } from '../../src/main/logger';
import { assembleRuntime, type Runtime } from '../../src/main/runtime';
import type { Session } from '../../src/main/session/session';
import type { Channel, ChannelInput, ChannelOutput } from '../../src/shared/api/contract';
import type { SessionInfo } from '../../src/shared/api/session';
import type { DatabaseTarget } from '../../src/main/db/target';

export interface DashboardViewer {
  username: string;
  info: SessionInfo;
  call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
  signOut(): Promise<void>;
}

export async function signInViewer(target: DatabaseTarget, username: string, log: Logger): Promise<DashboardViewer> {
  const runtime: Runtime = assembleRuntime({ opened: { target, close: async () => {} }, version: 'bench', log });
  const slot: SessionSlot & { session: Session | null } = {
    session: null,
    get: () => slot.session,
    set: (session) => {
      slot.session = session;
    },
  };
  const call = async <C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> => {
    const result = await runtime.call(channel, input, slot);
    if (!result.ok) throw new Error(`${channel} failed for ${username}: ${JSON.stringify(result.error)}`);
    return result.data as ChannelOutput<C>;
  };
  const info = await call('session/signIn', { username, password: DEMO_PASSWORD });
  return {
    username,
    info,
    call,
    signOut: async () => {
      await call('session/signOut', {});
      await runtime.stop();
    },
  };
}
