import type { Formatters } from '../i18n/format';
import type { Translate } from '../i18n/translate';

/** What the worklist's head says about the matches: counting, "1 pratica", "N pratiche", "più di N pratiche". */
export function worklistCountText(total: number | null, isLowerBound: boolean, t: Translate, format: Pick<Formatters, 'number'>): string {
  if (total === null) return t('worklist.counting');
  if (isLowerBound) return t('worklist.countMoreThan', { count: format.number(total) });
  return total === 1 ? t('worklist.countOne') : t('worklist.countOther', { count: format.number(total) });
}
