import { request } from 'node:http';
import { mkdtemp, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createEngine, type Engine } from '../../src/graph/index.ts';
import { startAppServer, type AppServer } from '../../app/server/app-server.ts';
import { demoPipeline } from '../../app/server/demo/index.ts';
import { simulateScan } from '../../app/server/demo/simulate.ts';
import type { ServerMessage } from '../../app/shared/protocol.ts';
import { decodeNodeFrame, type NodeFrame } from '../../app/shared/wire.ts';

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

interface Client {
  ws: WebSocket;
  texts: ServerMessage[];
  frames: NodeFrame[];
  waitFor<T>(pred: () => T | undefined, ms?: number): Promise<T>;
}

async function connect(url: string): Promise<Client> {
  const ws = new WebSocket(url);
  const c: Client = {
    ws,
    texts: [],
    frames: [],
    async waitFor(pred, ms = 10_000) {
      const t0 = Date.now();
      for (;;) {
        const v = pred();
        if (v !== undefined && v !== false) return v;
        if (Date.now() - t0 > ms) throw new Error('timed out waiting');
        await new Promise((r) => setTimeout(r, 10));
      }
    },
  };
  ws.on('message', (data, isBinary) => {
    if (isBinary) c.frames.push(decodeNodeFrame(new Uint8Array(data as Buffer)));
    else c.texts.push(JSON.parse(String(data)) as ServerMessage);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return c;
}

let engine: Engine;
let server: AppServer;
let web: string;
let data: string;
let ids: string[];

beforeAll(async () => {
  const base = await mkdtemp(join(tmpdir(), 'beamflow-app-'));
  web = join(base, 'web');
  data = join(base, 'data');
  await mkdir(web);
  await mkdir(data);
  await writeFile(join(web, 'index.html'), '<!doctype html><title>beamflow</title>');
  await writeFile(join(data, 'scan.dat'), '8979 1.0\n');
  await writeFile(join(base, 'secret.txt'), 'secret');
  engine = createEngine(demoPipeline());
  ids = engine.addItems([0, 1, 2].map((i) => ({ name: `scan ${i}`, entry: 'counts', data: simulateScan({ name: 's', edge: 8979, seed: i, points: 200 }) })));
  await engine.settled();
  server = await startAppServer({ engine, title: 't', host: '127.0.0.1', port: 0, token: null, webRoot: web, dataRoots: [data] });
});

afterAll(async () => {
  await server?.close();
  await engine?.close();
});

describe('app server over HTTP', () => {
  it('serves the page and data-root files, nothing outside them', async () => {
    expect((await get(server.port, '/')).status).toBe(200);
    expect((await get(server.port, '/files/0/scan.dat')).body).toBe('8979 1.0\n');
    for (const p of ['/files/0/../secret.txt', '/files/0/%2e%2e/secret.txt', '/../secret.txt', '/%2e%2e/secret.txt', '/files/1/scan.dat']) {
      const r = await get(server.port, p);
      expect(r.status, p).toBeGreaterThanOrEqual(400);
      expect(r.body).not.toContain('secret');
    }
  });
  it('refuses to listen beyond loopback without a token', async () => {
    await expect(startAppServer({ engine, title: 't', host: '0.0.0.0', port: 0, token: null, webRoot: web, dataRoots: [] })).rejects.toThrow(/without an access token/);
  });
  it('with a token, requires it on every request and WebSocket', async () => {
    const s = await startAppServer({ engine, title: 't', host: '127.0.0.1', port: 0, token: 'tok-123', webRoot: web, dataRoots: [data] });
    try {
      expect((await get(s.port, '/')).status).toBe(401);
      expect((await get(s.port, '/files/0/scan.dat')).status).toBe(401);
      const first = await get(s.port, '/?token=tok-123');
      expect(first.status).toBe(200);
      const cookie = String(first.headers['set-cookie']).split(';')[0];
      expect((await get(s.port, '/files/0/scan.dat', { cookie })).status).toBe(200);
      expect((await get(s.port, '/', { authorization: 'Bearer tok-123' })).status).toBe(200);
      expect((await get(s.port, '/', { authorization: 'Bearer nope' })).status).toBe(401);
      await expect(connect(`ws://127.0.0.1:${s.port}/ws`)).rejects.toThrow(/401/);
      const c = await connect(`ws://127.0.0.1:${s.port}/ws?token=tok-123`);
      await c.waitFor(() => c.texts.find((m) => m.type === 'hello'));
      c.ws.close();
    } finally {
      await s.close();
    }
  });
});

describe('app server over the WebSocket', () => {
  it('sends the pipeline, the document, the history and every node as binary frames', async () => {
    const c = await connect(`ws://127.0.0.1:${server.port}/ws`);
    const hello = await c.waitFor(() => c.texts.find((m) => m.type === 'hello'));
    if (hello.type !== 'hello') throw new Error('no hello');
    expect(hello.pipeline.nodes.map((n) => n.id)).toEqual([...engine.pipeline.order]);
    expect(hello.pipeline.transforms.find((t) => t.name === 'normalize')?.params.pre1.kind).toBe('number');
    const doc = await c.waitFor(() => c.texts.find((m) => m.type === 'document'));
    if (doc.type !== 'document') throw new Error('no document');
    expect(doc.items.map((i) => i.name)).toEqual(['scan 0', 'scan 1', 'scan 2']);
    expect(doc.items[0].params.normalize.pre1).toBe(-80);
    expect(doc.items[0].params.integrate).toBeUndefined();
    await c.waitFor(() => c.frames.find((f) => f.node === 'norm' && f.changes.length === 3));
    const norm = c.frames.find((f) => f.node === 'norm')!;
    const first = norm.changes[0];
    expect(first.status).toBe('ok');
    if (first.status === 'ok') expect(first.data.norm).toBeInstanceOf(Float64Array);
    c.ws.close();
  });

  it('applies actions; a parameter change re-sends only the changed items; bad actions get a clear error', async () => {
    const c = await connect(`ws://127.0.0.1:${server.port}/ws`);
    await c.waitFor(() => c.frames.find((f) => f.node === 'norm'));
    c.ws.send(JSON.stringify({ type: 'action', seq: 1, action: { kind: 'select', ids: [ids[1]] } }));
    await c.waitFor(() => c.texts.find((m) => m.type === 'ack' && m.seq === 1));
    await c.waitFor(() => c.texts.find((m) => m.type === 'document' && m.selection.length === 1 && m.selection[0] === ids[1]));
    const before = c.frames.length;
    c.ws.send(JSON.stringify({ type: 'action', seq: 2, action: { kind: 'setParams', ids: [ids[1]], transform: 'normalize', values: { pre2: -30 } } }));
    await c.waitFor(() => c.texts.find((m) => m.type === 'ack' && m.seq === 2));
    const frame = await c.waitFor(() => c.frames.slice(before).find((f) => f.node === 'norm' && f.changes.length > 0));
    expect(frame.changes.map((ch) => ch.id)).toEqual([ids[1]]);
    // µ(E) did not change: no frame with changes for it.
    await new Promise((r) => setTimeout(r, 150));
    expect(c.frames.slice(before).filter((f) => f.node === 'mu' && f.changes.length > 0)).toEqual([]);
    c.ws.send(JSON.stringify({ type: 'action', seq: 3, action: { kind: 'setParams', ids: [ids[1]], transform: 'normalize', values: { pre2: 'abc' } } }));
    const err = await c.waitFor(() => c.texts.find((m) => m.type === 'error' && m.seq === 3));
    if (err.type === 'error') expect(err.message).toMatch(/pre2/);
    c.ws.send('{"type":"nonsense"}');
    await c.waitFor(() => c.texts.find((m) => m.type === 'error' && m.seq === null));
    // Combinations: sum, RMS, PCA (components + reconstructions), with the parents stopped at µ(E).
    c.ws.send(JSON.stringify({ type: 'action', seq: 5, action: { kind: 'addCombination', name: 'S', op: 'sum', parents: ids, node: 'mu' } }));
    c.ws.send(JSON.stringify({ type: 'action', seq: 6, action: { kind: 'addCombination', name: 'R', op: 'rms', parents: ids, node: 'mu' } }));
    c.ws.send(JSON.stringify({ type: 'action', seq: 7, action: { kind: 'addCombination', name: 'P', op: 'pca', parents: ids, node: 'mu', ncomp: 2, stopParentsAt: 'mu' } }));
    await c.waitFor(() => c.texts.find((m) => m.type === 'ack' && m.seq === 7));
    const doc = engine.document;
    const names = [...doc.items.values()].map((it) => it.name);
    expect(names).toEqual(expect.arrayContaining(['S', 'R', 'P PC1', 'P PC2']));
    expect(names.filter((n) => n.startsWith('P ') && n.endsWith('(2 PC)'))).toHaveLength(3);
    expect(ids.every((id) => doc.items.get(id)?.stop === 'mu')).toBe(true);
    c.ws.send(JSON.stringify({ type: 'action', seq: 8, action: { kind: 'addCombination', name: 'bad', op: 'pca', parents: [ids[0]], node: 'mu' } }));
    const pcaErr = await c.waitFor(() => c.texts.find((m) => m.type === 'error' && m.seq === 8));
    if (pcaErr.type === 'error') expect(pcaErr.message).toMatch(/at least 2/);
    for (let k = 0; k < 4; k++) c.ws.send(JSON.stringify({ type: 'action', seq: 10 + k, action: { kind: 'undo' } }));
    await c.waitFor(() => c.texts.find((m) => m.type === 'ack' && m.seq === 13));
    c.ws.send(JSON.stringify({ type: 'action', seq: 4, action: { kind: 'undo' } }));
    await c.waitFor(() => c.texts.find((m) => m.type === 'ack' && m.seq === 4));
    expect(engine.document.items.get(ids[1])?.params.get('normalize')?.get('pre2') ?? -25).toBe(-25);
    c.ws.close();
  });
});
