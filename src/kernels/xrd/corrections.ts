/**
 * Per-pixel corrections, float32 like pyFAI's: solid angle (relative, cos³α) and polarization. Integration
 * never divides by them pixel by pixel; they enter the normalisation sum.
 */
import { centreCoords } from './geometry.ts';
import type { Geometry } from './geometry.ts';

/** cos³α with cosα = L/√(L² + p1² + p2²), on the unrotated float32 centre coordinates. */
export function solidAngle(g: Geometry): Float32Array {
  const { p1, p2 } = centreCoords(g);
  const out = new Float32Array(g.rows * g.cols);
  const L = g.dist;
  const L2 = L * L;
  for (let i = 0; i < g.rows; i++) {
    const a = L2 + p1[i] * p1[i];
    for (let j = 0; j < g.cols; j++) {
      const c = L / Math.sqrt(a + p2[j] * p2[j]);
      out[i * g.cols + j] = c * c * c;
    }
  }
  return out;
}

/**
 * P = ½(1 + cos²2θ − f·cos(2(χ + offset))·(1 − cos²2θ)); f = 0 is an unpolarised beam, f = 1 fully
 * horizontal.
 */
export function polarization(tth: Float64Array, chi: Float64Array, factor: number, offset = 0): Float32Array {
  const out = new Float32Array(tth.length);
  for (let k = 0; k < tth.length; k++) {
    const c = Math.cos(tth[k]);
    const c2 = c * c;
    out[k] = 0.5 * (1 + c2 - factor * Math.cos(2 * (chi[k] + offset)) * (1 - c2));
  }
  return out;
}

/** The normalisation per pixel: product of the chosen corrections, float32 (1 where none applies). */
export function normalisation(n: number, parts: readonly (Float32Array | null)[]): Float32Array {
  const out = new Float32Array(n).fill(1);
  for (const p of parts) {
    if (!p) continue;
    for (let k = 0; k < n; k++) out[k] = out[k] * p[k];
  }
  return out;
}
