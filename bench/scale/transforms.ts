/**
 * Bench transforms, importable by workers through their location. Real reductions: the XAFS chain
 * (pre-edge, autobk, xftf: src/kernels/xafs/reduce.ts) on a spectrum shipped as a payload, and CBF
 * decoding of a real Pilatus 2M frame named by file reference (the job carries only the path).
 */
import { readFileSync } from 'node:fs';
import { defineTransform } from '../../src/graph/define.ts';
import { isImage2D, isNumArray } from '../../src/graph/types.ts';
import { reduceSpectrum } from '../../src/kernels/xafs/reduce.ts';
import { readCbf } from '../../src/formats/cbf.ts';

function f64(v: unknown, name: string): Float64Array {
  if (!isNumArray(v as never)) throw new Error(`input lacks '${name}'`);
  return v as Float64Array;
}

export const xafsReduce = defineTransform({
  name: 'xafsReduce',
  from: 'mu',
  to: 'chir',
  params: {},
  inArrays: ['energy', 'mu'],
  outArrays: ['k', 'chi', 'r', 'chirMag'],
  run(input) {
    const red = reduceSpectrum(f64(input.energy, 'energy'), f64(input.mu, 'mu'), 'bench');
    return { k: red.bkg.k, chi: red.bkg.chi, r: red.ft.r, chirMag: red.ft.chirMag };
  },
  location: { module: import.meta.url, exportName: 'xafsReduce' },
});

/** Decodes the CBF file named in params (on the worker) and returns the row means and the valid sum. */
export const cbfFrameStats = defineTransform({
  name: 'cbfFrameStats',
  from: 'files',
  to: 'stats',
  params: { file: { kind: 'string', default: '' } },
  inArrays: [],
  outArrays: ['rows', 'sum'],
  run(_input, p) {
    const f = readCbf(readFileSync(p.file), { file: p.file });
    const rows = new Float64Array(f.rows);
    let sum = 0;
    for (let r = 0; r < f.rows; r++) {
      let s = 0;
      for (let c = 0; c < f.cols; c++) {
        const v = f.data[r * f.cols + c];
        if (v >= 0) s += v;
      }
      rows[r] = s / f.cols;
      sum += s;
    }
    return { rows, sum };
  },
  location: { module: import.meta.url, exportName: 'cbfFrameStats' },
});

/** Sums an image: the cheapest possible use of a large payload (measures transport, not compute). */
export const imageSum = defineTransform({
  name: 'imageSum',
  from: 'frames',
  to: 'sums',
  params: {},
  inArrays: ['frame'],
  outArrays: ['sum'],
  run(input) {
    const img = input.frame;
    if (!isImage2D(img)) throw new Error('input lacks the image');
    let s = 0;
    for (let i = 0; i < img.data.length; i++) s += img.data[i];
    return { sum: s };
  },
  location: { module: import.meta.url, exportName: 'imageSum' },
});
