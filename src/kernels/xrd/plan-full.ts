/**
 * Full pixel splitting (pyFAI FullSplitCSR_1d): each pixel is the quadrilateral of its 4 corners in the
 * (radial, χ) plane; a bin receives the fraction of that area lying between its radial edges.
 */
import { binAxis } from './bins.ts';
import type { BinAxis } from './bins.ts';
import { CsrBuilder } from './csr.ts';

/** lo = max(0, min corner), max = max corner, over the corners of valid pixels. */
export function fullAxis(corners: Float32Array, rows: number, cols: number, mask: Uint8Array | null, npt: number): BinAxis {
  let min = Infinity;
  let max = -Infinity;
  const gc = cols + 1;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      if (mask && mask[i * cols + j]) continue;
      for (const g of [i * gc + j, (i + 1) * gc + j, (i + 1) * gc + j + 1, i * gc + j + 1]) {
        const v = corners[g];
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
  }
  return binAxis(Math.max(0, min), max, npt);
}

/** ∫ of the line through (x0, y0)-(x1, y1) over x in [x0, x1] ∩ [lo, hi], signed by the edge direction. */
function edgeIntegral(x0: number, y0: number, x1: number, y1: number, lo: number, hi: number): number {
  if (x0 === x1) return 0;
  const slope = (y1 - y0) / (x1 - x0);
  const intercept = y0 - slope * x0;
  const sign = x1 > x0 ? 1 : -1;
  const l = Math.max(Math.min(x0, x1), lo);
  const r = Math.min(Math.max(x0, x1), hi);
  if (r <= l) return 0;
  return sign * (r - l) * (0.5 * slope * (r + l) + intercept);
}

/**
 * At least as many entries as buildFull makes: each unmasked pixel's bins from its lowest to its highest
 * corner, clipped to the axis (one pass over the corners, no areas), so its builder never grows.
 */
function entryBound(corners: Float32Array, rows: number, cols: number, mask: Uint8Array | null, axis: BinAxis): number {
  const { lo, delta, npt } = axis;
  const gc = cols + 1;
  let total = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const k = i * cols + j;
      if (mask && mask[k]) continue;
      const a = i * gc + j;
      let xmin = Infinity, xmax = -Infinity;
      for (const g of [a, a + gc, a + gc + 1, a + 1]) {
        const x = (corners[g] - lo) / delta;
        if (x < xmin) xmin = x;
        if (x > xmax) xmax = x;
      }
      if (xmax < 0 || xmin >= npt) continue;
      total += Math.max(1, Math.min(npt, Math.floor(xmax) + 1) - Math.max(0, Math.floor(xmin)));
    }
  }
  return total;
}

export function buildFull(corners: Float32Array, chi: Float32Array, rows: number, cols: number, mask: Uint8Array | null, axis: BinAxis) {
  const { lo, delta, npt } = axis;
  const b = new CsrBuilder(npt, Math.max(16, entryBound(corners, rows, cols, mask, axis)));
  const gc = cols + 1;
  const xs = new Float64Array(4);
  const ys = new Float64Array(4);
  // pyFAI accumulates partial areas in float32.
  const area = new Float32Array(64);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const k = i * cols + j;
      if (mask && mask[k]) continue;
      const g = [i * gc + j, (i + 1) * gc + j, (i + 1) * gc + j + 1, i * gc + j + 1];
      let xmin = Infinity, xmax = -Infinity, ymin = Infinity, ymax = -Infinity;
      for (let c = 0; c < 4; c++) {
        const x = (corners[g[c]] - lo) / delta;
        const y = chi[g[c]];
        xs[c] = x;
        ys[c] = y;
        if (x < xmin) xmin = x;
        if (x > xmax) xmax = x;
        if (y < ymin) ymin = y;
        if (y > ymax) ymax = y;
      }
      if (xmax < 0 || xmin >= npt) continue;
      // A pixel straddling the χ = ±π cut: bring its negative corners up by 2π.
      if (ymax - ymin > Math.PI) for (let c = 0; c < 4; c++) if (ys[c] < 0) ys[c] += 2 * Math.PI;
      const bmin = Math.floor(xmin);
      const bmax = Math.floor(xmax);
      if (bmin === bmax) {
        b.add(bmin, k, 1);
        continue;
      }
      // Work relative to the pixel's first bin, as pyFAI does, to keep the integrals small.
      const span = bmax - bmin + 1;
      if (span > area.length) throw new RangeError(`pixel ${k} spans ${span} bins: geometry too coarse for npt`);
      for (let c = 0; c < 4; c++) xs[c] -= bmin;
      const from = Math.max(0, bmin);
      const to = Math.min(npt, bmax + 1);
      area.fill(0, 0, span);
      // Edge by edge, each partial area added into the float32 buffer (pyFAI's order and precision).
      for (let c = 0; c < 4; c++) {
        const n = (c + 1) & 3;
        for (let bin = from; bin < to; bin++) {
          const rel = bin - bmin;
          area[rel] += edgeIntegral(xs[c], ys[c], xs[n], ys[n], rel, rel + 1);
        }
      }
      let total = 0;
      for (let bin = from; bin < to; bin++) total += area[bin - bmin];
      if (total === 0) continue;
      for (let bin = from; bin < to; bin++) {
        const w = area[bin - bmin] / total;
        if (w !== 0) b.add(bin, k, w);
      }
    }
  }
  return b.build();
}
