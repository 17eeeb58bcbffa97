/**
 * The session log: an append-only file of everything that changed the engine's state, with its time.
 * First record: a header; then one record per event. Two encodings with the same records:
 *   jsonl:   one JSON object a line (typed arrays as {"$typed", "b64"}, see codec.ts)
 *   msgpack: concatenated msgpack maps (typed arrays as extension 0x42)
 * Each record is written with one write call, so a killed process leaves at most one incomplete record,
 * at the end, which the reader drops.
 */

export const SESSION_FORMAT = 'beamflow-session';
export const SESSION_VERSION = 1;

export type SessionEncoding = 'jsonl' | 'msgpack';

export interface SessionHeader {
  readonly format: typeof SESSION_FORMAT;
  readonly version: number;
  readonly encoding: SessionEncoding;
  /** ISO time the recording started. */
  readonly created: string;
  /** Epoch milliseconds of t = 0. */
  readonly t0: number;
  readonly meta?: Readonly<Record<string, string | number | boolean>>;
  /** The engine's state when recording started, as a project (format of src/project, data embedded);
   *  absent when it started empty. Replays load it before the first event. */
  readonly initial?: unknown;
}

/** One recorded event; `t` in milliseconds since the header's t0 (non-decreasing). */
export interface SessionRecord<E = unknown> {
  readonly t: number;
  readonly event: E;
}

/** Fsync cadence: after every record, never (the OS decides), or every N records / T ms, whichever first. */
export type FsyncPolicy =
  | { readonly kind: 'always' }
  | { readonly kind: 'never' }
  | { readonly kind: 'every'; readonly records?: number; readonly ms?: number };

export function encodingOfPath(file: string): SessionEncoding {
  return /\.(msgpack|mpk|bflog)$/i.test(file) ? 'msgpack' : 'jsonl';
}

export function isHeader(v: unknown): v is SessionHeader {
  return typeof v === 'object' && v !== null && (v as SessionHeader).format === SESSION_FORMAT && typeof (v as SessionHeader).version === 'number';
}
