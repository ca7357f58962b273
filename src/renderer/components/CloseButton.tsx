import { useI18n } from '../i18n/I18nProvider';
import { Icon } from './Icon';

/** The × that closes a drawer, panel or dialog: named "Chiudi" for screen readers and on hover. */
export function CloseButton({ onClick, disabled, testId }: { onClick(): void; disabled?: boolean; testId?: string }) {
  const { t } = useI18n();
  return (
    <button
      type="button"
      className="btn btn-ghost btn-small"
      aria-label={t('common.close')}
      title={t('common.close')}
      disabled={disabled}
      data-testid={testId}
      onClick={onClick}
    >
      <Icon name="close" />
    </button>
  );
}
