/**
 * The app server's document messages (app/server/session.ts): the whole document on connect, then only the
 * items that changed, with the order and the selection; batched per tick however many engine events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startAppServer, type AppServer } from '../../app/server/app-server.ts';
import type { ServerMessage } from '../../app/shared/protocol.ts';
import { createEngine, type Engine } from '../../src/graph/index.ts';
import { testPipeline } from './helpers/pipeline.ts';

type Doc = Extract<ServerMessage, { type: 'document' }>;
const xy = (n: number) => ({ x: Float64Array.from({ length: n }, (_, i) => i), y: Float64Array.from({ length: n }, (_, i) => i * i) });

let engine: Engine;
let server: AppServer;
let ws: WebSocket;
const texts: ServerMessage[] = [];

async function until<T>(f: () => T | undefined): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const v = f();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('timed out');
}

beforeAll(async () => {
  engine = createEngine(testPipeline);
  engine.addItem({ id: 'a', name: 'A', entry: 'raw', data: xy(4) });
  engine.addItem({ id: 'b', name: 'B', entry: 'raw', data: xy(4) });
  server = await startAppServer({ engine, title: 't', host: '127.0.0.1', port: 0, token: null, webRoot: '/nonexistent', dataRoots: [], replay: false });
  ws = new WebSocket(server.url.replace('http', 'ws') + 'ws');
  ws.on('message', (d, bin) => { if (!bin) texts.push(JSON.parse(String(d)) as ServerMessage); });
  await new Promise<void>((r, j) => { ws.once('open', () => r()); ws.once('error', j); });
});

afterAll(async () => {
  ws.close();
  await server.close();
  await engine.close();
});

const docs = (): Doc[] => texts.filter((m): m is Doc => m.type === 'document');

describe('document messages', () => {
  it('the whole document first, then only what changed, batched per tick', async () => {
    const first = await until(() => docs()[0]);
    expect(first.full).toBe(true);
    expect(first.items.map((i) => i.id)).toEqual(['a', 'b']);
    const historyBefore = texts.filter((m) => m.type === 'history').length;
    // Three engine events in one tick: one message with the two new items.
    engine.addItem({ id: 'c', name: 'C', entry: 'raw', data: xy(4) });
    engine.addItem({ id: 'd', name: 'D', entry: 'raw', data: xy(4) });
    engine.select(['c']);
    const second = await until(() => docs()[1]);
    expect(second.full).toBe(false);
    expect(second.items.map((i) => i.id)).toEqual(['c', 'd']);
    expect(second.order).toEqual(['a', 'b', 'c', 'd']);
    expect(second.selection).toEqual(['c']);
    await new Promise((r) => setTimeout(r, 100));
    expect(docs()).toHaveLength(2);
    expect(texts.filter((m) => m.type === 'history').length).toBe(historyBefore + 1);
    // A parameter change sends the changed item with its new parameters; a removal only the order.
    engine.setParams(['b'], 'scale', { a: 2 });
    const third = await until(() => docs()[2]);
    expect(third.items.map((i) => i.id)).toEqual(['b']);
    expect(third.items[0].params['scale']?.['a']).toBe(2);
    engine.removeItems(['a']);
    const fourth = await until(() => docs()[3]);
    expect(fourth.items).toEqual([]);
    expect(fourth.order).toEqual(['b', 'c', 'd']);
  });
});

describe('node frames (app/server/node-stream.ts)', () => {
  it('carry the whole order first, then only appended ids while items arrive, the whole order again after a removal', async () => {
    const { NodeDiffer } = await import('../../app/server/node-stream.ts');
    const { decodeNodeFrame, encodeNodeFrame } = await import('../../app/shared/wire.ts');
    const { OrderedMap } = await import('immutable');
    type Out = Parameters<InstanceType<typeof NodeDiffer>['next']>[0];
    const at = (ids: string[]): Out => OrderedMap(ids.map((id) => [id, { status: 'ok', data: { y: new Float64Array([1]) }, version: 1, backend: 'main' }] as const)) as unknown as Out;
    const d = new NodeDiffer('n');
    const roundTrip = (o: Out) => { const f = d.next(o); return f && decodeNodeFrame(encodeNodeFrame(f)); };
    const f1 = roundTrip(at(['a', 'b']))!;
    expect(f1.order).toEqual(['a', 'b']);
    const f2 = roundTrip(at(['a', 'b', 'c']))!;
    expect(f2.order).toBeUndefined();
    expect(f2.appended).toEqual(['c']);
    expect(f2.changes.map((c) => c.id)).toEqual(['c']);
    expect(roundTrip(at(['a', 'b', 'c']))).toBeNull();
    const f3 = roundTrip(at(['a', 'c']))!;
    expect(f3.order).toEqual(['a', 'c']);
    expect(f3.appended).toBeUndefined();
  });
});
