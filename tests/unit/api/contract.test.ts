import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { allHandlers } from '../../../src/main/api/allHandlers';
import { AppError } from '../../../src/main/api/appError';
import { createDispatcher } from '../../../src/main/api/dispatch';
import { defineHandlers, type HandlerMap, type SessionSlot } from '../../../src/main/api/handlers';
import type { Runtime } from '../../../src/main/runtime';
import type { Session } from '../../../src/main/session/session';
import { channel, defineContract } from '../../../src/shared/api/channel';
import { contract } from '../../../src/shared/api/contract';

const noSession: SessionSlot = { get: () => null, set: () => {} };
const fakeSession = { info: { staffId: 1 } } as unknown as Session;
const withSession: SessionSlot = { get: () => fakeSession, set: () => {} };
const runtime = {} as Runtime;

function dispatcherWith(overrides: Partial<HandlerMap>) {
  return createDispatcher({ ...allHandlers, ...overrides } as HandlerMap, () => {});
}

describe('the one contract', () => {
  it('refuses a channel name declared twice when the contract is assembled', () => {
    const a = { 'x/one': channel<number>()(z.object({})) };
    const b = { 'x/one': channel<string>()(z.object({})) };
    expect(() => defineContract(a, b)).toThrow('Duplicate API channel: x/one');
  });

  it('has a handler for every channel, and handlers only for channels of the contract', () => {
    expect(Object.keys(allHandlers).sort()).toEqual(Object.keys(contract).sort());
    const partial = { ...allHandlers } as Partial<HandlerMap>;
    delete partial['staff/list'];
    expect(() => defineHandlers(partial)).toThrow('Channels without a handler: staff/list');
    expect(() => defineHandlers(allHandlers, { 'app/info': allHandlers['app/info'] })).toThrow('Duplicate handler for channel: app/info');
  });

  it('channels are public only where a signed-out user must reach them', () => {
    const publicChannels = Object.entries(contract).filter(([, spec]) => spec.public).map(([name]) => name).sort();
    expect(publicChannels).toEqual(['app/info', 'session/current', 'session/signIn', 'session/signOut']);
  });
});

describe('the dispatcher', () => {
  it('answers unknown channels with a typed error', async () => {
    expect(await dispatcherWith({})('nope/nothing', {}, { runtime, slot: noSession })).toEqual({
      ok: false,
      error: { code: 'unknown_channel', message: 'Unknown channel' },
    });
  });

  it('validates input with the channel schema and names every offending field', async () => {
    const result = await dispatcherWith({})('staff/create', { username: 'A!', password: 'short', fullName: 'X', role: 'boss', officeIds: [] }, { runtime, slot: withSession });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('validation');
    const reasons = result.error.issues!.map((i) => `${i.path}:${i.reason}`);
    expect(reasons).toEqual(
      expect.arrayContaining(['username:username_format', 'password:password_too_short', 'officeIds:office_required', 'role:invalid_value']),
    );
  });

  it('rejects unexpected fields rather than passing them on', async () => {
    const result = await dispatcherWith({})('session/signIn', { username: 'mrossi', password: 'x', admin: true }, { runtime, slot: noSession });
    expect(result).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('requires a session for every non-public channel', async () => {
    let called = false;
    const dispatch = dispatcherWith({
      'staff/list': async () => {
        called = true;
        return [];
      },
    });
    expect(await dispatch('staff/list', {}, { runtime, slot: noSession })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(called).toBe(false);
  });

  it('turns refusals into typed errors and hides unexpected failures', async () => {
    const logged: unknown[] = [];
    const dispatch = createDispatcher(
      {
        ...allHandlers,
        'staff/list': async () => {
          throw new AppError('forbidden', 'nope', 'admin_only');
        },
        'offices/list': async () => {
          throw Object.assign(new Error('duplicate key'), { code: '23505', hint: 'scrivania:username_taken' });
        },
        'staff/create': async () => {
          throw new Error('secret internal detail at /home/x.ts:12');
        },
      } as HandlerMap,
      (error) => logged.push(error),
    );
    const ctx = { runtime, slot: withSession };
    expect(await dispatch('staff/list', {}, ctx)).toEqual({ ok: false, error: { code: 'forbidden', message: 'nope', reason: 'admin_only' } });
    expect(await dispatch('offices/list', {}, ctx)).toMatchObject({ ok: false, error: { code: 'conflict', reason: 'username_taken' } });
    const hidden = await dispatch('staff/create', { username: 'mario.rossi', password: 'Password123', fullName: 'Mario Rossi', role: 'clerk', officeIds: [1] }, ctx);
    expect(hidden).toEqual({ ok: false, error: { code: 'internal', message: 'Unexpected error' } });
    expect(logged).toHaveLength(1);
  });
});
