/**
 * XRD-CT sinograms: patterns placed by (rotation, translation), from frame metadata or a scan description,
 * into one rotation × translation × radial-bin array; a slice (sum over a radial bin range) is one ordinary
 * sinogram for filtered back-projection.
 */

export interface ScanDescription {
  readonly nRot: number;
  readonly nTrans: number;
  /** 'rot-major': the translation runs fastest (all translations at angle 0, then angle 1, ...). */
  readonly order?: 'rot-major' | 'trans-major';
  /** Alternate translation direction on every other line (snake scans). */
  readonly snake?: boolean;
  /** Rotation angles in degrees (default: nRot steps over 180°). */
  readonly anglesDeg?: readonly number[];
}

export interface ScanPosition {
  readonly rot: number;
  readonly trans: number;
}

/** Position of the i-th frame of a scan. */
export function scanPosition(i: number, s: ScanDescription): ScanPosition {
  const rotMajor = (s.order ?? 'rot-major') === 'rot-major';
  const fast = rotMajor ? s.nTrans : s.nRot;
  const line = Math.floor(i / fast);
  let along = i % fast;
  if (s.snake && line % 2 === 1) along = fast - 1 - along;
  return rotMajor ? { rot: line, trans: along } : { rot: along, trans: line };
}

export function scanAngles(s: ScanDescription): Float64Array {
  if (s.anglesDeg) {
    if (s.anglesDeg.length !== s.nRot) throw new RangeError(`${s.anglesDeg.length} angles for ${s.nRot} rotations`);
    return Float64Array.from(s.anglesDeg);
  }
  return Float64Array.from({ length: s.nRot }, (_, i) => (180 * i) / s.nRot);
}

export interface Sinogram3D {
  readonly nRot: number;
  readonly nTrans: number;
  readonly npt: number;
  /** [rot][trans][bin], row-major. Positions without a pattern hold NaN. */
  readonly data: Float64Array;
  readonly filled: number;
}

/** Places each pattern (its intensity array) at its scan position. */
export function assembleSinogram(patterns: readonly Float64Array[], positions: readonly ScanPosition[], nRot: number, nTrans: number): Sinogram3D {
  if (patterns.length !== positions.length) throw new RangeError(`${patterns.length} patterns for ${positions.length} positions`);
  const npt = patterns[0]?.length ?? 0;
  const data = new Float64Array(nRot * nTrans * npt).fill(Number.NaN);
  patterns.forEach((p, i) => {
    const { rot, trans } = positions[i];
    if (p.length !== npt) throw new RangeError(`pattern ${i} has ${p.length} bins, the first has ${npt}`);
    if (rot < 0 || rot >= nRot || trans < 0 || trans >= nTrans) throw new RangeError(`pattern ${i} at (${rot}, ${trans}) is outside the ${nRot} × ${nTrans} scan`);
    data.set(p, (rot * nTrans + trans) * npt);
  });
  return { nRot, nTrans, npt, data, filled: patterns.length };
}

/**
 * The 2D sinogram (nRot × nTrans) of bins [lo, hi), summed, minus a linear background drawn between the
 * mean of `bg` bins on each side when `background` is set. Missing positions count as 0.
 */
export function sinogramSlice(s: Sinogram3D, lo: number, hi: number, background = 0): Float64Array {
  if (!(lo >= 0 && hi <= s.npt && hi > lo)) throw new RangeError(`bin range [${lo}, ${hi}) outside 0..${s.npt}`);
  const out = new Float64Array(s.nRot * s.nTrans);
  const bg = background;
  for (let k = 0; k < out.length; k++) {
    const base = k * s.npt;
    let acc = 0;
    for (let b = lo; b < hi; b++) acc += s.data[base + b];
    if (bg > 0) {
      const left = meanOf(s.data, base + Math.max(0, lo - bg), base + lo);
      const right = meanOf(s.data, base + hi, base + Math.min(s.npt, hi + bg));
      const level = left === null ? (right ?? 0) : right === null ? left : (left + right) / 2;
      acc -= level * (hi - lo);
    }
    out[k] = Number.isNaN(acc) ? 0 : acc;
  }
  return out;
}

function meanOf(a: Float64Array, from: number, to: number): number | null {
  if (to <= from) return null;
  let s = 0;
  for (let i = from; i < to; i++) s += a[i];
  return s / (to - from);
}
