/**
 * The app server: HTTP for the page (built bundle) and configured data roots, a WebSocket (/ws) per page
 * on the engine. Bound to 127.0.0.1 unless a host is given; bound beyond loopback, a token is required on
 * every request and WebSocket.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { Observable } from 'rxjs';
import type { Engine } from '../../src/graph/engine.ts';
import { authorized, isLoopback, tokenCookie } from './auth.ts';
import type { DemoState } from './demo/index.ts';
import { ReplayControl } from './replay-control.ts';
import { Session } from './session.ts';
import { sendFile } from './static-files.ts';

export interface AppServerOptions {
  readonly engine: Engine;
  readonly title: string;
  readonly host: string;
  readonly port: number;
  /** Required when host is not loopback (startAppServer refuses otherwise). */
  readonly token: string | null;
  /** The built page (app/web/dist). */
  readonly webRoot: string;
  /** Folders whose files are served under /files/<index>/. */
  readonly dataRoots: readonly string[];
  readonly live$?: Observable<DemoState>;
  /** Offer replay from the page of the files in `dataRoots` and of uploads (default true). */
  readonly replay?: boolean;
  /** The engine's pipeline by name, for replay summaries ('demo', 'beamline', 'xas'...). */
  readonly pipelineName?: string;
}

export interface AppServer {
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  /** The replay control (null when replay is off). */
  readonly replay: ReplayControl | null;
  close(): Promise<void>;
}

export async function route(o: AppServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (!authorized(o.token, url, req.headers)) {
    res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('401: this beamflow server needs its access token (open the URL printed at start, with ?token=...)\n');
    return;
  }
  if (o.token !== null && url.searchParams.get('token')) res.setHeader('set-cookie', tokenCookie(o.token));
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('405: read-only\n');
    return;
  }
  const path = url.pathname;
  if (path === '/healthz') {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('ok\n');
    return;
  }
  const files = /^\/files\/(\d+)(\/.*)$/.exec(path);
  if (files) {
    const root = o.dataRoots[Number(files[1])];
    if (root === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('404: no such data root\n');
      return;
    }
    return sendFile(res, root, files[2]);
  }
  return sendFile(res, o.webRoot, path === '/' ? '/index.html' : path);
}

export async function startAppServer(o: AppServerOptions): Promise<AppServer> {
  if (!isLoopback(o.host) && o.token === null) throw new Error(`refusing to listen on ${o.host} without an access token`);
  const server = createServer((req, res) => {
    route(o, req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`500: ${err instanceof Error ? err.message : String(err)}\n`);
    });
  });
  // Uploads for replay arrive as one binary message: allow recorded sessions of some size.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 2 ** 20 });
  const replay = o.replay === false ? null : new ReplayControl(o.engine, o.dataRoots, o.pipelineName);
  const sessions = new Set<Session>();
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/ws' || !authorized(o.token, url, req.headers)) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const s = new Session(ws, { engine: o.engine, title: o.title, ...(o.live$ ? { live$: o.live$ } : {}), ...(replay ? { replay } : {}) });
      sessions.add(s);
      ws.on('close', () => sessions.delete(s));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shown = o.host === '0.0.0.0' || o.host === '::' ? '127.0.0.1' : o.host;
  const url = `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}/${o.token ? `?token=${o.token}` : ''}`;
  return {
    url,
    port,
    server,
    replay,
    async close() {
      for (const s of sessions) s.close();
      replay?.close();
      for (const c of wss.clients) c.terminate();
      wss.close();
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
    },
  };
}
