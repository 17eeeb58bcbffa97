/**
 * Live streams arrive in arbitrary pieces: however a recorded run's bytes are split, the decoders give the
 * same documents as reading the whole file. And however a session log is cut (a crash), the reader gives
 * a prefix of the records with at most one problem.
 */
import fc from 'fast-check';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { readBlueskyFile, type RawDoc } from '../../src/formats/bluesky-read.ts';
import { jsonLinesDocs, msgpackDocs } from '../../src/streams/decode-docs.ts';
import { readSessionBytes } from '../../src/session/log-reader.ts';
import { SessionWriter } from '../../src/session/log-writer.ts';
import { APS_SCAN, SIM_IMG } from '../../tests/streams/fixtures.ts';

function split(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of [...points, bytes.length]) {
    out.push(bytes.subarray(prev, p));
    prev = p;
  }
  return out;
}

const docsOf = (d: readonly RawDoc[]): unknown[] => d.map((x) => (x.kind === 'doc' ? [x.name, x.doc] : x.problem));

describe('decoding is independent of how the stream is split', () => {
  const aps = readFileSync(APS_SCAN);
  const apsDocs = docsOf(readBlueskyFile(APS_SCAN).docs);
  const sim = readFileSync(SIM_IMG);
  const simDocs = docsOf(readBlueskyFile(SIM_IMG).docs);
  it('msgpack (real APS scan)', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.nat(), { maxLength: 60 }), async (cuts) => {
      const got = await lastValueFrom(from(split(aps, cuts)).pipe(msgpackDocs(), toArray()));
      expect(docsOf(got)).toEqual(apsDocs);
    }), { numRuns: 30 });
  });
  it('JSON lines (simulated run), splits inside multi-byte characters included', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.nat(), { maxLength: 40 }), async (cuts) => {
      const got = await lastValueFrom(from(split(sim, cuts)).pipe(jsonLinesDocs(), toArray()));
      expect(docsOf(got)).toEqual(simDocs);
    }), { numRuns: 100 });
  });
});

describe('a session log cut anywhere', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bf-prop-cut-'));
  let n = 0;
  it('reads back a prefix of what was written, losing at most the record being written', () => {
    const event = fc.record({ type: fc.constantFrom('appendData', 'setParams', 'undo'), id: fc.string(), v: fc.double(), data: fc.float64Array({ maxLength: 8 }) });
    fc.assert(fc.property(fc.array(event, { minLength: 1, maxLength: 30 }), fc.constantFrom('jsonl', 'msgpack'), fc.double({ min: 0, max: 1, noNaN: true }), (events, enc, where) => {
      const file = join(dir, `c${n++}.${enc}`);
      const w = new SessionWriter(file, { encoding: enc, fsync: { kind: 'never' } });
      events.forEach((e, i) => w.append(e, i));
      w.close();
      const bytes = readFileSync(file);
      const full = readSessionBytes(bytes, file).records;
      expect(full.map((r) => r.event)).toEqual(events);
      const headerBytes = headerSize(bytes, enc);
      const cut = headerBytes + Math.floor(where * (bytes.length - headerBytes));
      const log = readSessionBytes(bytes.subarray(0, cut), file);
      expect(log.records).toEqual(full.slice(0, log.records.length));
      expect(log.problems.length).toBeLessThanOrEqual(1);
      // everything fully written before the cut is there
      const complete = full.filter((_, i) => endOf(bytes, enc, i + 1) <= cut).length;
      expect(log.records.length).toBeGreaterThanOrEqual(complete);
    }), { numRuns: 150 });
  });
});

/** Byte offset where the header ends. */
function headerSize(bytes: Uint8Array, enc: string): number {
  return endOf(bytes, enc, 0);
}

/** Byte offset where record `k` ends (k = 0: the header). */
function endOf(bytes: Uint8Array, enc: string, k: number): number {
  if (enc === 'jsonl') {
    let pos = -1;
    for (let i = 0; i <= k; i++) pos = bytes.indexOf(0x0a, pos + 1);
    return pos + 1;
  }
  let lo = 0;
  for (let end = 1; end <= bytes.length; end++) {
    const r = readSessionBytesSafe(bytes.subarray(0, end));
    if (r >= k) { lo = end; break; }
  }
  return lo;
}

function readSessionBytesSafe(b: Uint8Array): number {
  try {
    const log = readSessionBytes(b, 'x');
    return log.problems.length === 0 ? log.records.length : -1;
  } catch {
    return -1;
  }
}
