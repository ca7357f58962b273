import type { CustomCellRendererProps } from 'ag-grid-react';
import type { ProtocolListRow } from '../../shared/api/protocol';
import { useI18n } from '../i18n/I18nProvider';

export function StateCell({ data }: CustomCellRendererProps<ProtocolListRow>) {
  const { t } = useI18n();
  if (!data) return null;
  return data.annulled ? (
    <span className="pill pill-annulled" data-testid="protocol-annulled-badge">
      {t('protocol.state.annulled')}
    </span>
  ) : (
    <span className="pill pill-registered">{t('protocol.state.registered')}</span>
  );
}
