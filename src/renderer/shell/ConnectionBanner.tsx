import { useConnectionState } from '../api/hooks';
import { useI18n } from '../i18n/I18nProvider';

/** Shown while the database is unreachable; not dismissable, it goes away by itself. */
export function ConnectionBanner() {
  const { t } = useI18n();
  const connection = useConnectionState();
  if (connection !== 'offline') return null;
  return (
    <div className="connection-banner" role="alert" data-testid="connection-banner">
      <span className="spinner" aria-hidden="true" />
      {t('connection.banner')}
    </div>
  );
}
