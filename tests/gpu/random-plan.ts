/** A random CSR plan of the diffraction path's shape, for tests that need no data files. */
import type { CsrPlan } from '../../src/kernels/xrd/csr.ts';

export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** `split`: pixels spread over up to 3 bins with random weights; otherwise one bin with weight 1 (no split). */
export function randomPlan(rows: number, cols: number, npt: number, split: boolean, seed = 1): CsrPlan {
  const r = lcg(seed);
  const n = rows * cols;
  const per: number[][] = Array.from({ length: npt }, () => []);
  const w: number[][] = Array.from({ length: npt }, () => []);
  for (let p = 0; p < n; p++) {
    if (r() < 0.05) continue; // in no bin
    const b0 = Math.floor(r() * npt);
    const span = split ? 1 + Math.floor(r() * 3) : 1;
    for (let b = b0; b < Math.min(npt, b0 + span); b++) {
      per[b].push(p);
      w[b].push(split ? Math.fround(r()) : 1);
    }
  }
  const indptr = new Int32Array(npt + 1);
  per.forEach((row, b) => (indptr[b + 1] = indptr[b] + row.length));
  const indices = Int32Array.from(per.flat());
  const weights = Float32Array.from(w.flat());
  const norm = new Float32Array(n);
  for (let p = 0; p < n; p++) norm[p] = r() < 0.03 ? 0 : Math.fround(0.5 + r());
  return {
    method: split ? 'bbox' : 'no', unit: '2th_deg', npt, rows, cols, indptr, indices, weights, norm,
    radial: Float64Array.from({ length: npt }, (_, b) => b), axis: { lo: 0, hi: npt, delta: 1, npt },
    key: `random:${rows}x${cols}:${npt}:${split}:${seed}`,
  };
}

export function randomFrame(n: number, seed: number): Int32Array {
  const r = lcg(seed);
  const f = new Int32Array(n);
  for (let i = 0; i < n; i++) f[i] = r() < 0.01 ? -1 : Math.floor(r() * r() * 5000);
  return f;
}
