import type { ApiError } from '../../shared/api/errors';

interface DatabaseErrorLike {
  code?: string;
  message?: string;
  constraint?: string;
  hint?: string;
}

const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down)
]);

function asDatabaseError(error: unknown): DatabaseErrorLike | null {
  return typeof error === 'object' && error !== null ? (error as DatabaseErrorLike) : null;
}

/** True when the error means "the server cannot be reached now", as opposed to a refusal. */
export function isUnreachable(error: unknown): boolean {
  const e = asDatabaseError(error);
  if (!e) return false;
  if (e.code && (NETWORK_ERROR_CODES.has(e.code) || e.code.startsWith('08'))) return true;
  const message = e.message ?? '';
  return (
    message.includes('Connection terminated') ||
    message.includes('Timeout acquiring a connection') ||
    message.includes('connect ECONNREFUSED') ||
    message.includes('Client has encountered a connection error')
  );
}

/** Our SQL functions name the refusal in the HINT as `scrivania:<reason>` so the UI can translate it. */
function reasonFromHint(e: DatabaseErrorLike): string | undefined {
  const match = /^scrivania:([a-z_]+)$/.exec(e.hint ?? '');
  return match?.[1];
}

/**
 * Maps a PostgreSQL (or connection) error to the API's typed errors; `null` when it is not one we
 * recognise (the dispatcher then logs it and answers `internal`).
 */
export function databaseErrorToApiError(error: unknown): ApiError | null {
  const e = asDatabaseError(error);
  if (!e) return null;
  if (isUnreachable(error)) return { code: 'unavailable', message: 'Database server unreachable' };
  const reason = reasonFromHint(e) ?? e.constraint;
  const withReason = (code: ApiError['code'], message: string): ApiError => ({
    code,
    message,
    ...(reason ? { reason } : {}),
  });
  switch (e.code) {
    case '28P01':
      return { code: 'wrong_credentials', message: 'Wrong username or password' };
    case '28000':
      return (e.message ?? '').includes('not permitted to log in')
        ? { code: 'account_disabled', message: 'Account disabled' }
        : { code: 'forbidden', message: 'Connection not allowed', reason: 'host_not_allowed' };
    case '42501':
      return withReason('forbidden', 'Permission denied');
    case '23505':
      return withReason('conflict', 'Already exists');
    case '23P01': // exclusion_violation: a period overlapping another (e.g. two residences at once)
      return withReason('conflict', 'Overlaps an existing period');
    case '40001':
    case '40P01':
      return { code: 'conflict', message: 'Concurrent change, retry', reason: 'retry' };
    case '23503':
    case '23514':
    case '23502':
    case '22P02':
    case '22001':
    case '22007':
    case '22008':
      return withReason('validation', 'Rejected by the database');
    case 'P0002':
      return withReason('not_found', 'Not found');
    default:
      return null;
  }
}
