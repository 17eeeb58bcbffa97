/**
 * Live transports: a TCP stream (bytes) and a WebSocket (messages). Each subscription opens its own
 * connection and closes it on unsubscribe; a dropped connection completes (server closed) or errors
 * (network error). Decoding into documents is separate (decode-docs.ts), so it is testable without sockets.
 */
import { connect } from 'node:net';
import { Observable } from 'rxjs';
import WebSocket from 'ws';
import type { RawDoc } from '../formats/bluesky-read.ts';
import { jsonLinesDocs, messageDocs, msgpackDocs, type Chunk } from './decode-docs.ts';

export function tcpChunks$(host: string, port: number): Observable<Uint8Array> {
  return new Observable<Uint8Array>((sub) => {
    const socket = connect({ host, port });
    socket.on('data', (b: Buffer) => sub.next(new Uint8Array(b.buffer, b.byteOffset, b.byteLength)));
    socket.on('end', () => sub.complete());
    socket.on('error', (e) => sub.error(new Error(`tcp ${host}:${port}: ${e.message}`)));
    return () => socket.destroy();
  });
}

export function websocketMessages$(url: string): Observable<Chunk> {
  return new Observable<Chunk>((sub) => {
    const ws = new WebSocket(url);
    ws.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      sub.next(isBinary ? new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength) : buf.toString('utf8'));
    });
    ws.on('close', () => sub.complete());
    ws.on('error', (e) => sub.error(new Error(`websocket ${url}: ${e.message}`)));
    return () => ws.close();
  });
}

export type StreamEncoding = 'jsonl' | 'msgpack';

/** Bluesky documents over TCP: JSON lines or concatenated msgpack. */
export function tcpDocs$(host: string, port: number, encoding: StreamEncoding = 'jsonl'): Observable<RawDoc> {
  const label = `tcp ${host}:${port}`;
  const bytes$ = tcpChunks$(host, port);
  return encoding === 'jsonl' ? bytes$.pipe(jsonLinesDocs(label)) : bytes$.pipe(msgpackDocs(label));
}

/** Bluesky documents over a WebSocket: one `[name, doc]` per message, JSON text or msgpack binary. */
export function websocketDocs$(url: string): Observable<RawDoc> {
  return websocketMessages$(url).pipe(messageDocs(`websocket ${url}`));
}
