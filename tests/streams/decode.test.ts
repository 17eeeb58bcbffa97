import { encode } from '@msgpack/msgpack';
import { readFileSync } from 'node:fs';
import { from, lastValueFrom, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { readBlueskyFile, type RawDoc } from '../../src/formats/bluesky-read.ts';
import { jsonLinesDocs, messageDocs, msgpackDocs } from '../../src/streams/decode-docs.ts';
import { msgpackValueEnd } from '../../src/streams/msgpack-framing.ts';
import { APS_SCAN, SIM_IMG } from './fixtures.ts';

const names = (docs: RawDoc[]): unknown[] => docs.map((d) => (d.kind === 'doc' ? d.name : `problem: ${d.problem}`));

function chop(bytes: Uint8Array, sizes: readonly number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let pos = 0;
  for (let i = 0; pos < bytes.length; i++) {
    const n = sizes[i % sizes.length];
    out.push(bytes.subarray(pos, pos + n));
    pos += n;
  }
  return out;
}

describe('JSON-lines documents from a chunked stream', () => {
  it('marbles: lines split across chunks come out whole, in virtual time', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      const chunks = cold('a-b--c|', { a: '["start", {"uid": "u", "ti', b: 'me": 1}]\n["stop", {"uid"', c: ': "s"}]\n' });
      const docs = chunks.pipe(jsonLinesDocs('t'));
      expectObservable(docs).toBe('--x--y|', {
        x: { kind: 'doc', name: 'start', doc: { uid: 'u', time: 1 }, at: 't line 1' },
        y: { kind: 'doc', name: 'stop', doc: { uid: 's' }, at: 't line 2' },
      });
    });
  });
  it('the simulated run chopped in 7-byte chunks decodes like the file', async () => {
    const bytes = readFileSync(SIM_IMG);
    const docs = await lastValueFrom(from(chop(bytes, [7])).pipe(jsonLinesDocs(), toArray()));
    expect(names(docs)).toEqual(names([...readBlueskyFile(SIM_IMG).docs]));
  });
  it('a bad line is a problem and the stream goes on', async () => {
    const docs = await lastValueFrom(from(['["start", {}]\n{oops\n', '["stop", {}]']).pipe(jsonLinesDocs('t'), toArray()));
    expect(names(docs)).toEqual(['start', expect.stringMatching(/^problem: not valid JSON/), 'stop']);
  });
});

describe('msgpack documents from a chunked stream', () => {
  const bytes = readFileSync(APS_SCAN);
  it('the real APS scan split at odd sizes decodes to the same 189 documents', async () => {
    const docs = await lastValueFrom(from(chop(bytes, [1, 13, 4096, 7, 100_000])).pipe(msgpackDocs(), toArray()));
    expect(docs).toHaveLength(189);
    expect(docs.map((d) => (d.kind === 'doc' ? d.doc : null))).toEqual(readBlueskyFile(APS_SCAN).docs.map((d) => (d.kind === 'doc' ? d.doc : null)));
  });
  it('value boundaries are found for every msgpack type', () => {
    const values = [null, true, 1, -1, 300, -300, 70000, 2 ** 40, 1.5, 'x', 'y'.repeat(40), 'z'.repeat(300), 'w'.repeat(70000),
      new Uint8Array(5), new Uint8Array(300), [1, [2, [3]]], Array(20).fill(1), Array(70000).fill(0), { a: 1 }, Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i]))];
    for (const v of values) {
      const b = encode(v);
      expect(msgpackValueEnd(b, 0)).toBe(b.length);
      if (b.length > 1) expect(msgpackValueEnd(b.subarray(0, b.length - 1), 0)).toBe(-1);
    }
  });
  it('a stream cut inside a value reports the incomplete tail', async () => {
    const docs = await lastValueFrom(from([bytes.subarray(0, 5000)]).pipe(msgpackDocs('t'), toArray()));
    expect(names(docs).at(-1)).toMatch(/problem: stream ended inside a value/);
  });
  it('a byte that is not msgpack stops decoding with a clear problem', async () => {
    const docs = await lastValueFrom(from([encode(['start', { uid: 'u', time: 1 }]), new Uint8Array([0xc1, 1, 2])]).pipe(msgpackDocs('t'), toArray()));
    expect(names(docs)).toEqual(['start', 'problem: byte 0xc1 at offset 0 is not msgpack; the rest of the stream is ignored']);
  });
});

describe('websocket messages', () => {
  it('text and binary messages each hold one document', async () => {
    const docs = await lastValueFrom(from(['["start", {"uid": "u"}]', encode(['stop', { uid: 's' }]), new Uint8Array([0xc1])]).pipe(messageDocs('ws'), toArray()));
    expect(names(docs)).toEqual(['start', 'stop', expect.stringMatching(/problem: bad msgpack message/)]);
    expect(docs[1].at).toBe('ws message 2');
  });
});

describe('keepAlive', () => {
  it('reconnects after an error and after the sender closes, with the delay on the scheduler', async () => {
    const { keepAlive } = await import('../../src/streams/keep-alive.ts');
    const reasons: string[] = [];
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable, expectSubscriptions }) => {
      const src = cold('a-#', undefined, new Error('ECONNRESET'));
      expectObservable(src.pipe(keepAlive({ delayMs: 3, onReconnect: (r) => reasons.push(r) })), '^ 12ms !').toBe('a----a----a');
      expectSubscriptions(src.subscriptions).toBe(['^-!', '-----^-!', '----------^-!']);
    });
    expect(reasons).toEqual(['ECONNRESET', 'ECONNRESET', 'ECONNRESET']);
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      expectObservable(cold('ab|').pipe(keepAlive({ delayMs: 2 })), '^ 9ms !').toBe('ab--ab--ab');
    });
  });
  it('gives up after maxRetries consecutive failures', async () => {
    const { keepAlive } = await import('../../src/streams/keep-alive.ts');
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      expectObservable(cold('#', undefined, new Error('refused')).pipe(keepAlive({ delayMs: 1, maxRetries: 2 }))).toBe('--#', undefined, new Error('refused'));
    });
  });
});
