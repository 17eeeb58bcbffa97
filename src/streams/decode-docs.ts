/**
 * Operators that turn a byte/text stream into raw bluesky `[name, doc]` pairs: JSON lines (a document per
 * line, lines may be split across chunks) and msgpack (concatenated values, split anywhere). A bad line
 * or value becomes a `problem` and decoding goes on; bytes left at completion are reported as incomplete.
 */
import { decode } from '@msgpack/msgpack';
import { Observable, type OperatorFunction } from 'rxjs';
import { pairOf, parseJsonLine, type RawDoc } from '../formats/bluesky-read.ts';
import { msgpackValueEnd } from './msgpack-framing.ts';

export type Chunk = string | Uint8Array;

export function jsonLinesDocs(label = 'stream'): OperatorFunction<Chunk, RawDoc> {
  return (source) => new Observable<RawDoc>((sub) => {
    const text = new TextDecoder();
    let rest = '';
    let line = 0;
    const emit = (l: string): void => {
      line++;
      if (l.trim() !== '') sub.next(parseJsonLine(l, `${label} line ${line}`));
    };
    return source.subscribe({
      next: (chunk) => {
        rest += typeof chunk === 'string' ? chunk : text.decode(chunk, { stream: true });
        let nl: number;
        while ((nl = rest.indexOf('\n')) >= 0) {
          const l = rest.slice(0, nl);
          rest = rest.slice(nl + 1);
          emit(l);
        }
      },
      error: (e) => sub.error(e),
      complete: () => {
        if (rest.trim() !== '') emit(rest);
        sub.complete();
      },
    });
  });
}

export function msgpackDocs(label = 'stream'): OperatorFunction<Uint8Array, RawDoc> {
  return (source) => new Observable<RawDoc>((sub) => {
    let buf = new Uint8Array(0);
    let n = 0;
    let broken = false;
    return source.subscribe({
      next: (chunk) => {
        if (broken) return;
        const joined = new Uint8Array(buf.length + chunk.length);
        joined.set(buf);
        joined.set(chunk, buf.length);
        let pos = 0;
        try {
          for (let end = msgpackValueEnd(joined, pos); end > 0; end = msgpackValueEnd(joined, pos)) {
            n++;
            const at = `${label} document ${n}`;
            let value: unknown;
            try {
              value = decode(joined.subarray(pos, end));
            } catch (e) {
              sub.next({ kind: 'problem', at, problem: `bad msgpack value (${(e as Error).message})` });
              pos = end;
              continue;
            }
            pos = end;
            sub.next(pairOf(value, at));
          }
        } catch (e) {
          // A byte that is not msgpack: we cannot find the next value boundary, so stop decoding.
          broken = true;
          sub.next({ kind: 'problem', at: `${label} document ${n + 1}`, problem: `${(e as Error).message}; the rest of the stream is ignored` });
        }
        buf = joined.slice(pos);
      },
      error: (e) => sub.error(e),
      complete: () => {
        if (buf.length > 0 && !broken) sub.next({ kind: 'problem', at: `${label} document ${n + 1}`, problem: `stream ended inside a value (${buf.length} bytes)` });
        sub.complete();
      },
    });
  });
}

/** WebSocket messages: each message holds one whole `[name, doc]` (JSON text or msgpack bytes). */
export function messageDocs(label = 'websocket'): OperatorFunction<Chunk, RawDoc> {
  return (source) => new Observable<RawDoc>((sub) => {
    let n = 0;
    return source.subscribe({
      next: (m) => {
        n++;
        const at = `${label} message ${n}`;
        if (typeof m === 'string') { sub.next(parseJsonLine(m, at)); return; }
        try {
          sub.next(pairOf(decode(m), at));
        } catch (e) {
          sub.next({ kind: 'problem', at, problem: `bad msgpack message (${(e as Error).message})` });
        }
      },
      error: (e) => sub.error(e),
      complete: () => sub.complete(),
    });
  });
}
