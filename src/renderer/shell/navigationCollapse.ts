import { useCallback, useState, useSyncExternalStore } from 'react';

export const NAVIGATION_STORAGE_KEY = 'scrivania.navigation';

/** Below this width the navigation starts as icons, leaving the page its room. */
const NARROW_WINDOW = '(max-width: 1279px)';

type NavigationPreference = 'collapsed' | 'expanded';

function storedPreference(): NavigationPreference | null {
  try {
    const value = window.localStorage.getItem(NAVIGATION_STORAGE_KEY);
    return value === 'collapsed' || value === 'expanded' ? value : null;
  } catch {
    return null;
  }
}

function storePreference(preference: NavigationPreference): void {
  try {
    window.localStorage.setItem(NAVIGATION_STORAGE_KEY, preference);
  } catch {
    // Storage may be unavailable: the choice then lasts for this window only.
  }
}

function subscribeToWidth(onChange: () => void): () => void {
  const query = window.matchMedia(NARROW_WINDOW);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

/**
 * Whether the navigation shows icons only: as the user last chose (kept on this workstation), else
 * by the window's width. Returns the state and the toggle.
 */
export function useNavigationCollapsed(): [collapsed: boolean, toggle: () => void] {
  const [preference, setPreference] = useState(storedPreference);
  const narrow = useSyncExternalStore(subscribeToWidth, () => window.matchMedia(NARROW_WINDOW).matches);
  const collapsed = preference === null ? narrow : preference === 'collapsed';
  const toggle = useCallback(() => {
    const next: NavigationPreference = collapsed ? 'expanded' : 'collapsed';
    storePreference(next);
    setPreference(next);
  }, [collapsed]);
  return [collapsed, toggle];
}
