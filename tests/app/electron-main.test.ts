/**
 * The Electron main process with the electron module mocked (its binary is not installed here): it starts
 * the real app server, opens one window on it with a locked-down web page, keeps navigation on the server,
 * sends other links to the system browser, and on closing the last window stops the server and quits.
 */
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';

const state = vi.hoisted(() => ({
  windows: [] as unknown[],
  quit: 0,
  external: [] as string[],
}));

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  class FakeWebContents extends EventEmitter {
    openHandler: ((d: { url: string }) => { action: string }) | null = null;
    setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
      this.openHandler = h;
    }
  }
  class FakeBrowserWindow extends EventEmitter {
    static all: FakeBrowserWindow[] = [];
    readonly webContents = new FakeWebContents();
    url = '';
    constructor(readonly options: Record<string, unknown>) {
      super();
      FakeBrowserWindow.all.push(this);
      state.windows.push(this);
    }
    async loadURL(u: string) {
      this.url = u;
    }
    static getAllWindows() {
      return FakeBrowserWindow.all;
    }
  }
  const app = Object.assign(new EventEmitter(), {
    whenReady: async () => undefined,
    quit: () => {
      state.quit++;
    },
  });
  return { app, BrowserWindow: FakeBrowserWindow, shell: { openExternal: async (u: string) => void state.external.push(u) } };
});

import { electronBinary, isAppUrl, NO_ELECTRON, parseShellArgs, runInElectron, type Shell } from '../../app/electron/main.ts';

interface FakeWindow {
  options: { webPreferences: Record<string, boolean>; width: number };
  url: string;
  webContents: EventEmitter & { openHandler: ((d: { url: string }) => { action: string }) | null };
}

let shell: Shell | null = null;
afterEach(async () => {
  await shell?.quit();
  shell = null;
});

describe('electron main', () => {
  it('starts the server, opens a locked-down window on it, and quits cleanly', async () => {
    shell = await runInElectron(['--demo', '--port', '0']);
    expect(state.windows).toHaveLength(1);
    const w = state.windows[0] as FakeWindow;
    expect(w.url).toBe(shell.running.server.url);
    expect(w.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(w.options.webPreferences).toEqual({ contextIsolation: true, nodeIntegration: false, sandbox: true });
    // The page it opens is really served.
    const res = await fetch(w.url);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>beamflow</title>');
    expect(shell.running.demo).not.toBeNull();

    // Links elsewhere go to the system browser; the window never opens them itself.
    expect(w.webContents.openHandler!({ url: 'https://example.org/paper' })).toEqual({ action: 'deny' });
    expect(state.external).toEqual(['https://example.org/paper']);
    let prevented = false;
    w.webContents.emit('will-navigate', { preventDefault: () => (prevented = true) }, 'https://evil.example/');
    expect(prevented).toBe(true);
    prevented = false;
    w.webContents.emit('will-navigate', { preventDefault: () => (prevented = true) }, `${w.url}?x=1`);
    expect(prevented).toBe(false);

    // Closing the last window stops the server and quits.
    const { app } = await import('electron');
    (app as unknown as EventEmitter).emit('window-all-closed');
    await vi.waitFor(() => expect(state.quit).toBe(1));
    await expect(fetch(w.url)).rejects.toThrow();
    shell = null;
  }, 60_000);

  it('parses its options and recognises its own URLs', () => {
    expect(parseShellArgs(['--demo', '--port', '9000'])).toMatchObject({ demo: true, port: 9000, host: '127.0.0.1' });
    expect(() => parseShellArgs(['--port', 'x'])).toThrow(/--port/);
    expect(isAppUrl('http://127.0.0.1:5/a', 'http://127.0.0.1:5/')).toBe(true);
    expect(isAppUrl('http://127.0.0.1:6/a', 'http://127.0.0.1:5/')).toBe(false);
    expect(isAppUrl('not a url', 'http://127.0.0.1:5/')).toBe(false);
  });

  it('explains itself when the Electron binary is absent', () => {
    // createRequire bypasses the mock: the real package throws without its binary, as on this machine.
    expect(electronBinary()).toBeNull();
    expect(NO_ELECTRON).toMatch(/ELECTRON_SKIP_BINARY_DOWNLOAD/);
  });
});
