/**
 * The native menu, in Italian, as data. Built from a few injected values and callbacks so it is
 * unit-tested without Electron; main.ts passes the result to `Menu.buildFromTemplate`.
 * Standard actions use Electron roles (which work in text fields, ag-grid cells and dialogs alike)
 * with Italian labels and explicit accelerators.
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuOptions {
  appName: string;
  /** `app.isPackaged`: developer tools and reload appear only when false. */
  isPackaged: boolean;
  platform: NodeJS.Platform;
  onAbout(): void;
}

const separator: MenuItemConstructorOptions = { type: 'separator' };

export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const isMac = options.platform === 'darwin';
  const about: MenuItemConstructorOptions = {
    label: `Informazioni su ${options.appName}`,
    click: () => options.onAbout(),
  };
  const quit: MenuItemConstructorOptions = { label: 'Esci', role: 'quit', accelerator: 'CmdOrCtrl+Q' };

  const template: MenuItemConstructorOptions[] = [];
  if (isMac) {
    template.push({
      label: options.appName,
      submenu: [
        about,
        separator,
        { label: `Nascondi ${options.appName}`, role: 'hide', accelerator: 'Command+H' },
        { label: 'Nascondi altre', role: 'hideOthers', accelerator: 'Command+Alt+H' },
        { label: 'Mostra tutte', role: 'unhide' },
        separator,
        quit,
      ],
    });
  }
  template.push(
    {
      label: 'File',
      submenu: isMac ? [{ label: 'Chiudi finestra', role: 'close', accelerator: 'CmdOrCtrl+W' }] : [quit],
    },
    {
      label: 'Modifica',
      submenu: [
        { label: 'Annulla', role: 'undo', accelerator: 'CmdOrCtrl+Z' },
        {
          label: 'Ripeti',
          role: 'redo',
          accelerator: options.platform === 'win32' ? 'Ctrl+Y' : 'Shift+CmdOrCtrl+Z',
        },
        separator,
        { label: 'Taglia', role: 'cut', accelerator: 'CmdOrCtrl+X' },
        { label: 'Copia', role: 'copy', accelerator: 'CmdOrCtrl+C' },
        { label: 'Incolla', role: 'paste', accelerator: 'CmdOrCtrl+V' },
        separator,
        { label: 'Seleziona tutto', role: 'selectAll', accelerator: 'CmdOrCtrl+A' },
      ],
    },
    {
      label: 'Visualizza',
      submenu: [
        { label: 'Aumenta zoom', role: 'zoomIn', accelerator: 'CmdOrCtrl+Plus' },
        { label: 'Riduci zoom', role: 'zoomOut', accelerator: 'CmdOrCtrl+-' },
        { label: 'Reimposta zoom', role: 'resetZoom', accelerator: 'CmdOrCtrl+0' },
        separator,
        { label: 'Schermo intero', role: 'togglefullscreen', accelerator: isMac ? 'Ctrl+Command+F' : 'F11' },
        ...(options.isPackaged
          ? []
          : [
              separator,
              { label: 'Ricarica', role: 'reload', accelerator: 'CmdOrCtrl+R' } satisfies MenuItemConstructorOptions,
              {
                label: 'Strumenti per sviluppatori',
                role: 'toggleDevTools',
                accelerator: isMac ? 'Alt+Command+I' : 'Ctrl+Shift+I',
              } satisfies MenuItemConstructorOptions,
            ]),
      ],
    },
    {
      label: 'Finestra',
      role: 'windowMenu',
      submenu: [
        { label: 'Riduci a icona', role: 'minimize', accelerator: 'CmdOrCtrl+M' },
        { label: 'Chiudi', role: 'close', accelerator: 'CmdOrCtrl+W' },
      ],
    },
    {
      label: 'Aiuto',
      role: 'help',
      submenu: [about],
    },
  );
  return template;
}

/** The text of the "Informazioni su Scrivania" dialog. */
export function aboutDetail(version: string, versions: Partial<Record<'electron' | 'chrome' | 'node', string>>): string {
  const lines = [`Versione ${version}`];
  if (versions.electron) lines.push(`Electron ${versions.electron}`);
  if (versions.chrome) lines.push(`Chromium ${versions.chrome}`);
  if (versions.node) lines.push(`Node.js ${versions.node}`);
  lines.push('', 'Back office del Comune: istanze, protocollo, carichi di lavoro, archivio, certificati.');
  return lines.join('\n');
}
