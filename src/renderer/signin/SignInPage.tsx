import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { ApiError } from '../../shared/api/errors';
import { USERNAME_PATTERN } from '../../shared/api/session';
import { useAppInfo, useConnectionState, useSession } from '../api/hooks';
import { Emblem, Icon } from '../components/Icon';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { errorMessage } from '../i18n/errors';
import { useI18n } from '../i18n/I18nProvider';
import { databaseLabel } from '../i18n/labels';
import type { MessageKey } from '../i18n/it';

type Problem = { kind: 'api'; error: ApiError } | { kind: 'local'; key: MessageKey; field: 'username' | 'password' };

/**
 * Sign-in: the database decides (each clerk is their own PostgreSQL login role). What was typed is
 * never cleared on a failure; after one the password is focused and selected, ready to retype.
 */
export function SignInPage() {
  const { t } = useI18n();
  const { info, error: infoError, reload: reloadInfo } = useAppInfo();
  const connection = useConnectionState();
  const { status, signIn } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [capsLock, setCapsLock] = useState(false);
  const initialProblem: Problem | null =
    status.kind === 'signedOut' && status.error && status.error.code !== 'unauthenticated'
      ? { kind: 'api', error: status.error }
      : null;
  const [problem, setProblem] = useState<Problem | null>(initialProblem);
  const usernameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const errorId = useId();
  const expired = status.kind === 'signedOut' && status.reason === 'expired';

  useEffect(() => {
    usernameRef.current?.focus();
  }, []);

  const focusField = (field: 'username' | 'password') => {
    const input = field === 'username' ? usernameRef.current : passwordRef.current;
    input?.focus();
    input?.select();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const name = username.trim().toLowerCase();
    if (!name || !password) {
      const field = name ? 'password' : 'username';
      setProblem({ kind: 'local', key: 'signin.missing', field });
      focusField(field);
      return;
    }
    if (!USERNAME_PATTERN.test(name)) {
      setProblem({ kind: 'local', key: 'signin.usernameInvalid', field: 'username' });
      focusField('username');
      return;
    }
    setBusy(true);
    setProblem(null);
    if (!info) void reloadInfo();
    const result = await signIn(name, password);
    if (result.ok) return; // the shell replaces this page
    setBusy(false);
    setProblem({ kind: 'api', error: result.error });
    // After the state update has re-enabled the fields.
    requestAnimationFrame(() => focusField('password'));
  };

  const onKey = (event: KeyboardEvent<HTMLInputElement>) => setCapsLock(event.getModifierState?.('CapsLock') ?? false);

  const message = problem
    ? problem.kind === 'api'
      ? problem.error.code === 'validation'
        ? t('signin.usernameInvalid')
        : errorMessage(problem.error, t)
      : t(problem.key)
    : null;
  const invalidUsername = problem?.kind === 'local' && problem.field === 'username';
  const invalidPassword =
    (problem?.kind === 'local' && problem.field === 'password') ||
    (problem?.kind === 'api' && problem.error.code === 'wrong_credentials');
  const offline = connection === 'offline' && !(problem?.kind === 'api' && problem.error.code === 'unavailable');

  return (
    <main className="signin">
      <div className="signin-card">
        <header className="signin-head">
          <Emblem />
          <div>
            <h1>{t('app.name')}</h1>
            <p>{t('app.tagline')}</p>
          </div>
        </header>

        <form className="signin-form" onSubmit={submit} noValidate aria-busy={busy}>
          <h2>{t('signin.title')}</h2>
          <p className="intro">{expired ? t('signin.sessionExpired') : t('signin.intro')}</p>

          {offline && (
            <div className="alert alert-warning" role="status">
              <Icon name="alert" />
              <div className="alert-body">{t('signin.offline')}</div>
            </div>
          )}

          <div className="field">
            <label className="field-label" htmlFor="signin-username">
              {t('signin.username')}
            </label>
            <input
              ref={usernameRef}
              id="signin-username"
              className="input"
              data-testid="signin-username"
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              autoCorrect="off"
              spellCheck={false}
              value={username}
              readOnly={busy}
              aria-invalid={invalidUsername || undefined}
              aria-describedby={message ? errorId : undefined}
              onChange={(event) => setUsername(event.target.value)}
            />
          </div>

          <div className="field">
            <label className="field-label" htmlFor="signin-password">
              {t('signin.password')}
            </label>
            <input
              ref={passwordRef}
              id="signin-password"
              className="input"
              data-testid="signin-password"
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              readOnly={busy}
              aria-invalid={invalidPassword || undefined}
              aria-describedby={message ? errorId : undefined}
              onChange={(event) => setPassword(event.target.value)}
              onKeyUp={onKey}
              onKeyDown={onKey}
            />
            {capsLock && <span className="caps-hint">{t('signin.capsLock')}</span>}
          </div>

          {message && (
            <div className="alert" role="alert" id={errorId} data-testid="signin-error">
              <Icon name="alert" />
              <div className="alert-body">{message}</div>
            </div>
          )}

          <button type="submit" className="btn btn-primary" data-testid="signin-submit" disabled={busy}>
            {busy ? t('signin.busy') : t('signin.submit')}
          </button>
        </form>

        <footer className="signin-foot">
          <Icon name="database" />
          <span data-testid="signin-database">
            {info ? databaseLabel(info.database, t) : infoError ? t('signin.databaseUnknown') : t('signin.databaseLoading')}
          </span>
        </footer>
      </div>
      <div className="signin-after">
        <span>{info ? t('app.version', { version: info.version }) : ''}</span>
        <LanguageSwitch compact />
      </div>
    </main>
  );
}
