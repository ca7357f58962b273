import type { InstanceStatus } from '../../shared/api/instances';
import { useI18n } from '../i18n/I18nProvider';

export function StatusPill({ status }: { status: InstanceStatus }) {
  const { t } = useI18n();
  return <span className={`pill pill-${status}`}>{t(`status.${status}`)}</span>;
}
