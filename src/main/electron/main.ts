/**
 * Entry of the Electron main process (bundled by Forge's Vite plugin to .vite/build/main.cjs).
 * Thin by design: everything testable without the Electron binary lives in the pure modules beside
 * it (trustedSender, contentSecurityPolicy, appProtocol, windowState, menuTemplate, ipcBridge,
 * startupError, squirrelStartup); the product itself runs in `runtime.ts`, shared with browser mode.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session } from 'electron';
import { consoleLogger } from '../logger';
import { startRuntime, type Runtime } from '../runtime';
import { APP_SCHEME_PRIVILEGES } from './appProtocol';
import { registerAppProtocol } from './appProtocolHandler';
import { CALL_CHANNEL, createCallHandler, createEventForwarder, SessionSlots } from './ipcBridge';
import { createMainWindow } from './mainWindow';
import { aboutDetail, buildMenuTemplate } from './menuTemplate';
import { hardenSession, guardWebContents } from './security';
import { squirrelAction } from './squirrelStartup';
import { startupErrorText } from './startupError';
import { APP_ORIGIN, type TrustPolicy } from './trustedSender';

// Injected by Forge's Vite plugin (`define`): the dev server URL under `electron-forge start`
// (undefined when packaged) and the renderer's name in forge.config.ts. Read through `typeof` so a
// build without the defines (e.g. a plain `vite build`) falls back instead of throwing.
declare const MAIN_WINDOW_VITE_DEV_SERVER_URL: string | undefined;
declare const MAIN_WINDOW_VITE_NAME: string | undefined;

const APP_NAME = 'Scrivania';
const STOP_TIMEOUT_MS = 15_000;

const log = consoleLogger('scrivania:electron');
const devServerUrl =
  typeof MAIN_WINDOW_VITE_DEV_SERVER_URL === 'string' && MAIN_WINDOW_VITE_DEV_SERVER_URL !== '' && !app.isPackaged
    ? MAIN_WINDOW_VITE_DEV_SERVER_URL
    : undefined;
const rendererName = typeof MAIN_WINDOW_VITE_NAME === 'string' ? MAIN_WINDOW_VITE_NAME : 'main_window';
const policy: TrustPolicy = { devServerUrl };

let mainWindow: BrowserWindow | null = null;
let runtime: Runtime | null = null;
let runtimeStart: Promise<Runtime> | null = null;
let unsubscribeEvents: (() => void) | null = null;
let stopping: Promise<void> | null = null;
let stopped = false;

function handleSquirrelEvents(): boolean {
  const action = squirrelAction(process.platform, process.argv, process.execPath);
  if (action.kind === 'none') return false;
  if (action.kind === 'run-then-quit') {
    try {
      spawn(action.updateExe, action.args, { detached: true, stdio: 'ignore' }).on('error', () => {});
    } catch {
      // Update.exe missing: nothing to do but quit
    }
    setTimeout(() => app.quit(), 1000);
  } else {
    app.quit();
  }
  return true;
}

function showMainWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) {
    openMainWindow();
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function openMainWindow(): void {
  mainWindow = createMainWindow({
    userData: app.getPath('userData'),
    preloadPath: path.join(__dirname, 'preload.cjs'),
    startUrl: devServerUrl ?? `${APP_ORIGIN}/index.html`,
    title: APP_NAME,
    log,
  });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

function showAbout(): void {
  const options = {
    type: 'info' as const,
    title: `Informazioni su ${APP_NAME}`,
    message: APP_NAME,
    detail: aboutDetail(app.getVersion(), process.versions),
    buttons: ['OK'],
    noLink: true,
  };
  if (mainWindow && !mainWindow.isDestroyed()) void dialog.showMessageBox(mainWindow, options);
  else void dialog.showMessageBox(options);
}

function failStartup(error: unknown): void {
  log.error('Startup failed', error);
  const text = startupErrorText(error);
  dialog.showErrorBox(text.title, text.message);
  stopped = true; // nothing to stop: skip the before-quit shutdown
  app.exit(1);
}

/** Stops the database (waiting for a start still under way), but never holds the quit forever. */
async function stopRuntime(): Promise<void> {
  unsubscribeEvents?.();
  unsubscribeEvents = null;
  const stop = (async () => {
    const started = runtime ?? (runtimeStart ? await runtimeStart.catch(() => null) : null);
    if (started) await started.stop();
  })();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      log.warn(`Runtime did not stop within ${STOP_TIMEOUT_MS} ms; quitting anyway`);
      resolve();
    }, STOP_TIMEOUT_MS);
  });
  await Promise.race([stop, timeout]).catch((error: unknown) => log.error('Error while stopping the runtime', error));
  clearTimeout(timer);
}

async function onReady(): Promise<void> {
  hardenSession(session.defaultSession, policy, log);
  registerAppProtocol(path.join(__dirname, '..', 'renderer', rendererName), log);

  // Start the database in the background; calls made meanwhile wait for it.
  runtimeStart = startRuntime({
    dataRoot: app.getPath('userData'),
    version: app.getVersion(),
    env: process.env,
    log: consoleLogger(),
  });

  const slots = new SessionSlots(async (slot) => {
    // The window is gone: end its session so that user's database connections are closed.
    if (runtime && !stopping) await runtime.call('session/signOut', {}, slot);
  });
  ipcMain.handle(
    CALL_CHANNEL,
    createCallHandler({
      runtime: () => runtimeStart ?? Promise.reject(new Error('Runtime not started')),
      windowMainFrame: (sender) =>
        mainWindow && !mainWindow.isDestroyed() && !mainWindow.webContents.isDestroyed() && sender === mainWindow.webContents
          ? mainWindow.webContents.mainFrame
          : null,
      policy,
      slots,
      log,
    }),
  );

  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate({ appName: APP_NAME, isPackaged: app.isPackaged, platform: process.platform, onAbout: showAbout }),
    ),
  );

  openMainWindow();

  try {
    runtime = await runtimeStart;
  } catch (error) {
    if (!stopping) failStartup(error); // (quitting while the database was starting is not a failure)
    return;
  }
  log.info('Runtime started', { version: runtime.version, database: runtime.database });
  const forward = createEventForwarder(
    () =>
      BrowserWindow.getAllWindows().map((window) => ({
        isDestroyed: () => window.isDestroyed() || window.webContents.isDestroyed(),
        currentUrl: () => window.webContents.mainFrame.url,
        send: (channel, message) => window.webContents.send(channel, message),
      })),
    policy,
    log,
  );
  unsubscribeEvents = runtime.events.subscribe(forward);
}

function main(): void {
  if (handleSquirrelEvents()) return;

  // Must happen before `ready`.
  app.enableSandbox();
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', () => showMainWindow());

  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, policy, log));

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (app.isReady() && BrowserWindow.getAllWindows().length === 0) openMainWindow();
  });

  app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    if (stopping) return; // already shutting down (e.g. Esci pressed twice)
    // Unregister first so a late call cannot reach a stopping runtime.
    ipcMain.removeHandler(CALL_CHANNEL);
    stopping = stopRuntime().finally(() => {
      stopped = true;
      app.quit();
    });
  });

  app
    .whenReady()
    .then(onReady)
    .catch((error: unknown) => failStartup(error));
}

main();
