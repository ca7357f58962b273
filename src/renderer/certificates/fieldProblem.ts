import type { MessageKey } from '../i18n/it';
import { isMessageKey, type Translate } from '../i18n/translate';

/** A counter field's problem in words: 'required', or a contract reason (`marca_serial`, ...) translated as `reason.<reason>`. */
export function fieldProblemText(reason: string, t: Translate): string {
  if (reason === 'required') return t('common.required');
  const key = `reason.${reason}`;
  return t(isMessageKey(key) ? key : ('reason.generic' satisfies MessageKey));
}
