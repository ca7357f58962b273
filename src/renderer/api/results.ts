/**
 * Shapes that cross the transport, checked rather than trusted: whatever arrives (from IPC or over
 * HTTP) becomes a well-formed `ApiResult`, and anything else becomes a typed error.
 */
import type { ApiError, ApiErrorCode, ApiResult } from '../../shared/api/errors';
import { isApiError } from '../../shared/api/errors';
import type { AppEventMessage, AppEventName } from '../../shared/api/events';

const EVENT_NAMES: readonly AppEventName[] = ['connection/changed', 'instances/changed'];

export function apiError(code: ApiErrorCode, message: string, reason?: string): ApiError {
  return reason ? { code, message, reason } : { code, message };
}

export function failure(code: ApiErrorCode, message: string, reason?: string): { ok: false; error: ApiError } {
  return { ok: false, error: apiError(code, message, reason) };
}

/** Accepts `{ ok: true, data }` or `{ ok: false, error: ApiError }`; anything else is `internal`. */
export function toApiResult(raw: unknown): ApiResult<unknown> {
  if (typeof raw === 'object' && raw !== null && 'ok' in raw) {
    const candidate = raw as { ok: unknown; data?: unknown; error?: unknown };
    if (candidate.ok === true) return { ok: true, data: candidate.data ?? null };
    if (candidate.ok === false && isApiError(candidate.error)) return { ok: false, error: candidate.error };
  }
  return failure('internal', 'Malformed response');
}

export function isAppEventMessage(value: unknown): value is AppEventMessage {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as { event?: unknown; payload?: unknown };
  return (
    typeof message.event === 'string' &&
    (EVENT_NAMES as readonly string[]).includes(message.event) &&
    typeof message.payload === 'object' &&
    message.payload !== null
  );
}
