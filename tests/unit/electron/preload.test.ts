import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { PreloadBridge } from '../../../src/shared/api/client';

const electron = vi.hoisted(() => {
  const listeners = new Map<(...args: unknown[]) => void, string>();
  return {
    exposed: new Map<string, unknown>(),
    listeners,
    contextBridge: {
      exposeInMainWorld: vi.fn(),
    },
    ipcRenderer: {
      invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, data: null })),
      on: vi.fn((channel: string, fn: (...args: unknown[]) => void) => {
        listeners.set(fn, channel);
      }),
      removeListener: vi.fn((_channel: string, fn: (...args: unknown[]) => void) => {
        listeners.delete(fn);
      }),
      send: vi.fn(),
      sendSync: vi.fn(),
    },
    emit(channel: string, message: unknown) {
      for (const [fn, c] of listeners) if (c === channel) fn({ sender: 'ipcRenderer' }, message);
    },
  };
});
electron.contextBridge.exposeInMainWorld.mockImplementation((key: string, api: unknown) => electron.exposed.set(key, api));

vi.mock('electron', () => ({ contextBridge: electron.contextBridge, ipcRenderer: electron.ipcRenderer }));

describe('preload bridge', () => {
  let bridge: PreloadBridge;

  beforeEach(async () => {
    vi.resetModules();
    electron.exposed.clear();
    electron.listeners.clear();
    vi.clearAllMocks();
    electron.contextBridge.exposeInMainWorld.mockImplementation((key: string, api: unknown) => electron.exposed.set(key, api));
    await import('../../../src/preload/preload');
    bridge = electron.exposed.get('scrivania') as PreloadBridge;
  });

  it('exposes exactly window.scrivania = { call, subscribe } and nothing of ipcRenderer', () => {
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledOnce();
    expect([...electron.exposed.keys()]).toEqual(['scrivania']);
    expect(Object.keys(bridge).sort()).toEqual(['call', 'subscribe']);
    for (const value of Object.values(bridge)) expect(value).not.toBe(electron.ipcRenderer);
  });

  it('calls go through the single invoke channel', async () => {
    await bridge.call('instances/list', { page: 1 });
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith('scrivania:call', 'instances/list', { page: 1 });
    await expect(bridge.call(1 as unknown as string, {})).rejects.toThrow(TypeError);
    expect(electron.ipcRenderer.send).not.toHaveBeenCalled();
    expect(electron.ipcRenderer.sendSync).not.toHaveBeenCalled();
  });

  it('subscribe delivers only the message (never the IPC event) and unsubscribes', () => {
    const received: unknown[] = [];
    const unsubscribe = bridge.subscribe((m) => received.push(m));
    expect(electron.ipcRenderer.on).toHaveBeenCalledWith('scrivania:event', expect.any(Function));
    electron.emit('scrivania:event', { event: 'instances/changed', payload: { ids: [1] } });
    unsubscribe();
    unsubscribe();
    electron.emit('scrivania:event', { event: 'instances/changed', payload: { ids: [2] } });
    expect(received).toEqual([{ event: 'instances/changed', payload: { ids: [1] } }]);
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledOnce();
  });
});
