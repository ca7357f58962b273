import { describe, expect, it, vi } from 'vitest';
import type { SessionSlot } from '../../../src/main/api/handlers';
import type { ApiResult } from '../../../src/shared/api/errors';
import type { AppEventMessage } from '../../../src/shared/api/events';
import {
  createCallHandler,
  createEventForwarder,
  EVENT_CHANNEL,
  SessionSlots,
  UNTRUSTED_SENDER,
  type InvokeEventLike,
  type SenderLike,
} from '../../../src/main/electron/ipcBridge';
import type { FrameLike } from '../../../src/main/electron/trustedSender';
import { silentLogger } from '../../../src/main/logger';

type Session = NonNullable<ReturnType<SessionSlot['get']>>;
const fakeSession = (name: string) => ({ username: name }) as unknown as Session;

class FakeContents implements SenderLike {
  private listeners: (() => void)[] = [];
  destroyed = false;
  constructor(
    readonly id: number,
    readonly mainFrame: FrameLike,
  ) {}
  isDestroyed() {
    return this.destroyed;
  }
  once(_event: 'destroyed', listener: () => void) {
    this.listeners.push(listener);
  }
  destroy() {
    this.destroyed = true;
    for (const l of this.listeners) l();
  }
}

function frame(url: string, token: string, parent: unknown = null): FrameLike {
  return { url, parent, processId: 7, frameToken: token, detached: false };
}

function setup() {
  const ours = new FakeContents(1, frame('app://scrivania/index.html', 'main'));
  const calls: { channel: string; input: unknown; slot: SessionSlot }[] = [];
  const runtime = {
    call: vi.fn(async (channel: string, input: unknown, slot: SessionSlot): Promise<ApiResult<unknown>> => {
      calls.push({ channel, input, slot });
      if (channel === 'session/signIn') slot.set(fakeSession((input as { username: string }).username));
      return { ok: true, data: channel };
    }),
  };
  const released: SessionSlot[] = [];
  const slots = new SessionSlots((slot) => {
    released.push(slot);
  });
  const log = { ...silentLogger, warn: vi.fn() };
  const windows = new Map<number, FakeContents>([[1, ours]]);
  const handler = createCallHandler({
    runtime: async () => runtime,
    windowMainFrame: (sender) => windows.get(sender.id)?.mainFrame ?? null,
    policy: {},
    slots,
    log,
  });
  const event = (sender: FakeContents, senderFrame: FrameLike | null = sender.mainFrame): InvokeEventLike => ({ sender, senderFrame });
  return { ours, windows, runtime, calls, slots, released, log, handler, event };
}

describe('IPC call handler', () => {
  it('passes calls from our window to the runtime with that window’s session slot', async () => {
    const { ours, handler, event, calls } = setup();
    expect(await handler(event(ours), 'app/info', {})).toEqual({ ok: true, data: 'app/info' });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.input).toEqual({});
  });

  it('refuses a sub-frame of our window, without reaching the runtime', async () => {
    const { ours, handler, event, runtime, log } = setup();
    const iframe = frame('app://scrivania/index.html', 'child', ours.mainFrame);
    expect(await handler(event(ours, iframe), 'app/info', {})).toEqual(UNTRUSTED_SENDER);
    expect(runtime.call).not.toHaveBeenCalled();
    expect(log.warn).toHaveBeenCalledOnce();
  });

  it('refuses a page that is not the app (navigated away, foreign origin)', async () => {
    const { ours, handler, event, runtime } = setup();
    const foreign = frame('https://evil.example/', 'main');
    const result = await handler(event(ours, foreign), 'session/signIn', { username: 'x', password: 'y' });
    expect(result).toEqual({ ok: false, error: { code: 'forbidden', message: 'Untrusted sender' } });
    expect(runtime.call).not.toHaveBeenCalled();
  });

  it('refuses another webContents even if it shows an app page', async () => {
    const { handler, event, runtime } = setup();
    const stranger = new FakeContents(2, frame('app://scrivania/index.html', 'main'));
    expect(await handler(event(stranger), 'app/info', {})).toEqual(UNTRUSTED_SENDER);
    expect(runtime.call).not.toHaveBeenCalled();
  });

  it('refuses a missing frame and a destroyed sender', async () => {
    const { ours, handler, event } = setup();
    expect(await handler(event(ours, null), 'app/info', {})).toEqual(UNTRUSTED_SENDER);
    ours.destroyed = true;
    expect(await handler(event(ours), 'app/info', {})).toEqual(UNTRUSTED_SENDER);
  });

  it('answers unknown_channel for a non-string channel', async () => {
    const { ours, handler, event, runtime } = setup();
    expect(await handler(event(ours), { toString: () => 'x' }, {})).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect(runtime.call).not.toHaveBeenCalled();
  });

  it('turns a runtime failure into an internal error without leaking it', async () => {
    const ours = new FakeContents(1, frame('app://scrivania/index.html', 'main'));
    const handler = createCallHandler({
      runtime: async () => {
        throw new Error('secret stack');
      },
      windowMainFrame: () => ours.mainFrame,
      policy: {},
      slots: new SessionSlots(),
      log: silentLogger,
    });
    const result = await handler({ sender: ours, senderFrame: ours.mainFrame }, 'app/info', {});
    expect(result).toEqual({ ok: false, error: { code: 'internal', message: 'Unexpected error' } });
  });

  it('keeps one session per webContents and drops it (signing out) when the webContents is destroyed', async () => {
    const { ours, windows, handler, event, calls, slots, released } = setup();
    const second = new FakeContents(2, frame('app://scrivania/index.html', 'second'));
    windows.set(2, second);
    await handler(event(ours), 'session/signIn', { username: 'mario.rossi' });
    await handler(event(second), 'app/info', {});
    await handler(event(ours), 'session/current', {});
    const [signIn, other, current] = calls;
    expect(current!.slot).toBe(signIn!.slot);
    expect(other!.slot).not.toBe(signIn!.slot);
    expect(signIn!.slot.get()).toEqual(fakeSession('mario.rossi'));
    expect(other!.slot.get()).toBeNull();

    ours.destroy();
    await new Promise((r) => setTimeout(r, 0));
    expect(slots.has(1)).toBe(false);
    expect(slots.has(2)).toBe(true);
    expect(released).toEqual([signIn!.slot]);
    expect(signIn!.slot.get()).toBeNull();
  });
});

describe('event forwarding', () => {
  const message: AppEventMessage = { event: 'instances/changed', payload: { ids: [3] } };

  it('pushes to live app windows only', () => {
    const sent: string[] = [];
    const target = (name: string, url: string, destroyed = false) => ({
      isDestroyed: () => destroyed,
      currentUrl: () => url,
      send: (channel: string, m: AppEventMessage) => {
        expect(channel).toBe(EVENT_CHANNEL);
        expect(m).toBe(message);
        sent.push(name);
      },
    });
    const forward = createEventForwarder(
      () => [target('main', 'app://scrivania/index.html'), target('gone', 'app://scrivania/', true), target('foreign', 'https://evil.example/')],
      {},
      silentLogger,
    );
    forward(message);
    expect(sent).toEqual(['main']);
  });

  it('keeps going when one window fails', () => {
    const sent: string[] = [];
    const forward = createEventForwarder(
      () => [
        { isDestroyed: () => false, currentUrl: () => 'app://scrivania/', send: () => { throw new Error('boom'); } },
        { isDestroyed: () => false, currentUrl: () => 'app://scrivania/', send: () => { sent.push('second'); } },
      ],
      {},
      silentLogger,
    );
    forward(message);
    expect(sent).toEqual(['second']);
  });
});
