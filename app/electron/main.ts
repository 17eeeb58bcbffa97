/**
 * The Electron shell: starts the same app server as `beamflow serve` (with the demo when asked) and opens
 * a BrowserWindow on it. Run inside Electron (`npm run app`, through entry.mjs), it starts the shell; run
 * by plain Node (Electron's binary absent), it launches Electron if installed, or explains what is missing.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { BrowserWindow as BrowserWindowType, BrowserWindowConstructorOptions } from 'electron';
import { startBeamflow, type Running, type StartOptions } from '../server/start.ts';

/** The parts of the electron module the shell uses (so a test can hand in fakes). */
export interface ElectronApi {
  readonly app: {
    whenReady(): Promise<void>;
    on(event: 'window-all-closed' | 'activate' | 'before-quit', listener: () => void): unknown;
    quit(): void;
  };
  readonly BrowserWindow: {
    new (options: BrowserWindowConstructorOptions): Pick<BrowserWindowType, 'loadURL' | 'on' | 'webContents'>;
    getAllWindows(): readonly unknown[];
  };
  readonly shell: { openExternal(url: string): Promise<void> };
}

export interface ShellOptions extends StartOptions {
  readonly width: number;
  readonly height: number;
}

export function parseShellArgs(argv: readonly string[]): ShellOptions {
  const o = { pipeline: 'beamline' as const, port: 0, host: '127.0.0.1', demo: false, width: 1500, height: 950 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--demo') o.demo = true;
    else if (a === '--port') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--port: expected a port number, got '${argv[i]}'`);
      o.port = n;
    }
  }
  return o;
}

export interface Shell {
  readonly running: Running;
  readonly windows: Pick<BrowserWindowType, 'loadURL' | 'on' | 'webContents'>[];
  quit(): Promise<void>;
}

/** Only the server's own pages open in the window; other links go to the system browser. */
export function isAppUrl(url: string, appUrl: string): boolean {
  try {
    return new URL(url).origin === new URL(appUrl).origin;
  } catch {
    return false;
  }
}

export async function startShell(e: ElectronApi, o: ShellOptions, start: (o: StartOptions) => Promise<Running> = startBeamflow): Promise<Shell> {
  await e.app.whenReady();
  const running = await start(o);
  const url = running.server.url;
  const windows: Shell['windows'] = [];
  const open = () => {
    const w = new e.BrowserWindow({
      width: o.width,
      height: o.height,
      title: 'beamflow',
      webPreferences: { contextIsolation: true, nodeIntegration: false, sandbox: true },
    });
    w.webContents.setWindowOpenHandler(({ url: target }) => {
      if (/^https?:/.test(target) && !isAppUrl(target, url)) void e.shell.openExternal(target);
      return { action: 'deny' };
    });
    w.webContents.on('will-navigate', (ev, target) => {
      if (!isAppUrl(target, url)) ev.preventDefault();
    });
    windows.push(w);
    void w.loadURL(url);
    return w;
  };
  open();
  let quitting = false;
  const quit = async () => {
    if (quitting) return;
    quitting = true;
    await running.close();
    e.app.quit();
  };
  e.app.on('window-all-closed', () => void quit());
  e.app.on('activate', () => {
    if (e.BrowserWindow.getAllWindows().length === 0) open();
  });
  return { running, windows, quit };
}

/** Inside Electron: the real module. */
export async function runInElectron(argv: readonly string[]): Promise<Shell> {
  const electron = await import('electron');
  return startShell({ app: electron.app, BrowserWindow: electron.BrowserWindow, shell: electron.shell }, parseShellArgs(argv));
}

export const NO_ELECTRON = `beamflow app: Electron's binary is not installed here (the package was installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1).
Where Electron can be installed: run \`npm install electron\` without ELECTRON_SKIP_BINARY_DOWNLOAD, then \`npm run app\`.
Without Electron: \`node bin/beamflow.js serve --demo\` and open the printed URL in a browser.`;

/** Under plain Node: the path of Electron's binary, or null when it is not installed. */
export function electronBinary(): string | null {
  try {
    const p = createRequire(import.meta.url)('electron') as unknown;
    return typeof p === 'string' ? p : null;
  } catch {
    return null;
  }
}

async function launch(argv: readonly string[]): Promise<number> {
  const bin = electronBinary();
  if (!bin) {
    console.error(NO_ELECTRON);
    return 1;
  }
  const entry = fileURLToPath(new URL('./entry.mjs', import.meta.url));
  const child = spawn(bin, [entry, ...argv], { stdio: 'inherit' });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
}

const isEntry = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (process.versions.electron && process.env.BEAMFLOW_ELECTRON_ENTRY === '1') {
  runInElectron(process.argv.slice(2)).catch((err: unknown) => {
    console.error(`beamflow app: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
} else if (isEntry) {
  process.exitCode = await launch(process.argv.slice(2));
}
