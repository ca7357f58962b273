import type { ConnectionState } from './app';

/** Messages pushed from the main process to the workspace (IPC events or Server-Sent Events). */
export interface AppEvents {
  'connection/changed': { state: ConnectionState };
  'instances/changed': { ids: number[] };
}
export type AppEventName = keyof AppEvents;
export interface AppEventMessage<E extends AppEventName = AppEventName> {
  event: E;
  payload: AppEvents[E];
}
