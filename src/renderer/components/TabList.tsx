import { useRef, type KeyboardEvent } from 'react';
import './tabs.css';

/** Where each key moves among `count` tabs, from `index`. */
const TAB_MOVES: Record<string, (index: number, count: number) => number> = {
  ArrowRight: (index, count) => (index + 1) % count,
  ArrowLeft: (index, count) => (index - 1 + count) % count,
  Home: () => 0,
  End: (_index, count) => count - 1,
};

/**
 * A row of tabs (WAI-ARIA tabs pattern): one tab stop, arrows move between tabs, Home/End jump to
 * the ends. The panel is the caller's: give it `id={panelId}` and `aria-labelledby={tabId(idPrefix, current)}`.
 */
export function TabList<T extends string>({
  tabs,
  current,
  label,
  idPrefix,
  panelId,
  onChange,
  labelOf,
}: {
  tabs: readonly T[];
  current: T;
  label: string;
  idPrefix: string;
  panelId: string;
  onChange(tab: T): void;
  labelOf(tab: T): string;
}) {
  const refs = useRef<Partial<Record<T, HTMLButtonElement | null>>>({});

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    const move = TAB_MOVES[event.key];
    if (!move) return;
    const next = tabs[move(tabs.indexOf(current), tabs.length)]!;
    event.preventDefault();
    onChange(next);
    refs.current[next]?.focus();
  };

  return (
    <div className="tab-list" role="tablist" aria-label={label}>
      {tabs.map((id) => (
        <button
          key={id}
          ref={(element) => {
            refs.current[id] = element;
          }}
          type="button"
          role="tab"
          id={tabId(idPrefix, id)}
          data-testid={tabId(idPrefix, id)}
          aria-selected={current === id}
          aria-controls={panelId}
          tabIndex={current === id ? 0 : -1}
          className="tab"
          onKeyDown={onKeyDown}
          onClick={() => onChange(id)}
        >
          {labelOf(id)}
        </button>
      ))}
    </div>
  );
}

export function tabId(idPrefix: string, tab: string): string {
  return `${idPrefix}-tab-${tab}`;
}
