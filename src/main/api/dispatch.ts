import type { z } from 'zod';
import { contract, isChannel } from '../../shared/api/contract';
import type { ApiError, ApiResult, ValidationIssue } from '../../shared/api/errors';
import { databaseErrorToApiError } from '../db/errors';
import { AppError } from './appError';
import type { HandlerContext, HandlerMap } from './handlers';

export type Dispatch = (channel: string, input: unknown, ctx: HandlerContext) => Promise<ApiResult<unknown>>;

function zodIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    reason: issue.message && /^[a-z_]+$/.test(issue.message) ? issue.message : issue.code,
  }));
}

function toApiError(error: unknown, log: (error: unknown) => void): ApiError {
  if (error instanceof AppError) {
    return {
      code: error.code,
      message: error.message,
      ...(error.reason ? { reason: error.reason } : {}),
      ...(error.issues ? { issues: error.issues } : {}),
    };
  }
  const fromDatabase = databaseErrorToApiError(error);
  if (fromDatabase) return fromDatabase;
  log(error);
  return { code: 'internal', message: 'Unexpected error' };
}

/**
 * The one entry point of both transports: checks the channel exists, validates the input with the
 * channel's schema, requires a session for non-public channels and turns every failure into a typed,
 * translatable error. Stack traces stay in the main process log.
 */
export function createDispatcher(handlers: HandlerMap, log: (error: unknown) => void = console.error): Dispatch {
  return async (channel, input, ctx) => {
    if (!isChannel(channel)) {
      return { ok: false, error: { code: 'unknown_channel', message: `Unknown channel` } };
    }
    const spec = contract[channel];
    const parsed = spec.input.safeParse(input ?? {});
    if (!parsed.success) {
      return { ok: false, error: { code: 'validation', message: 'Invalid input', issues: zodIssues(parsed.error) } };
    }
    const session = ctx.slot.get();
    if (!spec.public && !session) {
      return { ok: false, error: { code: 'unauthenticated', message: 'Sign-in required' } };
    }
    const handler = handlers[channel] as (input: unknown, ctx: unknown) => Promise<unknown>;
    try {
      const data = await handler(parsed.data, { ...ctx, session });
      return { ok: true, data };
    } catch (error) {
      return { ok: false, error: toApiError(error, log) };
    }
  };
}
