/**
 * Browser mode's per-launch token. The launch URL carries it in the fragment (`#token=...`, which
 * never reaches a server log); it is moved to sessionStorage, so a reload of this tab still works,
 * and removed from the address bar (and from history) at once.
 */
export const TOKEN_STORAGE_KEY = 'scrivania.token';

export interface TokenEnvironment {
  location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  history: Pick<History, 'replaceState' | 'state'>;
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
}

export function readLaunchToken(env: TokenEnvironment): string | null {
  const fragment = new URLSearchParams(env.location.hash.replace(/^#/, ''));
  const fromFragment = fragment.get('token');
  if (fromFragment) {
    try {
      env.storage?.setItem(TOKEN_STORAGE_KEY, fromFragment);
    } catch {
      // sessionStorage may be unavailable: the token then lives in memory only.
    }
    fragment.delete('token');
    const rest = fragment.toString();
    env.history.replaceState(env.history.state, '', `${env.location.pathname}${env.location.search}${rest ? `#${rest}` : ''}`);
    return fromFragment;
  }
  try {
    return env.storage?.getItem(TOKEN_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

export function browserTokenEnvironment(): TokenEnvironment {
  const storage = (() => {
    try {
      return window.sessionStorage;
    } catch {
      return null; // storage disabled: the token then lives in memory only
    }
  })();
  return { location: window.location, history: window.history, storage };
}
