/**
 * Replays recorded events on an RxJS scheduler: at the recorded pace (speed 1), faster or slower
 * (speed N divides every delay), or instantly (no delays, order kept). Each event is due at
 * start + t / speed, measured on the scheduler's own clock, so delays do not accumulate drift and a
 * virtual-time scheduler replays hours in no time, with the same order and the same times.
 */
import { asyncScheduler, Observable, type SchedulerAction, type SchedulerLike } from 'rxjs';
import type { SessionRecord } from './log-format.ts';

export type ReplayPace = { readonly kind: 'instant' } | { readonly kind: 'speed'; readonly speed: number };

export function paceFromArgs(speed: number | null, instant: boolean): ReplayPace {
  if (instant) return { kind: 'instant' };
  const s = speed ?? 1;
  if (!(s > 0) || !Number.isFinite(s)) throw new Error(`--speed must be a positive number, got ${speed}`);
  return { kind: 'speed', speed: s };
}

interface Cursor {
  readonly index: number;
}

/** Emits each record's event when it is due, then completes. */
export function replay$<E>(records: readonly SessionRecord<E>[], pace: ReplayPace, scheduler: SchedulerLike = asyncScheduler): Observable<E> {
  return new Observable<E>((subscriber) => {
    const start = scheduler.now();
    const dueAt = (i: number): number => (pace.kind === 'instant' ? start : start + records[i].t / pace.speed);
    const work = function (this: SchedulerAction<Cursor>, state?: Cursor): void {
      let i = state!.index;
      // Emit everything already due in one action (many events share a millisecond).
      while (i < records.length && dueAt(i) <= scheduler.now()) {
        subscriber.next(records[i].event);
        i++;
        if (subscriber.closed) return;
      }
      if (i >= records.length) {
        subscriber.complete();
        return;
      }
      this.schedule({ index: i }, Math.max(0, dueAt(i) - scheduler.now()));
    };
    if (records.length === 0) {
      subscriber.complete();
      return undefined;
    }
    return scheduler.schedule(work, Math.max(0, dueAt(0) - start), { index: 0 });
  });
}

/** Times of a replay, for summaries: the recorded span and what it takes at this pace. */
export function replaySpan(records: readonly SessionRecord[], pace: ReplayPace): { readonly recordedMs: number; readonly replayMs: number } {
  const recordedMs = records.length > 0 ? records[records.length - 1].t : 0;
  return { recordedMs, replayMs: pace.kind === 'instant' ? 0 : recordedMs / pace.speed };
}
