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
  // The navigation's pages and its toggle (TopBar, SideNav).
  tray: 'M1.5 9.5h3.5l1 2h4l1-2h3.5M1.5 9.5l2-6.5h9l2 6.5v4.5h-13z',
  users: 'M6 7.5a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5zM1.5 14c.5-2.3 2.2-3.8 4.5-3.8s4 1.5 4.5 3.8M10.5 2.7a2.5 2.5 0 0 1 0 4.6M12 10.4c1.3.5 2.2 1.8 2.5 3.6',
  userPlus: 'M6.5 7.5a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5zM2 14c.5-2.3 2.2-3.8 4.5-3.8 1.2 0 2.3.4 3.1 1.1M12.5 9v5M10 11.5h5',
  mail: 'M1.5 3.5h13v9h-13zM1.5 4l6.5 5 6.5-5',
  idCard: 'M1.5 3.5h13v9h-13zM5.5 8a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3zM3.2 10.7c.4-1 1.2-1.5 2.3-1.5s1.9.5 2.3 1.5M10 6.5h2.5M10 9h2.5',
  certificate: 'M3.5 1.5h6l3 3v10h-9zM9.5 1.5v3h3M5.8 9.3l1.7 1.7 3-3.2',
  register: 'M3.5 1.5h9v13h-9a1 1 0 0 1-1-1v-11a1 1 0 0 1 1-1zM5.5 1.5v13M8 5h2.5M8 7.5h2.5',
  archiveBox: 'M1.5 2.5h13v3h-13zM2.5 5.5v8h11v-8M6.5 8.5h3',
  chart: 'M2 14.5h12M4 12.5V8.5M7 12.5v-8M10 12.5V7M13 12.5V10',
  staff: 'M3.5 2.5h9v12h-9zM6.5 1.5h3M8 8.2a1.7 1.7 0 1 0 0-3.4 1.7 1.7 0 0 0 0 3.4zM5.6 12c.4-1.2 1.3-1.8 2.4-1.8s2 .6 2.4 1.8',
  hierarchy: 'M2 2.5h5v3H2zM4.5 5.5v7H9M4.5 9H9M9 7.5h5v3H9zM9 11h5v3H9z',
  menu: 'M2 4h12M2 8h12M2 12h12',
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
