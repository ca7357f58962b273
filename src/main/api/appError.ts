import type { ApiErrorCode, ValidationIssue } from '../../shared/api/errors';

/** Thrown by services for an expected refusal; the dispatcher turns it into a typed API error. */
export class AppError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly reason?: string,
    readonly issues?: ValidationIssue[],
  ) {
    super(message);
    this.name = 'AppError';
  }
}
