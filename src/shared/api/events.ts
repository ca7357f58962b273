import type { ConnectionState } from './app';

/** Messages pushed from the main process to the workspace (IPC events or Server-Sent Events). */
export interface AppEvents {
  'connection/changed': { state: ConnectionState };
  /** Cases changed by anyone; `all` when too many to list or when notifications may have been missed. */
  'instances/changed': { ids: number[]; all?: boolean };
}
export type AppEventName = keyof AppEvents;
/** One pushed message; a union discriminated by `event`, so `payload` narrows with it. */
export type AppEventMessage = { [E in AppEventName]: { event: E; payload: AppEvents[E] } }[AppEventName];
