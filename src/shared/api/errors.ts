/**
 * Errors cross the process boundary as data, never as stack traces. Every code has an Italian and
 * an English message in the renderer's i18n catalogue (`errors.<code>`), so the UI can always say
 * what went wrong in the user's language.
 */
export const API_ERROR_CODES = [
  'validation',
  'conflict',
  'forbidden',
  'not_found',
  'unavailable',
  'unauthenticated',
  'unknown_channel',
  'wrong_credentials',
  'account_disabled',
  'not_staff',
  'schema_behind',
  'schema_ahead',
  'internal',
] as const;

export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export interface ValidationIssue {
  /** Dotted path of the offending field, e.g. `officeIds.0`; empty for the whole input. */
  path: string;
  /** A stable, translatable reason (zod issue code or a domain reason such as `codice_fiscale`). */
  reason: string;
}

export interface ApiError {
  code: ApiErrorCode;
  /** A short English description for logs; the UI translates `code` (and `reason`) instead. */
  message: string;
  /** Domain-specific reason within the code, e.g. `username_taken` for a conflict. */
  reason?: string;
  issues?: ValidationIssue[];
}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiError };

export function isApiError(value: unknown): value is ApiError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    (API_ERROR_CODES as readonly string[]).includes((value as { code: string }).code)
  );
}
