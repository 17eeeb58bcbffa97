/** CBF decoding bit-identical to fabio: DECODED_CHECKS.csv (sha256) and the edge-case expected pixels. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCbf, readCbfNative } from '../../src/formats/cbf.ts';
import { isBeamflowError } from '../../src/graph/errors.ts';
import { dataPath, haveXrdData, readCsv, readData } from './shared-data.ts';

const sha256 = (a: Int32Array) => createHash('sha256').update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest('hex');

describe.skipIf(!haveXrdData)('CBF decode vs fabio (DECODED_CHECKS.csv)', () => {
  type Check = { path: string; rows: string; cols: string; min: string; max: string; sum: string; sha: string };
  const frames: Check[] = readCsv('frames/DECODED_CHECKS.csv').map((r) => ({ path: `frames/${r.file}`, rows: r.rows, cols: r.cols, min: r.min, max: r.max, sum: r.sum_int64, sha: r.sha256_of_decoded_int32_LE_rowmajor }));
  const real = readCsv('real/DECODED_CHECKS.csv')
    .filter((r) => r['rows(slow)'] !== 'ERR')
    .map((r): Check => ({ path: `real/${r.file}`, rows: r['rows(slow)'], cols: r['cols(fast)'], min: r.min, max: r.max, sum: r.sum_int64, sha: r.sha256_of_decoded_int32_LE_rowmajor }));
  for (const row of [...frames, ...real]) {
    it(row.path, () => {
      const f = readCbf(readData(row.path), { file: row.path });
      expect(f.md5).toBe('verified');
      expect([f.rows, f.cols]).toEqual([Number(row.rows), Number(row.cols)]);
      let min = Infinity;
      let max = -Infinity;
      let sum = 0;
      for (const v of f.data) {
        if (v < min) min = v;
        if (v > max) max = v;
        sum += v;
      }
      expect([min, max, sum]).toEqual([Number(row.min), Number(row.max), Number(row.sum)]);
      expect(sha256(f.data)).toBe(row.sha);
    });
  }

  it('rejects the uncompressed full imgCIF (real/edge) with a clear error', () => {
    const path = 'real/edge/cbflib_fit2d_data_uncompressed_fullcbf.cbf';
    let err: unknown;
    try {
      readCbf(readData(path), { file: path });
    } catch (e) {
      err = e;
    }
    expect(isBeamflowError(err, 'BadFile')).toBe(true);
    expect((err as Error).message).toMatch(/unsupported compression 'none'/);
    expect((err as Error).message).toContain(path);
  });
});

describe.skipIf(!haveXrdData)('CBF edge cases written by fabio', () => {
  const summary = JSON.parse(readFileSync(dataPath('edge-cases/SUMMARY.json'), 'utf8')) as { file: string; shape: [number, number]; dtype: string }[];
  for (const s of summary) {
    it(s.file, () => {
      const f = readCbfNative(readData(`edge-cases/${s.file}`), { file: s.file });
      expect([f.rows, f.cols]).toEqual(s.shape);
      expect(f.elementType).toBe(s.dtype);
      const expected = readData(`edge-cases/${s.file.replace('.cbf', `.expected.${s.dtype}.le.bin`)}`);
      const got = new Uint8Array(f.data.buffer, f.data.byteOffset, f.data.byteLength);
      expect(Buffer.from(got).equals(Buffer.from(expected))).toBe(true);
    });
  }
});
