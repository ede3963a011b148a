import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, session, shell } from 'electron';
import { version } from '../../package.json';
import { createAppCore, type AppCore } from '../api/app';
// The opt-in /metrics of Settings: web's one HTTP listener, handed to the core.
import { metricsTransport } from '../web/metrics-transport';
import { electronPdfPrinter } from './pdf-printer';
import { SafeStorageSecretStore } from './safe-storage-secrets';
import { forwardEvents, registerIpc } from './ipc';
import { notifyRaisedAlerts } from './alert-notifications';
import { trustedUrlCheck } from './trusted-url';
import { loadWindowBounds, MIN_WINDOW, rememberWindowBounds } from './window-state';

const here = fileURLToPath(new URL('.', import.meta.url));
const rendererIndex = join(here, '../renderer/index.html');
const devUrl = process.env.ELECTRON_RENDERER_URL;

/** Only our own renderer: the dev server in development, the built index.html otherwise. */
const isTrustedUrl = trustedUrlCheck(devUrl, rendererIndex);

// One window, one core: a second launch focuses the first instead of polling hosts twice.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let core: AppCore | null = null;
  let win: BrowserWindow | null = null;

  const createWindow = (): void => {
    const bounds = loadWindowBounds(app.getPath('userData'));
    win = new BrowserWindow({
      ...bounds,
      minWidth: MIN_WINDOW.width,
      minHeight: MIN_WINDOW.height,
      title: 'vSlicer Console',
      show: false,
      webPreferences: {
        preload: join(here, '../preload/index.cjs'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        spellcheck: false,
      },
    });
    rememberWindowBounds(win, app.getPath('userData'));
    const contents = win.webContents;
    contents.setWindowOpenHandler(({ url }) => {
      // Links to documentation open in the system browser; the app itself never opens windows.
      if (url.startsWith('https://')) void shell.openExternal(url);
      return { action: 'deny' };
    });
    contents.on('will-navigate', (event, url) => {
      if (!isTrustedUrl(url)) event.preventDefault();
    });
    if (core) forwardEvents(core, contents);
    win.once('ready-to-show', () => win?.show());
    win.on('closed', () => (win = null));
    if (devUrl) void win.loadURL(devUrl);
    else void win.loadFile(rendererIndex);
  };

  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  void app.whenReady().then(async () => {
    // No page of ours needs the camera, notifications or anything else a permission guards:
    // every request is refused, and so is every check (asked synchronously, without a request).
    // Alert notifications come from the main process (alert-notifications.ts), not the page.
    session.defaultSession.setPermissionRequestHandler((_wc, _perm, done) => done(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
    const dataDir = process.env.VSLICER_DATA_DIR ?? app.getPath('userData');
    core = await createAppCore({
      mode: 'electron',
      version,
      dataDir,
      secrets: await SafeStorageSecretStore.open(dataDir),
      pdfPrinter: electronPdfPrinter,
      metricsTransport,
    });
    registerIpc(core, isTrustedUrl);
    notifyRaisedAlerts(core, () => {
      if (!win) return createWindow();
      if (win.isMinimized()) win.restore();
      win.focus();
    });
    core.start();
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', () => core?.stop());
}
