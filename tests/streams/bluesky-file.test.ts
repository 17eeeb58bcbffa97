import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { readBlueskyFile } from '../../src/formats/bluesky-read.ts';
import { blueskyFile$, timedDocs } from '../../src/streams/bluesky-file.ts';
import { APS_SCAN, SIM_IMG } from './fixtures.ts';

describe('a recorded run as a timed source', () => {
  it('document times become replay times (real APS scan: 287.3 s from start to stop)', () => {
    const recs = timedDocs(readBlueskyFile(APS_SCAN).docs);
    expect(recs[0].t).toBe(0);
    expect(recs[recs.length - 1].t / 1000).toBeCloseTo(1600216939.791601 - 1600216652.4697354, 3);
    for (let i = 1; i < recs.length; i++) expect(recs[i].t).toBeGreaterThanOrEqual(recs[i - 1].t);
  });
  it('replays at 100x in virtual time: the stop is due at 2.873 s', () => {
    const s = new TestScheduler((a, e) => expect(a).toEqual(e));
    const times: number[] = [];
    s.run(({ flush }) => {
      blueskyFile$(APS_SCAN, { kind: 'speed', speed: 100 }, s).subscribe(() => times.push(s.now()));
      flush();
    });
    expect(times).toHaveLength(189);
    expect(times[188]).toBeCloseTo(2873.2187, 2);
  });
  it('untimed resource/datum documents ride with the document before them', () => {
    const recs = timedDocs(readBlueskyFile(SIM_IMG).docs);
    expect(recs[2].t).toBe(recs[1].t);
    expect(recs[3].t).toBe(recs[1].t);
  });
});
