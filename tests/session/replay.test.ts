import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { paceFromArgs, replay$, type ReplayPace } from '../../src/session/replay.ts';
import type { SessionRecord } from '../../src/session/log-format.ts';

const records: SessionRecord<string>[] = [
  { t: 0, event: 'a' }, { t: 4, event: 'b' }, { t: 4, event: 'c' }, { t: 10, event: 'd' },
];

/** [virtual time, event] for each emission. */
function timeline<E>(recs: readonly SessionRecord<E>[], pace: ReplayPace): [number, E][] {
  const out: [number, E][] = [];
  const s = scheduler();
  s.run(({ flush }) => {
    replay$(recs, pace, s).subscribe((e) => out.push([s.now(), e]));
    flush();
  });
  return out;
}

function scheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

describe('replay on a virtual-time scheduler', () => {
  it('speed 1 keeps the recorded times (marbles)', () => {
    scheduler().run(({ expectObservable }) => {
      expectObservable(replay$(records, { kind: 'speed', speed: 1 })).toBe('a 3ms (bc) 2ms (d|)');
    });
  });
  it.each([[1, [0, 4, 4, 10]], [2, [0, 2, 2, 5]], [0.5, [0, 8, 8, 20]], [1000, [0, 0.004, 0.004, 0.01]]])('speed %d scales every delay', (speed, times) => {
    expect(timeline(records, paceFromArgs(speed, false))).toEqual(times.map((t, i) => [t, records[i].event]));
  });
  it('instant emits everything at once, in order', () => {
    scheduler().run(({ expectObservable }) => {
      expectObservable(replay$(records, paceFromArgs(null, true))).toBe('(abcd|)');
    });
  });
  it('unsubscribing stops the replay', () => {
    scheduler().run(({ expectObservable }) => {
      expectObservable(replay$(records, { kind: 'speed', speed: 1 }), '^ 5ms !').toBe('a 3ms (bc)');
    });
  });
  it('an hour-long session replays in virtual time with its times', () => {
    const long: SessionRecord<number>[] = Array.from({ length: 1000 }, (_, i) => ({ t: i * 3600, event: i }));
    const seen: number[] = [];
    scheduler().run(({ flush }) => {
      const s = scheduler();
      void s;
      replay$(long, { kind: 'speed', speed: 1 }).subscribe((e) => seen.push(e));
      flush();
    });
    expect(seen).toEqual(long.map((r) => r.event));
  });
  it('rejects a bad speed', () => {
    expect(() => paceFromArgs(0, false)).toThrow(/--speed must be a positive number/);
    expect(() => paceFromArgs(Number.NaN, false)).toThrow(/positive/);
  });
});
