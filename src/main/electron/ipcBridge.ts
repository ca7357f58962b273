/**
 * The IPC side of the contract: one invoke channel (`scrivania:call`) and one push channel
 * (`scrivania:event`). Pure (only types from 'electron'), so the sender check, the per-window
 * session slots and the event fan-out are unit-tested with plain objects; main.ts wires them to
 * `ipcMain.handle` and `webContents.send`.
 */
import type { ApiResult } from '../../shared/api/errors';
import type { AppEventMessage } from '../../shared/api/events';
import type { SessionSlot } from '../api/handlers';
import type { Logger } from '../logger';
import { isTrustedAppUrl, isTrustedSenderFrame, type FrameLike, type TrustPolicy } from './trustedSender';

export const CALL_CHANNEL = 'scrivania:call';
export const EVENT_CHANNEL = 'scrivania:event';

type Session = ReturnType<SessionSlot['get']>;

export const UNTRUSTED_SENDER: ApiResult<never> = {
  ok: false,
  error: { code: 'forbidden', message: 'Untrusted sender' },
};

export interface RuntimeLike {
  call(channel: string, input: unknown, slot: SessionSlot): Promise<ApiResult<unknown>>;
}

/** The parts of a `WebContents` used here. */
export interface SenderLike {
  readonly id: number;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
}

/** The parts of an `IpcMainInvokeEvent` used here. */
export interface InvokeEventLike {
  readonly sender: SenderLike;
  readonly senderFrame: FrameLike | null;
}

/**
 * One session per webContents: two windows (or a window and a reload-free second renderer) never
 * share a sign-in. The slot is dropped when its webContents is destroyed, after `onRelease` (which
 * main.ts uses to sign the session out, closing that user's database connections).
 */
export class SessionSlots {
  private readonly slots = new Map<number, SessionSlot>();

  constructor(private readonly onRelease: (slot: SessionSlot) => void | Promise<void> = () => {}) {}

  for(sender: SenderLike): SessionSlot {
    const existing = this.slots.get(sender.id);
    if (existing) return existing;
    let session: Session = null;
    const slot: SessionSlot = {
      get: () => session,
      set: (next) => {
        session = next;
      },
    };
    this.slots.set(sender.id, slot);
    const id = sender.id;
    sender.once('destroyed', () => {
      this.slots.delete(id);
      if (slot.get() !== null) {
        void Promise.resolve()
          .then(() => this.onRelease(slot))
          .catch(() => {})
          .finally(() => slot.set(null));
      }
    });
    return slot;
  }

  has(id: number): boolean {
    return this.slots.has(id);
  }

  get size(): number {
    return this.slots.size;
  }
}

export interface CallHandlerDeps {
  /** Resolves once the runtime has started (calls made while the database starts simply wait). */
  runtime(): Promise<RuntimeLike>;
  /** The main frame of OUR window when `sender` is its webContents; null for any other webContents. */
  windowMainFrame(sender: SenderLike): FrameLike | null;
  policy: TrustPolicy;
  slots: SessionSlots;
  log: Logger;
}

/** The `ipcMain.handle(CALL_CHANNEL, ...)` listener. Never throws: every outcome is an ApiResult. */
export function createCallHandler(deps: CallHandlerDeps) {
  return async (event: InvokeEventLike, channel: unknown, input: unknown): Promise<ApiResult<unknown>> => {
    const frame = event.senderFrame;
    if (event.sender.isDestroyed() || !isTrustedSenderFrame(frame, deps.windowMainFrame(event.sender), deps.policy)) {
      deps.log.warn('IPC refused: untrusted sender', {
        channel: typeof channel === 'string' ? channel.slice(0, 100) : typeof channel,
        url: frame?.url ?? null,
        webContentsId: event.sender.id,
      });
      return UNTRUSTED_SENDER;
    }
    if (typeof channel !== 'string') {
      return { ok: false, error: { code: 'unknown_channel', message: 'Unknown channel' } };
    }
    const slot = deps.slots.for(event.sender);
    try {
      const runtime = await deps.runtime();
      return await runtime.call(channel, input, slot);
    } catch (error) {
      deps.log.error(`IPC call failed: ${channel}`, error);
      return { ok: false, error: { code: 'internal', message: 'Unexpected error' } };
    }
  };
}

/** A window that receives pushed events. */
export interface EventTarget {
  isDestroyed(): boolean;
  /** The URL the window's main frame shows now. */
  currentUrl(): string;
  send(channel: typeof EVENT_CHANNEL, message: AppEventMessage): void;
}

/**
 * Returns the runtime.events listener: each message goes to every live window that still shows an
 * app page (a window that somehow left the app gets nothing).
 */
export function createEventForwarder(targets: () => Iterable<EventTarget>, policy: TrustPolicy, log: Logger) {
  return (message: AppEventMessage): void => {
    for (const target of targets()) {
      if (target.isDestroyed() || !isTrustedAppUrl(target.currentUrl(), policy)) continue;
      try {
        target.send(EVENT_CHANNEL, message);
      } catch (error) {
        log.warn('Could not push an event to a window', error);
      }
    }
  };
}
