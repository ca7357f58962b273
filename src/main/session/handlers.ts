import type { HandlerMap } from '../api/handlers';
import { listenForCaseChanges } from '../events/caseChangeListener';
import { openSession } from './session';

type SessionHandlers = Pick<HandlerMap, 'session/signIn' | 'session/current' | 'session/signOut' | 'app/info'>;

export const sessionHandlers: SessionHandlers = {
  'app/info': async (_input, { runtime }) => runtime.info(),
  'session/signIn': async ({ username, password }, { runtime, slot }) => {
    const opened = await openSession(runtime.opened.target, username, password);
    const live = listenForCaseChanges(
      runtime.opened.target,
      { user: username, password },
      (change) => runtime.events.publish('instances/changed', change),
      runtime.log,
    );
    const session = {
      ...opened,
      close: async () => {
        await live.close();
        await opened.close();
      },
    };
    const previous = slot.get();
    slot.set(session);
    if (previous) await previous.close();
    runtime.log.info(`signed in: ${username}`);
    return session.info;
  },
  'session/current': async (_input, { slot }) => slot.get()?.info ?? null,
  'session/signOut': async (_input, { slot }) => {
    const session = slot.get();
    slot.set(null);
    if (session) await session.close();
    return null;
  },
};
