import type { ConnectionState } from './app';

/** Messages pushed from the main process to the workspace (IPC events or Server-Sent Events). */
export interface AppEvents {
  'connection/changed': { state: ConnectionState };
  'instances/changed': { ids: number[] };
}
export type AppEventName = keyof AppEvents;
/** One pushed message; a union discriminated by `event`, so `payload` narrows with it. */
export type AppEventMessage = { [E in AppEventName]: { event: E; payload: AppEvents[E] } }[AppEventName];
