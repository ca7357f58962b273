/**
 * The renderer's one way to reach the main process: `call(channel, input)` typed by the contract.
 * The bridge is chosen once (IPC in Electron, HTTP in browser mode). An `unauthenticated` answer
 * (the session ended on the other side) is broadcast so the app can go back to the sign-in screen.
 */
import type { PreloadBridge, ScrivaniaBridge } from '../../shared/api/client';
import type { Channel, ChannelInput, ChannelOutput } from '../../shared/api/contract';
import type { ApiResult } from '../../shared/api/errors';
import { browserTokenEnvironment, readLaunchToken } from './launchToken';
import { chooseBridge } from './transport';

declare global {
  interface Window {
    scrivania?: PreloadBridge;
  }
}

let bridge: ScrivaniaBridge | null = null;
const unauthenticatedListeners = new Set<() => void>();

export function getBridge(): ScrivaniaBridge {
  bridge ??= chooseBridge(window, () => ({ token: readLaunchToken(browserTokenEnvironment()) }));
  return bridge;
}

/** For tests and tools: use this bridge instead of choosing one. */
export function setBridge(next: ScrivaniaBridge | null): void {
  bridge = next;
}

export async function call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ApiResult<ChannelOutput<C>>> {
  const result = await getBridge().call(channel, input);
  if (!result.ok && result.error.code === 'unauthenticated') {
    for (const listener of [...unauthenticatedListeners]) listener();
  }
  return result;
}

export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}
