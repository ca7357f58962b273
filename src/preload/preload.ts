/**
 * Sandboxed preload (bundled to .vite/build/preload.cjs). Exposes exactly one narrow object,
 * `window.scrivania` (the `PreloadBridge` of src/shared/api/client.ts): a `call` that invokes the
 * single IPC channel and a `subscribe` for pushed events. `ipcRenderer` itself, its event objects
 * and every other IPC channel stay out of the page's reach.
 * Sandboxed: may import only 'electron' (and types from src/shared).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { PreloadBridge } from '../shared/api/client';

// Keep in sync with src/main/electron/ipcBridge.ts (not imported: the preload bundle stays tiny).
const CALL_CHANNEL = 'scrivania:call';
const EVENT_CHANNEL = 'scrivania:event';

const bridge: PreloadBridge = {
  call(channel: string, input: unknown): Promise<unknown> {
    if (typeof channel !== 'string') return Promise.reject(new TypeError('channel must be a string'));
    return ipcRenderer.invoke(CALL_CHANNEL, channel, input);
  },
  subscribe(listener: (message: unknown) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    // The IPC event (which carries `sender` = ipcRenderer) is never handed to the page.
    const onEvent = (_event: IpcRendererEvent, message: unknown) => listener(message);
    ipcRenderer.on(EVENT_CHANNEL, onEvent);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      ipcRenderer.removeListener(EVENT_CHANNEL, onEvent);
    };
  },
};

contextBridge.exposeInMainWorld('scrivania', bridge);
