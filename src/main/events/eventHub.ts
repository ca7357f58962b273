import type { AppEventMessage, AppEventName, AppEvents } from '../../shared/api/events';

type Listener = (message: AppEventMessage) => void;

/** Fan-out of pushed events to every open workspace (IPC windows and browser-mode streams). */
export class EventHub {
  private readonly listeners = new Set<Listener>();

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish<E extends AppEventName>(event: E, payload: AppEvents[E]): void {
    const message = { event, payload } as AppEventMessage;
    for (const listener of this.listeners) listener(message);
  }
}
