import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { decodeMsgpackDocs } from '../../src/formats/bluesky-read.ts';
import { BlueskyIngest } from '../../src/streams/run-items.ts';
import { tcpDocs$, websocketDocs$ } from '../../src/streams/sockets.ts';
import { encode } from '@msgpack/msgpack';
import { APS_SCAN, SIM_IMG } from './fixtures.ts';

/** A TCP server that sends `bytes` in chunks with small pauses, then closes. */
async function serve(bytes: Uint8Array, chunk: number): Promise<{ port: number; close: () => void }> {
  const server = createServer(async (sock) => {
    for (let pos = 0; pos < bytes.length; pos += chunk) {
      sock.write(bytes.subarray(pos, pos + chunk));
      await new Promise((r) => setImmediate(r));
    }
    sock.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, close: () => server.close() };
}

describe('live sources over sockets', () => {
  it('TCP msgpack: the real APS scan streamed in 1000-byte chunks becomes one growing item', async () => {
    const srv = await serve(readFileSync(APS_SCAN), 1000);
    const ingest = new BlueskyIngest({ entry: 'raw' });
    const events = await lastValueFrom(tcpDocs$('127.0.0.1', srv.port, 'msgpack').pipe(ingest.operator(), toArray()));
    srv.close();
    expect(events[0]).toMatchObject({ type: 'addItems', items: [{ id: 'bs-624e776a', entry: 'raw' }] });
    expect(events.slice(1).every((e) => e.type === 'appendData')).toBe(true);
    // documents that arrive in one chunk are appended as one block
    const rows = events.slice(1).reduce((n, e) => n + (e.type === 'appendData' ? (e.data['Ion Ch 5'] as Float64Array).length : 0), 0);
    expect(rows).toBe(182);
    expect(events.length).toBeLessThan(183);
    expect(ingest.stats()).toEqual({ documents: { start: 1, descriptor: 2, event_page: 185, stop: 1 }, events: 185, items: 1, problems: 0 });
  });
  it('TCP JSON lines: the simulated run', async () => {
    const srv = await serve(readFileSync(SIM_IMG), 50);
    const docs = await lastValueFrom(tcpDocs$('127.0.0.1', srv.port, 'jsonl').pipe(toArray()));
    srv.close();
    expect(docs.map((d) => (d.kind === 'doc' ? d.name : d.problem))).toEqual(['start', 'descriptor', 'resource', 'datum_page', 'event_page', 'event_page', 'event_page', 'stop']);
  });
  it('WebSocket: one document per message (msgpack binary)', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((r) => wss.on('listening', r));
    const docs = decodeMsgpackDocs(readFileSync(APS_SCAN)).slice(0, 20);
    wss.on('connection', (ws) => {
      for (const d of docs) if (d.kind === 'doc') ws.send(encode([d.name, d.doc]));
      ws.close();
    });
    const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
    const got = await lastValueFrom(websocketDocs$(url).pipe(toArray()));
    wss.close();
    expect(got.map((d) => (d.kind === 'doc' ? d.doc : null))).toEqual(docs.map((d) => (d.kind === 'doc' ? d.doc : null)));
  });
  it('a refused connection is an error naming the address', async () => {
    const srv = await serve(new Uint8Array(0), 1);
    srv.close();
    await new Promise((r) => setTimeout(r, 20));
    await expect(lastValueFrom(tcpDocs$('127.0.0.1', srv.port))).rejects.toThrow(new RegExp(`tcp 127.0.0.1:${srv.port}: .*ECONNREFUSED`));
  });
});
