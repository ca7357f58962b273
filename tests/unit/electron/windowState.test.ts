import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SIZE,
  loadWindowState,
  parseWindowState,
  restoreWindowState,
  saveWindowState,
  type DisplayLike,
  type WindowStateFs,
} from '../../../src/main/electron/windowState';

const laptop: DisplayLike = { workArea: { x: 0, y: 0, width: 1920, height: 1040 } };
const rightMonitor: DisplayLike = { workArea: { x: 1920, y: 0, width: 2560, height: 1400 } };

function isInside(bounds: { x: number; y: number; width: number; height: number }, display: DisplayLike): boolean {
  const a = display.workArea;
  return bounds.x >= a.x && bounds.y >= a.y && bounds.x + bounds.width <= a.x + a.width && bounds.y + bounds.height <= a.y + a.height;
}

function memoryFs(initial: Record<string, string> = {}): WindowStateFs & { files: Record<string, string> } {
  const files = { ...initial };
  return {
    files,
    readFileSync(path) {
      if (!(path in files)) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      return files[path]!;
    },
    writeFileSync(path, data) {
      files[path] = data;
    },
    renameSync(from, to) {
      files[to] = files[from]!;
      delete files[from];
    },
  };
}

describe('window state', () => {
  it('opens at the default size, centred on the primary display, the first time', () => {
    const state = restoreWindowState(null, [laptop], laptop);
    expect(state.maximized).toBe(false);
    expect(state.bounds).toEqual({ x: 320, y: 120, width: DEFAULT_SIZE.width, height: DEFAULT_SIZE.height });
  });

  it('restores a window that is still visible where it was', () => {
    const saved = { bounds: { x: 2100, y: 100, width: 1400, height: 900 }, maximized: true };
    expect(restoreWindowState(saved, [laptop, rightMonitor], laptop)).toEqual(saved);
  });

  it('moves a window whose monitor was unplugged back onto the primary display', () => {
    const saved = { bounds: { x: 2100, y: 100, width: 1400, height: 900 }, maximized: false };
    const state = restoreWindowState(saved, [laptop], laptop);
    expect(isInside(state.bounds, laptop)).toBe(true);
    expect(state.bounds.width).toBe(1400);
    expect(state.bounds.height).toBe(900);
  });

  it('moves a window saved far off-screen (negative coordinates) back into view', () => {
    const state = restoreWindowState({ bounds: { x: -5000, y: -3000, width: 1200, height: 800 }, maximized: false }, [laptop], laptop);
    expect(isInside(state.bounds, laptop)).toBe(true);
  });

  it('pulls a window hanging mostly off the edge fully onto its display, shrinking it to fit', () => {
    const state = restoreWindowState({ bounds: { x: 1700, y: 900, width: 3000, height: 2000 }, maximized: false }, [laptop], laptop);
    expect(isInside(state.bounds, laptop)).toBe(true);
    expect(state.bounds).toEqual({ x: 0, y: 0, width: 1920, height: 1040 });
  });

  it('treats a sliver of overlap (title bar unreachable) as off-screen', () => {
    const state = restoreWindowState({ bounds: { x: 1900, y: 1030, width: 1000, height: 700 }, maximized: false }, [laptop], laptop);
    expect(isInside(state.bounds, laptop)).toBe(true);
    expect(state.bounds).toEqual({ x: 460, y: 170, width: 1000, height: 700 });
  });

  it('ignores corrupt or hostile files', () => {
    for (const text of ['', 'not json', 'null', '[]', '{"bounds":{"x":"0","y":0,"width":10,"height":10}}', '{"bounds":{"x":0,"y":0,"width":-1,"height":10}}', '{"bounds":{"x":1e999,"y":0,"width":10,"height":10}}']) {
      expect(parseWindowState(text), text).toBeNull();
    }
    expect(parseWindowState('{"bounds":{"x":1.4,"y":2,"width":1000,"height":700},"maximized":"yes"}')).toEqual({
      bounds: { x: 1, y: 2, width: 1000, height: 700 },
      maximized: false,
    });
  });

  it('saves atomically and loads back what it saved', () => {
    const fs = memoryFs();
    const file = '/home/u/.config/Scrivania/window-state.json';
    const state = { bounds: { x: 100, y: 50, width: 1300, height: 850 }, maximized: true };
    saveWindowState(fs, file, state);
    expect(Object.keys(fs.files)).toEqual([file]);
    expect(loadWindowState(fs, file, [laptop], laptop)).toEqual(state);
  });

  it('falls back to the default when the file is missing', () => {
    const state = loadWindowState(memoryFs(), '/nowhere/window-state.json', [laptop], laptop);
    expect(state.bounds.width).toBe(DEFAULT_SIZE.width);
  });
});
