import { VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SlicedVirtualScheduler } from '../../src/session/sliced-scheduler.ts';
import { replay$ } from '../../src/session/replay.ts';
import { replayFile } from '../../src/session/replay-file.ts';
import { APS_SCAN } from '../streams/fixtures.ts';

describe('SlicedVirtualScheduler', () => {
  it('runs the same events at the same virtual times as VirtualTimeScheduler.flush', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 5000 }), { maxLength: 60 }), async (gaps) => {
        let t = 0;
        const records = gaps.map((g, i) => ({ t: (t += g), event: i }));
        const run = async (s: VirtualTimeScheduler, go: () => Promise<void> | void) => {
          const got: [number, number][] = [];
          replay$(records, { kind: 'instant' }, s).subscribe((e) => got.push([e, s.now()]));
          await go();
          return got;
        };
        const plain = new VirtualTimeScheduler();
        const sliced = new SlicedVirtualScheduler(0);
        expect(await run(sliced, () => sliced.flushSliced())).toEqual(await run(plain, () => plain.flush()));
      }),
      { numRuns: 40 },
    );
  });

  it('lets the event loop in between slices, and skips what was cancelled meanwhile', async () => {
    const s = new SlicedVirtualScheduler(1);
    let ran = 0;
    const subs = Array.from({ length: 400 }, (_, i) => s.schedule(() => {
      ran++;
      const t = performance.now();
      while (performance.now() - t < 0.05); // a little work per action
    }, i));
    let turns = 0;
    let ranAtStop = -1;
    const other = setInterval(() => {
      turns++;
      if (turns === 2) {
        ranAtStop = ran;
        for (const x of subs) x.unsubscribe();
      }
    }, 0);
    await s.flushSliced();
    clearInterval(other);
    expect(turns).toBeGreaterThanOrEqual(2);
    expect(ranAtStop).toBeGreaterThan(0);
    expect(ran).toBe(ranAtStop);
    expect(ran).toBeLessThan(400);
  });

  it('an instant replay of the real APS scan on it ends as on VirtualTimeScheduler', async () => {
    const a = await replayFile(APS_SCAN, { pace: { kind: 'instant' }, scheduler: new VirtualTimeScheduler() });
    const b = await replayFile(APS_SCAN, { pace: { kind: 'instant' }, scheduler: new SlicedVirtualScheduler(1) });
    expect(b.summary).toEqual(a.summary);
    expect(b.engine.document.toJS()).toEqual(a.engine.document.toJS());
    await a.engine.close();
    await b.engine.close();
  });
});
