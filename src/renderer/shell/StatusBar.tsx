import type { SessionInfo } from '../../shared/api/session';
import { useAppInfo, useConnectionState } from '../api/hooks';
import { Icon } from '../components/Icon';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { useI18n } from '../i18n/I18nProvider';
import { databaseLabel } from '../i18n/labels';

export function StatusBar({ session, onSignOut, signingOut }: { session: SessionInfo; onSignOut(): void; signingOut: boolean }) {
  const { t } = useI18n();
  const { info } = useAppInfo();
  const connection = useConnectionState();
  return (
    <footer className="statusbar" data-testid="statusbar" aria-label={t('statusbar.label')}>
      <span className="statusbar-item" data-testid="statusbar-user" title={t('statusbar.user')}>
        <Icon name="user" />
        <strong>{session.fullName}</strong>
        <span className="muted">· {t(`role.${session.role}`)}</span>
      </span>
      <span className="statusbar-item" data-testid="statusbar-ente" title={t('statusbar.ente')}>
        <Icon name="building" />
        {session.ente.name}
      </span>
      <span className="statusbar-item" data-testid="statusbar-database" title={t('database.label')}>
        <Icon name="database" />
        {info ? databaseLabel(info.database, t) : '…'}
      </span>
      <span
        className="statusbar-item"
        data-testid="statusbar-connection"
        data-state={connection}
        role="status"
        title={t('connection.label')}
      >
        <span className="dot" data-state={connection} aria-hidden="true" />
        {t(`connection.${connection}`)}
      </span>
      <span className="statusbar-spacer" />
      <span className="statusbar-item">
        <LanguageSwitch compact />
      </span>
      <span className="statusbar-item">
        <button type="button" className="btn btn-ghost btn-small" data-testid="signout" disabled={signingOut} onClick={onSignOut}>
          <Icon name="logout" />
          {t('statusbar.signout')}
        </button>
      </span>
    </footer>
  );
}
