/**
 * The one main window: locked-down webPreferences, geometry restored from (and saved to)
 * userData/window-state.json, shown when ready.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BrowserWindow, screen } from 'electron';
import type { Logger } from '../logger';
import { loadWindowState, MIN_SIZE, saveWindowState, WINDOW_STATE_FILE } from './windowState';

export interface MainWindowOptions {
  userData: string;
  preloadPath: string;
  /** `app://scrivania/index.html`, or the Vite dev server URL under `electron-forge start`. */
  startUrl: string;
  title: string;
  icon?: string | undefined;
  log: Logger;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const stateFile = path.join(options.userData, WINDOW_STATE_FILE);
  const state = loadWindowState(fs, stateFile, screen.getAllDisplays(), screen.getPrimaryDisplay());

  const window = new BrowserWindow({
    ...state.bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: options.title,
    ...(options.icon ? { icon: options.icon } : {}),
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  window.once('ready-to-show', () => {
    if (state.maximized) window.maximize();
    window.show();
  });

  // Save on close (normal bounds, so a maximized window restores to its previous size).
  window.on('close', () => {
    try {
      fs.mkdirSync(options.userData, { recursive: true });
      saveWindowState(fs, stateFile, { bounds: window.getNormalBounds(), maximized: window.isMaximized() });
    } catch (error) {
      options.log.warn('Could not save the window state', error);
    }
  });

  void window.loadURL(options.startUrl).catch((error: unknown) => {
    options.log.error('Could not load the renderer', error);
  });
  return window;
}
