/**
 * Remembers the main window's size, position and maximized state in a JSON file in userData,
 * and puts it back on a display that still exists (a monitor may have been unplugged since).
 * Pure: the file system and the list of displays are injected, so the rules are unit-tested.
 */

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Bounds;
  maximized: boolean;
}

/** The part of Electron's `Display` we read: the area not covered by task bars and docks. */
export interface DisplayLike {
  workArea: Bounds;
}

/** The part of `node:fs` we use (sync: the state is read once before the window is created). */
export interface WindowStateFs {
  readFileSync(path: string, encoding: 'utf8'): string;
  writeFileSync(path: string, data: string, encoding: 'utf8'): void;
  renameSync(from: string, to: string): void;
}

export const WINDOW_STATE_FILE = 'window-state.json';
export const DEFAULT_SIZE = { width: 1280, height: 800 } as const;
export const MIN_SIZE = { width: 900, height: 600 } as const;
/** How much of the window must overlap a display for the saved position to be kept. */
const MIN_VISIBLE = { width: 160, height: 80 } as const;

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Reads a saved state defensively: anything malformed is treated as "no saved state". */
export function parseWindowState(text: string | undefined): WindowState | null {
  if (!text) return null;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null) return null;
  const { bounds, maximized } = data as { bounds?: unknown; maximized?: unknown };
  if (typeof bounds !== 'object' || bounds === null) return null;
  const { x, y, width, height } = bounds as Record<string, unknown>;
  if (!isFiniteNumber(x) || !isFiniteNumber(y) || !isFiniteNumber(width) || !isFiniteNumber(height)) return null;
  if (width <= 0 || height <= 0) return null;
  return {
    bounds: { x: Math.round(x), y: Math.round(y), width: Math.round(width), height: Math.round(height) },
    maximized: maximized === true,
  };
}

function overlapArea(a: Bounds, b: Bounds): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return { width: Math.max(0, width), height: Math.max(0, height) };
}

function centredOn(area: Bounds, width: number, height: number): Bounds {
  const w = Math.min(width, area.width);
  const h = Math.min(height, area.height);
  return {
    x: area.x + Math.floor((area.width - w) / 2),
    y: area.y + Math.floor((area.height - h) / 2),
    width: w,
    height: h,
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), Math.max(min, max));
}

/**
 * Where to open the window. With no saved state: the default size centred on the primary display.
 * With a saved state: on the display it overlaps most, shrunk to fit that display's work area and
 * moved so it is entirely visible; when it overlaps no display enough (the monitor is gone), centred
 * on the primary display.
 */
export function restoreWindowState(saved: WindowState | null, displays: readonly DisplayLike[], primary: DisplayLike): WindowState {
  if (!saved) {
    return { bounds: centredOn(primary.workArea, DEFAULT_SIZE.width, DEFAULT_SIZE.height), maximized: false };
  }
  let best: { display: DisplayLike; area: number } | null = null;
  for (const display of displays) {
    const overlap = overlapArea(saved.bounds, display.workArea);
    if (overlap.width < MIN_VISIBLE.width || overlap.height < MIN_VISIBLE.height) continue;
    const area = overlap.width * overlap.height;
    if (!best || area > best.area) best = { display, area };
  }
  if (!best) {
    return { bounds: centredOn(primary.workArea, saved.bounds.width, saved.bounds.height), maximized: saved.maximized };
  }
  const area = best.display.workArea;
  const width = Math.min(saved.bounds.width, area.width);
  const height = Math.min(saved.bounds.height, area.height);
  return {
    bounds: {
      x: clamp(saved.bounds.x, area.x, area.x + area.width - width),
      y: clamp(saved.bounds.y, area.y, area.y + area.height - height),
      width,
      height,
    },
    maximized: saved.maximized,
  };
}

export function loadWindowState(
  fs: Pick<WindowStateFs, 'readFileSync'>,
  file: string,
  displays: readonly DisplayLike[],
  primary: DisplayLike,
): WindowState {
  let text: string | undefined;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    text = undefined; // first launch, or unreadable: fall back to the default
  }
  return restoreWindowState(parseWindowState(text), displays, primary);
}

/** Writes atomically (temporary file + rename) so a crash never leaves half a JSON file. */
export function saveWindowState(fs: WindowStateFs, file: string, state: WindowState): void {
  const temporary = `${file}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`, 'utf8');
  fs.renameSync(temporary, file);
}
