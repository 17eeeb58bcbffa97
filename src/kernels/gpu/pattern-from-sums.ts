/** Turns the per-bin float32 sums the GPU kernels produce into the diffraction path's Pattern1D (float64). */
import type { CsrPlan } from '../xrd/csr.ts';
import type { IntegrateOptions, Pattern1D } from '../xrd/integrate.ts';

/** `sums` holds (Σw·signal, Σw²·variance, Σw·norm, Σw) for each bin, interleaved. */
export function patternFromSums(plan: CsrPlan, sums: Float32Array, empty: number, backend: string): Pattern1D {
  const npt = plan.npt;
  const sumSignal = new Float64Array(npt);
  const sumVariance = new Float64Array(npt);
  const sumNormalization = new Float64Array(npt);
  const count = new Float64Array(npt);
  const intensity = new Float64Array(npt);
  const sigma = new Float64Array(npt);
  for (let b = 0; b < npt; b++) {
    sumSignal[b] = sums[4 * b];
    sumVariance[b] = sums[4 * b + 1];
    sumNormalization[b] = sums[4 * b + 2];
    count[b] = sums[4 * b + 3];
    if (count[b] > 0 && sumNormalization[b] !== 0) {
      intensity[b] = sumSignal[b] / sumNormalization[b];
      sigma[b] = Math.sqrt(sumVariance[b]) / sumNormalization[b];
    } else {
      intensity[b] = empty;
      sigma[b] = empty;
    }
  }
  return { radial: plan.radial, intensity, sigma, sumSignal, sumVariance, sumNormalization, count, unit: plan.unit, method: plan.method, backend };
}

/** The uniform words of a dummy setting: (use, useDelta, value, delta) after 4 header words. */
export function paramsWithDummy(header: readonly number[], opts: IntegrateOptions): ArrayBuffer {
  const buf = new ArrayBuffer(32);
  const u = new Uint32Array(buf);
  const f = new Float32Array(buf);
  header.forEach((v, i) => (u[i] = v));
  if (opts.dummy != null) {
    u[4] = 1;
    u[5] = opts.deltaDummy != null ? 1 : 0;
    f[6] = opts.dummy;
    f[7] = opts.deltaDummy ?? 0;
  }
  return buf;
}

/** What the GPU kernels cannot do themselves (they fall back to the TypeScript path for it). */
export function gpuSupports(opts: IntegrateOptions): boolean {
  return !opts.dark;
}
