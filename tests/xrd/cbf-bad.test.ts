/**
 * A corpus of broken CBFs, made from a frame our own writer produced: every one must give a BadFile error
 * naming the file and the problem, fast, without allocating from an absurd header.
 */
import { describe, expect, it } from 'vitest';
import { readCbf } from '../../src/formats/cbf.ts';
import { writeCbf } from '../../src/formats/cbf-write.ts';
import { isBeamflowError } from '../../src/graph/errors.ts';

function goodFile(): Uint8Array {
  const rows = 40;
  const cols = 30;
  const data = new Int32Array(rows * cols);
  let s = 7;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    data[i] = (s % 5 === 0 ? 70000 : 0) + (s % 200) - 2;
  }
  return writeCbf({ rows, cols, data, padding: 0 });
}

const enc = new TextEncoder();
const dec = new TextDecoder('latin1');

/** Replaces one MIME header value, keeping the bytes of the payload. */
function withHeader(bytes: Uint8Array, key: string, value: string): Uint8Array {
  const magic = bytes.findIndex((b, i) => b === 0x0c && bytes[i + 1] === 0x1a && bytes[i + 2] === 0x04 && bytes[i + 3] === 0xd5);
  const head = dec.decode(bytes.subarray(0, magic)).replace(new RegExp(`${key}: [^\\r]*`), `${key}: ${value}`);
  const h = enc.encode(head);
  const out = new Uint8Array(h.length + bytes.length - magic);
  out.set(h);
  out.set(bytes.subarray(magic), h.length);
  return out;
}

function payloadStart(bytes: Uint8Array): number {
  return bytes.findIndex((b, i) => b === 0x0c && bytes[i + 1] === 0x1a && bytes[i + 2] === 0x04 && bytes[i + 3] === 0xd5) + 4;
}

function expectBad(bytes: Uint8Array, pattern: RegExp, verifyMd5 = true): void {
  const file = 'broken.cbf';
  const t0 = performance.now();
  let err: unknown = null;
  try {
    readCbf(bytes, { file, verifyMd5 });
  } catch (e) {
    err = e;
  }
  expect(performance.now() - t0).toBeLessThan(500);
  expect(isBeamflowError(err, 'BadFile')).toBe(true);
  const msg = (err as Error).message;
  expect(msg.startsWith(`${file}: `)).toBe(true);
  expect(msg).toMatch(pattern);
}

describe('bad CBF corpus', () => {
  it('the unbroken file reads', () => {
    expect(readCbf(goodFile()).md5).toBe('verified');
  });
  it('truncated payload', () => {
    const g = goodFile();
    expectBad(g.subarray(0, payloadStart(g) + 100), /truncated/);
  });
  it('truncated inside the header', () => expectBad(goodFile().subarray(0, 300), /no '--CIF-BINARY-FORMAT-SECTION--'|no payload start/));
  it('header only (binary section without payload)', () => {
    const g = goodFile();
    expectBad(g.subarray(0, payloadStart(g) - 4), /header only or truncated/);
  });
  it('not a CBF at all', () => expectBad(enc.encode('hello world'), /not a CBF image/));
  it('bit flip in the payload: MD5 mismatch', () => {
    const g = goodFile().slice();
    g[payloadStart(g) + 50] ^= 0x10;
    expectBad(g, /wrong MD5/);
  });
  it('bit flip creating an escape, without MD5 check: truncated', () => {
    // All deltas fit one byte, so turning one into the 0x80 escape makes the decoder need 2 more bytes.
    const data = Int32Array.from({ length: 600 }, (_, i) => (i * 7) % 50);
    const g = writeCbf({ rows: 20, cols: 30, data, padding: 0 }).slice();
    g[payloadStart(g) + 300] = 0x80;
    expectBad(g, /truncated/, false);
  });
  it('wrong MD5 in the header', () => expectBad(withHeader(goodFile(), 'Content-MD5', 'AAAAAAAAAAAAAAAAAAAAAA=='), /wrong MD5/));
  it('X-Binary-Size too large', () => expectBad(withHeader(goodFile(), 'X-Binary-Size', '99999999'), /truncated/));
  it('X-Binary-Size too small', () => {
    const g = goodFile();
    const m = /X-Binary-Size: (\d+)/.exec(dec.decode(g.subarray(0, 2000)))!;
    expectBad(withHeader(g, 'X-Binary-Size', String(Number(m[1]) - 10)), /truncated|size mismatch/, false);
  });
  it('X-Binary-Size not a number', () => expectBad(withHeader(goodFile(), 'X-Binary-Size', 'lots'), /bad X-Binary-Size/));
  it('absurd dimensions: no huge allocation', () => {
    let g = withHeader(goodFile(), 'X-Binary-Size-Fastest-Dimension', '2000000000');
    g = withHeader(g, 'X-Binary-Size-Second-Dimension', '2000000000');
    g = withHeader(g, 'X-Binary-Number-of-Elements', '4000000000000000000');
    expectBad(g, /absurd dimensions|bad X-Binary|cannot fit/);
  });
  it('dimensions larger than the payload can hold', () => {
    let g = withHeader(goodFile(), 'X-Binary-Size-Fastest-Dimension', '100000');
    g = withHeader(g, 'X-Binary-Size-Second-Dimension', '100000');
    g = withHeader(g, 'X-Binary-Number-of-Elements', '10000000000');
    expectBad(g, /cannot fit|absurd dimensions/);
  });
  it('element count disagreeing with the dimensions', () => expectBad(withHeader(goodFile(), 'X-Binary-Number-of-Elements', '1199'), /size mismatch/));
  it('missing dimensions', () => expectBad(withHeader(goodFile(), 'X-Binary-Size-Fastest-Dimension', ''), /bad X-Binary-Size-Fastest-Dimension|no dimensions/));
  it('unsupported element type', () => expectBad(withHeader(goodFile(), 'X-Binary-Element-Type', '"signed 32-bit real IEEE"'), /unsupported or missing X-Binary-Element-Type/));
  it('unsupported compression', () => expectBad(withHeader(goodFile(), 'Content-Type', 'application/octet-stream; conversions="x-CBF_PACKED"'), /unsupported compression 'x-cbf_packed'/));
});
