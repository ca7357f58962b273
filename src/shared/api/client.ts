import type { Channel, ChannelInput, ChannelOutput } from './contract';
import type { ApiResult } from './errors';
import type { AppEventMessage } from './events';

/**
 * What the renderer sees of the main process, whichever the transport: the preload's bridge in
 * Electron, or HTTP in browser mode. `call` never throws for API errors: it resolves to a result.
 */
export interface ScrivaniaBridge {
  call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ApiResult<ChannelOutput<C>>>;
  /** Subscribes to pushed events; returns the function that unsubscribes. */
  subscribe(listener: (message: AppEventMessage) => void): () => void;
}

/** The raw shape the preload exposes on `window.scrivania` (untyped channel names cross IPC). */
export interface PreloadBridge {
  call(channel: string, input: unknown): Promise<unknown>;
  subscribe(listener: (message: unknown) => void): () => void;
}
