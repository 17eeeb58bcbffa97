/**
 * A recorded bluesky run as a live source: its documents are re-emitted at the pace they were recorded
 * (document `time` fields, event pages by their first row), scaled by speed, or at once.
 */
import { asyncScheduler, type Observable, type SchedulerLike } from 'rxjs';
import { readBlueskyFile, type RawDoc } from '../formats/bluesky-read.ts';
import type { SessionRecord } from '../session/log-format.ts';
import { replay$, type ReplayPace } from '../session/replay.ts';

function docTime(d: RawDoc): number | null {
  if (d.kind !== 'doc' || typeof d.doc !== 'object' || d.doc === null) return null;
  const t = (d.doc as { time?: unknown }).time;
  if (typeof t === 'number') return t;
  if (Array.isArray(t) && typeof t[0] === 'number') return t[0];
  return null;
}

/** Records with t in ms since the first timed document; untimed documents (resource, datum) go with the previous one. */
export function timedDocs(docs: readonly RawDoc[]): SessionRecord<RawDoc>[] {
  let first: number | null = null;
  let last = 0;
  return docs.map((d) => {
    const t = docTime(d);
    if (t !== null) {
      first ??= t;
      last = Math.max(last, (t - first) * 1000);
    }
    return { t: last, event: d };
  });
}

export function blueskyFile$(file: string, pace: ReplayPace = { kind: 'instant' }, scheduler: SchedulerLike = asyncScheduler): Observable<RawDoc> {
  return replay$(timedDocs(readBlueskyFile(file).docs), pace, scheduler);
}
