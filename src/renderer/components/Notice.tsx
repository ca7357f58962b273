import type { ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { Icon } from './Icon';

/** An inline message: `error` is an alert (announced at once), the others a polite status. */
export function Notice({
  kind,
  children,
  testId,
  onClose,
}: {
  kind: 'error' | 'warning' | 'success';
  children: ReactNode;
  testId?: string;
  onClose?: () => void;
}) {
  const { t } = useI18n();
  const className = kind === 'error' ? 'alert' : `alert alert-${kind}`;
  return (
    <div className={className} role={kind === 'error' ? 'alert' : 'status'} data-testid={testId}>
      <Icon name={kind === 'success' ? 'check' : kind === 'warning' ? 'info' : 'alert'} />
      <div className="alert-body">{children}</div>
      {onClose && (
        <button type="button" className="btn btn-ghost btn-small alert-close" aria-label={t('common.close')} title={t('common.close')} onClick={onClose}>
          <Icon name="close" />
        </button>
      )}
    </div>
  );
}
