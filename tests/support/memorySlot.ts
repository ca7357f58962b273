import type { SessionSlot } from '../../src/main/api/handlers';
import type { Session } from '../../src/main/session/session';

/** A session slot as a window or browser tab would hold it, for calling the runtime directly. */
export function memorySlot(): SessionSlot & { session: Session | null } {
  const slot = {
    session: null as Session | null,
    get: () => slot.session,
    set: (session: Session | null) => {
      slot.session = session;
    },
  };
  return slot;
}
