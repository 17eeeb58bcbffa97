import { describe, expect, it } from 'vitest';
import { PausableScheduler } from '../../src/session/pausable-scheduler.ts';
import { replay$ } from '../../src/session/replay.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('PausableScheduler', () => {
  it('a replay on it stops while paused and goes on at its pace after resume', async () => {
    const s = new PausableScheduler();
    const records = [0, 30, 60, 200, 230].map((t, i) => ({ t, event: i }));
    const got: { e: number; at: number }[] = [];
    let done = false;
    replay$(records, { kind: 'speed', speed: 1 }, s).subscribe({ next: (e) => got.push({ e, at: s.now() }), complete: () => (done = true) });
    await sleep(100);
    expect(got.map((g) => g.e)).toEqual([0, 1, 2]);
    s.pause();
    const clock = s.now();
    await sleep(250);
    expect(s.now()).toBe(clock);
    expect(got.map((g) => g.e)).toEqual([0, 1, 2]);
    s.resume();
    await sleep(250);
    expect(done).toBe(true);
    expect(got.map((g) => g.e)).toEqual([0, 1, 2, 3, 4]);
    // Due times are kept on the play clock: event 3 came at play time ≈ 200 ms, not 200 + the pause.
    expect(got[3].at - got[0].at).toBeGreaterThanOrEqual(195);
    expect(got[3].at - got[0].at).toBeLessThan(260);
  });

  it('unsubscribing cancels what is scheduled', async () => {
    const s = new PausableScheduler();
    let ran = 0;
    const sub = s.schedule(() => { ran++; }, 20);
    sub.unsubscribe();
    await sleep(50);
    expect(ran).toBe(0);
  });
});
