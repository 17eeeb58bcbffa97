/**
 * The radial bin axis as pyFAI 0.21 builds it: the upper bound nudged up by one float32 epsilon so the
 * largest position falls in the last bin, centres by numpy's linspace arithmetic.
 */

export const EPS32 = 1 + 2 ** -23;

export interface BinAxis {
  readonly npt: number;
  /** Lower edge, internal units. */
  readonly lo: number;
  /** Upper edge, internal units (after the EPS32 nudge). */
  readonly hi: number;
  /** Bin width. */
  readonly delta: number;
}

export function binAxis(lo: number, max: number, npt: number): BinAxis {
  const hi = max > 0 ? max * EPS32 : max / EPS32;
  return { npt, lo, hi, delta: (hi - lo) / npt };
}

/** Axis from an explicit range (already in internal units): lo and max taken as given. */
export function binAxisFromRange(a: number, b: number, npt: number): BinAxis {
  return binAxis(a, b, npt);
}

/** Bin centres in output units: linspace(lo + δ/2, hi − δ/2, npt) · scale. */
export function binCentres(axis: BinAxis, scale: number): Float64Array {
  const { npt, lo, hi, delta } = axis;
  const start = lo + delta / 2;
  const stop = hi - delta / 2;
  const out = new Float64Array(npt);
  const step = npt > 1 ? (stop - start) / (npt - 1) : 0;
  for (let i = 0; i < npt; i++) out[i] = i * step + start;
  if (npt > 1) out[npt - 1] = stop;
  for (let i = 0; i < npt; i++) out[i] *= scale;
  return out;
}
