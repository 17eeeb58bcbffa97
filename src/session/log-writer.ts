/**
 * Appends session records to a log file, one write call per record, with a configurable fsync cadence.
 * Written data survive a killed process (they are in the OS cache); fsync bounds what a power loss can take.
 */
import { Encoder } from '@msgpack/msgpack';
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { BeamflowError } from '../graph/errors.ts';
import { markNegativeZero, sessionExtensions, toJsonValue } from './codec.ts';
import { encodingOfPath, SESSION_FORMAT, SESSION_VERSION, type FsyncPolicy, type SessionEncoding, type SessionHeader } from './log-format.ts';

export interface SessionWriterOptions {
  readonly encoding?: SessionEncoding;
  readonly fsync?: FsyncPolicy;
  /** Epoch milliseconds now (injectable for tests). */
  readonly clock?: () => number;
  readonly meta?: Readonly<Record<string, string | number | boolean>>;
  /** Written into the header (see SessionHeader.initial). */
  readonly initial?: unknown;
}

export class SessionWriter<E = unknown> {
  readonly header: SessionHeader;
  private fd: number | null;
  private readonly encoder = new Encoder({ extensionCodec: sessionExtensions });
  private readonly policy: FsyncPolicy;
  private readonly clock: () => number;
  private unsynced = 0;
  private lastSync = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastT = 0;
  count = 0;

  constructor(readonly file: string, options: SessionWriterOptions = {}) {
    this.clock = options.clock ?? Date.now;
    // Default: at most one fsync a second (an fsync costs milliseconds; a killed process loses nothing
    // written anyway, only a power cut can take the last second).
    this.policy = options.fsync ?? { kind: 'every', ms: 1000 };
    const now = this.clock();
    this.header = {
      format: SESSION_FORMAT, version: SESSION_VERSION, encoding: options.encoding ?? encodingOfPath(file),
      created: new Date(now).toISOString(), t0: now, ...(options.meta ? { meta: options.meta } : {}),
      ...(options.initial !== undefined ? { initial: options.initial } : {}),
    };
    try {
      this.fd = openSync(file, 'wx');
    } catch (e) {
      throw new BeamflowError({ kind: 'BadFile', file, problem: `cannot create the session log (${(e as Error).message})` });
    }
    this.write(this.header);
    this.sync();
  }

  /** Appends one event; `t` defaults to the clock, relative to the header's t0. */
  append(event: E, t?: number): void {
    const time = Math.max(t ?? this.clock() - this.header.t0, this.lastT);
    this.lastT = time;
    this.write({ t: time, event });
    this.count++;
    this.unsynced++;
    this.maybeSync();
  }

  /** Forces the written records to disk now. */
  sync(): void {
    if (this.fd === null) return;
    fsyncSync(this.fd);
    this.unsynced = 0;
    this.lastSync = this.clock();
    if (this.timer) { clearTimeout(this.timer); this.timer = null; }
  }

  close(): void {
    if (this.fd === null) return;
    this.sync();
    closeSync(this.fd);
    this.fd = null;
  }

  private write(value: unknown): void {
    if (this.fd === null) throw new BeamflowError({ kind: 'BadFile', file: this.file, problem: 'the session log is closed' });
    const bytes = this.header.encoding === 'jsonl'
      ? Buffer.from(`${JSON.stringify(toJsonValue(value))}\n`)
      : this.encoder.encode(markNegativeZero(value));
    let off = 0;
    while (off < bytes.length) off += writeSync(this.fd, bytes, off, bytes.length - off);
  }

  private maybeSync(): void {
    const p = this.policy;
    if (p.kind === 'always') return this.sync();
    if (p.kind === 'never') return;
    if (p.records !== undefined && this.unsynced >= p.records) return this.sync();
    if (p.ms !== undefined) {
      if (this.clock() - this.lastSync >= p.ms) return this.sync();
      // An idle recorder still syncs within `ms` of its last record.
      if (!this.timer) {
        this.timer = setTimeout(() => { this.timer = null; if (this.unsynced > 0) this.sync(); }, p.ms);
        this.timer.unref();
      }
    }
  }
}
