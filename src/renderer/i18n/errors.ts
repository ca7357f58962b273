/**
 * Turns the API's typed errors into sentences: a domain `reason` when the catalogue knows it, else
 * the error `code`; validation issues field by field, with a generic fallback for reasons (or zod
 * issue codes) the catalogue does not know.
 */
import type { ApiError, ValidationIssue } from '../../shared/api/errors';
import { PASSWORD_MIN_LENGTH } from '../../shared/api/staff';
import type { MessageKey } from './it';
import { isMessageKey, type MessageParams, type Translate } from './translate';

const REASON_PARAMS: MessageParams = { min: PASSWORD_MIN_LENGTH };

export function errorKey(error: Pick<ApiError, 'code' | 'reason'>): MessageKey {
  if (error.reason) {
    const reasonKey = `reason.${error.reason}`;
    if (isMessageKey(reasonKey)) return reasonKey;
  }
  const codeKey = `errors.${error.code}`;
  return isMessageKey(codeKey) ? codeKey : 'errors.internal';
}

export function errorMessage(error: Pick<ApiError, 'code' | 'reason'>, t: Translate): string {
  return t(errorKey(error), REASON_PARAMS);
}

/** The form field an issue belongs to: the first segment of its path (`officeIds.0` → `officeIds`). */
export function issueField(issue: ValidationIssue): string {
  return issue.path.split('.')[0] ?? '';
}

export function issueKey(issue: ValidationIssue): MessageKey {
  const field = issueField(issue);
  const specific = `issue.${field}.${issue.reason}`;
  if (field && isMessageKey(specific)) return specific;
  const general = `reason.${issue.reason}`;
  return isMessageKey(general) ? general : 'reason.generic';
}

export function issueMessage(issue: ValidationIssue, t: Translate): string {
  return t(issueKey(issue), REASON_PARAMS);
}

/** One message per field (the first issue wins); issues without a path are under ''. */
export function fieldMessages(error: ApiError, t: Translate): Record<string, string> {
  const messages: Record<string, string> = {};
  for (const issue of error.issues ?? []) {
    const field = issueField(issue);
    if (!(field in messages)) messages[field] = issueMessage(issue, t);
  }
  return messages;
}
