import { Subject } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, test } from 'vitest';
import { createEngine, type FeedEvent } from '../../src/graph/index.ts';
import { ramp, toyPipeline } from './fixtures/toy.ts';

const chunk = (from: number, n: number) => {
  const x = Float64Array.from({ length: n }, (_, i) => from + i);
  return { x, y: x.map((v) => v * v) };
};

describe('feeding an engine from an Observable', () => {
  test('items appear, grow point by point, and a bad chunk fails only its item', async () => {
    const e = createEngine(toyPipeline);
    const src = new Subject<FeedEvent>();
    const errors: string[] = [];
    e.feed(src, { onError: (m) => errors.push(m) });
    src.next({ type: 'add', item: { id: 'scan', name: 'scan', entry: 'raw' } });
    src.next({ type: 'add', item: { id: 'other', name: 'other', entry: 'raw', data: ramp(10) } });
    for (let i = 0; i < 30; i += 10) src.next({ type: 'append', id: 'scan', data: chunk(i, 10) });
    await e.settled();
    expect((e.data('raw', 'scan')!.x as Float64Array).length).toBe(30);
    expect(e.state('deriv', 'scan')!.status).toBe('ok');
    const bad = chunk(30, 3);
    bad.y[1] = NaN;
    src.next({ type: 'append', id: 'scan', data: bad });
    src.next({ type: 'add', item: { id: 'broken', name: 'broken.dat', entry: 'raw', data: { x: new Float64Array(3), y: new Float64Array(2) } } });
    await e.settled();
    expect(errors[0]).toMatch(/item 'scan', field 'y': NaN at index 1/);
    const s = e.state('deriv', 'scan')!;
    expect(s.status).toBe('failed');
    if (s.status === 'failed') expect(s.error).toMatch(/NaN at index 1/);
    // The data measured before the bad chunk is kept.
    expect((e.entryData('scan')!.x as Float64Array).length).toBe(30);
    expect(e.state('raw', 'broken')!.status).toBe('failed');
    expect(e.state('deriv', 'other')!.status).toBe('ok');
    await e.close();
  });

  test('in virtual time, the item grows as the marbles arrive', () => {
    const ts = new TestScheduler((a, b) => expect(a).toEqual(b));
    ts.run(({ cold, flush }) => {
      const e = createEngine(toyPipeline);
      const events: Record<string, FeedEvent> = {
        a: { type: 'add', item: { id: 's', name: 's', entry: 'raw' } },
        b: { type: 'append', id: 's', data: chunk(0, 2) },
        c: { type: 'append', id: 's', data: chunk(2, 2) },
      };
      e.feed(cold('a 9ms b 9ms c|', events));
      flush();
      expect((e.entryData('s')!.x as Float64Array).length).toBe(4);
      expect(e.events$.observed).toBe(false);
    });
  });
});
