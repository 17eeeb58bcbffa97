/**
 * A slice source: a stack of frames (or spectra) read one slice along the first axis at a time, so a data
 * set larger than memory streams through with bounded memory. `slices$` emits lazily, reading the next
 * slice only after the subscriber has taken the previous one; `mapSlices` runs an async step (a distributed
 * job, a disk write) on at most `concurrency` slices at once and emits the results in order.
 */
import { Observable } from 'rxjs';
import type { ArrayValue } from '../../graph/types.ts';

export interface SliceSource<T extends ArrayValue = ArrayValue> {
  /** What it reads, for messages: 'file.h5#/entry/data'. */
  readonly name: string;
  /** Full shape; slices are along axis 0. */
  readonly shape: readonly number[];
  readonly length: number;
  /** Reads slice i (a fresh value the caller owns). */
  read(index: number): Promise<T>;
  close(): void;
}

export interface Slice<T extends ArrayValue = ArrayValue> {
  readonly index: number;
  readonly value: T;
}

export interface SliceRange {
  readonly start?: number;
  readonly end?: number;
  /** Close the source when the stream ends or is unsubscribed (default true). */
  readonly closeWhenDone?: boolean;
}

function bounds(src: SliceSource, r: SliceRange): [number, number] {
  const start = r.start ?? 0;
  const end = Math.min(r.end ?? src.length, src.length);
  if (!Number.isInteger(start) || start < 0 || start > end) throw new RangeError(`${src.name}: bad slice range ${start}..${end} of ${src.length}`);
  return [start, end];
}

/** Emits slices start..end-1 in order; one read at a time, paced by the subscriber. */
export function slices$<T extends ArrayValue>(src: SliceSource<T>, range: SliceRange = {}): Observable<Slice<T>> {
  return mapSlices(src, async (s) => s, { ...range, concurrency: 1 });
}

export interface MapOptions extends SliceRange {
  /** Slices being processed at once (each is in memory until its step resolves). */
  readonly concurrency?: number;
}

/** Applies `step` to each slice with at most `concurrency` slices alive; results come out in slice order. */
export function mapSlices<T extends ArrayValue, R>(src: SliceSource<T>, step: (s: Slice<T>) => Promise<R>, opts: MapOptions = {}): Observable<R> {
  return new Observable<R>((sub) => {
    const [start, end] = bounds(src, opts);
    const limit = Math.max(1, opts.concurrency ?? 1);
    const done = new Map<number, R>();
    let next = start; // next slice to read
    let emit = start; // next result to emit
    let running = 0;
    let stopped = false;
    const finish = (): void => {
      if (opts.closeWhenDone ?? true) src.close();
    };
    const launch = (): void => {
      while (!stopped && running < limit && next < end && done.size < limit) {
        const index = next++;
        running++;
        src
          .read(index)
          .then((value) => step({ index, value }))
          .then(
            (r) => {
              running--;
              if (stopped) return;
              done.set(index, r);
              while (done.has(emit)) {
                const v = done.get(emit) as R;
                done.delete(emit++);
                sub.next(v);
              }
              if (emit >= end) {
                stopped = true;
                finish();
                sub.complete();
              } else launch();
            },
            (e: unknown) => {
              running--;
              if (stopped) return;
              stopped = true;
              finish();
              sub.error(e);
            },
          );
      }
    };
    if (start === end) {
      finish();
      sub.complete();
    } else launch();
    return () => {
      if (!stopped) {
        stopped = true;
        finish();
      }
    };
  });
}
