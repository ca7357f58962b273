import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { aboutDetail, buildMenuTemplate } from '../../../src/main/electron/menuTemplate';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

function find(items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions | undefined {
  return flatten(items).find((item) => item.label === label);
}

const base = { appName: 'Scrivania', isPackaged: true, platform: 'win32' as const, onAbout: () => {} };

describe('native menu', () => {
  it('has the Italian top-level menus', () => {
    expect(buildMenuTemplate(base).map((m) => m.label)).toEqual(['File', 'Modifica', 'Visualizza', 'Finestra', 'Aiuto']);
  });

  it.each([
    ['Esci', 'quit', 'CmdOrCtrl+Q'],
    ['Annulla', 'undo', 'CmdOrCtrl+Z'],
    ['Ripeti', 'redo', 'Ctrl+Y'],
    ['Taglia', 'cut', 'CmdOrCtrl+X'],
    ['Copia', 'copy', 'CmdOrCtrl+C'],
    ['Incolla', 'paste', 'CmdOrCtrl+V'],
    ['Seleziona tutto', 'selectAll', 'CmdOrCtrl+A'],
    ['Aumenta zoom', 'zoomIn', 'CmdOrCtrl+Plus'],
    ['Riduci zoom', 'zoomOut', 'CmdOrCtrl+-'],
    ['Reimposta zoom', 'resetZoom', 'CmdOrCtrl+0'],
    ['Schermo intero', 'togglefullscreen', 'F11'],
    ['Riduci a icona', 'minimize', 'CmdOrCtrl+M'],
    ['Chiudi', 'close', 'CmdOrCtrl+W'],
  ])('%s → role %s, %s', (label, role, accelerator) => {
    const item = find(buildMenuTemplate(base), label);
    expect(item).toBeDefined();
    expect(item?.role).toBe(role);
    expect(item?.accelerator).toBe(accelerator);
  });

  it('uses the Linux/macOS redo shortcut outside Windows', () => {
    expect(find(buildMenuTemplate({ ...base, platform: 'linux' }), 'Ripeti')?.accelerator).toBe('Shift+CmdOrCtrl+Z');
  });

  it('shows developer tools only in a development build', () => {
    expect(find(buildMenuTemplate(base), 'Strumenti per sviluppatori')).toBeUndefined();
    expect(flatten(buildMenuTemplate(base)).some((i) => i.role === 'toggleDevTools' || i.role === 'reload')).toBe(false);
    const dev = find(buildMenuTemplate({ ...base, isPackaged: false }), 'Strumenti per sviluppatori');
    expect(dev?.role).toBe('toggleDevTools');
  });

  it('opens the about dialog from Aiuto', () => {
    const onAbout = vi.fn();
    const template = buildMenuTemplate({ ...base, onAbout });
    const aiuto = template.find((m) => m.label === 'Aiuto');
    const about = (aiuto?.submenu as MenuItemConstructorOptions[]).find((i) => i.label === 'Informazioni su Scrivania');
    expect(about).toBeDefined();
    (about!.click as () => void)();
    expect(onAbout).toHaveBeenCalledOnce();
  });

  it('has no English labels left', () => {
    const english = /^(File|Edit|View|Window|Help|Quit|Exit|Undo|Redo|Cut|Copy|Paste|Select All|Zoom In|Zoom Out|Close|Minimize|About)/;
    const labels = flatten(buildMenuTemplate({ ...base, isPackaged: false })).flatMap((i) => (i.label ? [i.label] : []));
    expect(labels.filter((l) => l !== 'File' && english.test(l))).toEqual([]);
    expect(flatten(buildMenuTemplate(base)).every((i) => i.type === 'separator' || typeof i.label === 'string')).toBe(true);
  });

  it('puts Esci in the application menu on macOS', () => {
    const template = buildMenuTemplate({ ...base, platform: 'darwin' });
    expect(template[0]?.label).toBe('Scrivania');
    expect((template[0]?.submenu as MenuItemConstructorOptions[]).some((i) => i.label === 'Esci' && i.accelerator === 'CmdOrCtrl+Q')).toBe(true);
  });

  it('shows the version in the about text', () => {
    const text = aboutDetail('1.2.3', { electron: '45.4.1', chrome: '140.0', node: '22.20.0' });
    expect(text).toContain('Versione 1.2.3');
    expect(text).toContain('Electron 45.4.1');
  });
});
