/** A handful of line icons drawn inline (no icon font, no external resource). */
const PATHS = {
  search: 'M11 11l3.5 3.5M7 12.5a5.5 5.5 0 1 1 0-11 5.5 5.5 0 0 1 0 11z',
  database:
    'M2.5 3.5c0-1.1 2.46-2 5.5-2s5.5.9 5.5 2-2.46 2-5.5 2-5.5-.9-5.5-2zM2.5 3.5v9c0 1.1 2.46 2 5.5 2s5.5-.9 5.5-2v-9M2.5 8c0 1.1 2.46 2 5.5 2s5.5-.9 5.5-2',
  user: 'M8 8a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM2.5 14.5c.6-2.6 2.8-4.2 5.5-4.2s4.9 1.6 5.5 4.2',
  building: 'M2.5 14.5h11M3.5 14.5V6.5L8 3l4.5 3.5v8M6 14.5v-4h4v4M6 8h.01M10 8h.01',
  alert: 'M8 1.8l6.5 11.7h-13zM8 6.3v3.2M8 11.7h.01',
  info: 'M8 14.5a6.5 6.5 0 1 0 0-13 6.5 6.5 0 0 0 0 13zM8 7.3v4.2M8 4.8h.01',
  check: 'M3 8.5l3 3 7-7',
  close: 'M4 4l8 8M12 4l-8 8',
  refresh: 'M13.5 3.5v3h-3M13 6.5A5.5 5.5 0 1 0 13.4 10',
  plus: 'M8 3v10M3 8h10',
  logout: 'M6 14.5H3.5a1 1 0 0 1-1-1v-11a1 1 0 0 1 1-1H6M10.5 11.5L14 8l-3.5-3.5M14 8H6',
  reset: 'M3 3v3.5h3.5M3.4 6.3A5.5 5.5 0 1 1 2.6 9.5',
  dot: 'M8 8h.01',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, className }: { name: IconName; className?: string }) {
  return (
    <svg className={className ? `icon ${className}` : 'icon'} viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} />
    </svg>
  );
}

/** The ente's emblem placeholder: a plain shield with the app's initial. */
export function Emblem({ small = false }: { small?: boolean }) {
  return (
    <svg className={small ? 'emblem emblem-small' : 'emblem'} viewBox="0 0 36 36" aria-hidden="true" focusable="false">
      <path d="M18 2.5 31 7v10.2c0 8-5.6 13.8-13 16.3C10.6 31 5 25.2 5 17.2V7z" fill="#2a5a98" stroke="#8fb8ec" strokeWidth="1.4" />
      <path d="M12.4 22.6c1.4 1.3 3.3 2 5.5 2 3 0 5-1.5 5-3.8 0-2.1-1.5-3.1-4.5-3.8-2.3-.5-3.2-1-3.2-2 0-1 1-1.7 2.6-1.7 1.5 0 2.7.5 3.8 1.4" fill="none" stroke="#fff" strokeWidth="2.2" strokeLinecap="round" />
    </svg>
  );
}
