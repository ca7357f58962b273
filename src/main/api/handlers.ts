import type { Channel, ChannelOutput, ChannelParsedInput } from '../../shared/api/contract';
import { contract } from '../../shared/api/contract';
import type { Runtime } from '../runtime';
import type { Session } from '../session/session';

/** Where the signed-in session of one window (IPC) or one browser tab (HTTP cookie) is kept. */
export interface SessionSlot {
  get(): Session | null;
  set(session: Session | null): void;
}

export interface HandlerContext {
  runtime: Runtime;
  slot: SessionSlot;
}

/** The context of a channel that requires sign-in: the dispatcher has checked there is a session. */
export interface SignedInContext extends HandlerContext {
  session: Session;
}

type ContextFor<C extends Channel> = (typeof contract)[C]['public'] extends true ? HandlerContext : SignedInContext;

export type Handler<C extends Channel> = (input: ChannelParsedInput<C>, ctx: ContextFor<C> & HandlerContext) => Promise<ChannelOutput<C>>;
export type HandlerMap = { [C in Channel]: Handler<C> };

type UnionToIntersection<U> = (U extends unknown ? (k: U) => void : never) extends (k: infer I) => void ? I : never;

/**
 * Joins the handler groups of every capability. Fails at start when two groups handle the same
 * channel or when a channel of the contract has no handler, so a missing handler is never a
 * run-time surprise.
 */
export function defineHandlers<G extends Partial<HandlerMap>[]>(...groups: G): HandlerMap & UnionToIntersection<G[number]> {
  const merged: Record<string, unknown> = {};
  for (const group of groups) {
    for (const [name, handler] of Object.entries(group)) {
      if (Object.hasOwn(merged, name)) throw new Error(`Duplicate handler for channel: ${name}`);
      merged[name] = handler;
    }
  }
  const missing = Object.keys(contract).filter((name) => !Object.hasOwn(merged, name));
  if (missing.length > 0) throw new Error(`Channels without a handler: ${missing.join(', ')}`);
  const unknown = Object.keys(merged).filter((name) => !Object.hasOwn(contract, name));
  if (unknown.length > 0) throw new Error(`Handlers for channels not in the contract: ${unknown.join(', ')}`);
  return merged as HandlerMap & UnionToIntersection<G[number]>;
}
