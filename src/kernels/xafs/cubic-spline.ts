/**
 * Not-a-knot cubic spline interpolation (scipy CubicSpline / UnivariateSpline(s=0) / interp1d 'cubic'),
 * prepared once per abscissa pair so that many ordinates can be interpolated cheaply: autobk applies it
 * to the data and to every basis function of the background spline.
 */
export interface SplinePlan {
  readonly x: Float64Array;
  readonly xs: ArrayLike<number>;
  /** Interval index of each target point (extrapolated from the end intervals). */
  readonly seg: Int32Array;
  /** Tridiagonal system for the slopes, factored (Thomas algorithm). */
  readonly sub: Float64Array;
  readonly diag: Float64Array;
  readonly sup: Float64Array;
}

export function planSpline(x: Float64Array, xs: ArrayLike<number>): SplinePlan {
  const n = x.length;
  if (n < 4) throw new Error(`cubic spline needs at least 4 points, got ${n}`);
  const h = new Float64Array(n - 1);
  for (let i = 0; i < n - 1; i++) {
    h[i] = x[i + 1] - x[i];
    if (!(h[i] > 0)) throw new Error('cubic spline: x must be strictly increasing');
  }
  const sub = new Float64Array(n);
  const diag = new Float64Array(n);
  const sup = new Float64Array(n);
  diag[0] = h[1];
  sup[0] = h[0] + h[1];
  for (let i = 1; i < n - 1; i++) {
    sub[i] = h[i];
    diag[i] = 2 * (h[i - 1] + h[i]);
    sup[i] = h[i - 1];
  }
  sub[n - 1] = h[n - 2] + h[n - 3];
  diag[n - 1] = h[n - 3];
  // eliminate with pivoting-free Thomas; the not-a-knot rows are well conditioned for these grids
  const cp = new Float64Array(n);
  const dp = new Float64Array(n);
  dp[0] = diag[0];
  cp[0] = sup[0] / dp[0];
  for (let i = 1; i < n; i++) {
    dp[i] = diag[i] - sub[i] * cp[i - 1];
    cp[i] = i < n - 1 ? sup[i] / dp[i] : 0;
  }
  const seg = new Int32Array(xs.length);
  let j = 0;
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i];
    if (j > 0 && v < x[j]) j = 0;
    while (j < n - 2 && x[j + 1] <= v) j++;
    seg[i] = j;
  }
  return { x, xs, seg, sub, diag: dp, sup: cp };
}

/** Interpolates y (on plan.x) at plan.xs into out. */
export function applySpline(p: SplinePlan, y: ArrayLike<number>, out: Float64Array): Float64Array {
  const { x, xs, seg, sub, diag, sup } = p;
  const n = x.length;
  const s = new Float64Array(n);
  const sl = (i: number): number => (y[i + 1] - y[i]) / (x[i + 1] - x[i]);
  const h0 = x[1] - x[0];
  const h1 = x[2] - x[1];
  const rhs = (i: number): number => {
    if (i === 0) return ((h0 + 2 * (h0 + h1)) * h1 * sl(0) + h0 * h0 * sl(1)) / (h0 + h1);
    if (i === n - 1) {
      const a = x[n - 1] - x[n - 2];
      const b = x[n - 2] - x[n - 3];
      return (a * a * sl(n - 3) + (2 * (b + a) + a) * b * sl(n - 2)) / (b + a);
    }
    return 3 * ((x[i + 1] - x[i]) * sl(i - 1) + (x[i] - x[i - 1]) * sl(i));
  };
  // forward sweep then back substitution (factors precomputed in the plan)
  s[0] = rhs(0) / diag[0];
  for (let i = 1; i < n; i++) s[i] = (rhs(i) - sub[i] * s[i - 1]) / diag[i];
  for (let i = n - 2; i >= 0; i--) s[i] -= sup[i] * s[i + 1];
  for (let i = 0; i < xs.length; i++) {
    const k = seg[i];
    const hk = x[k + 1] - x[k];
    const t = xs[i] - x[k];
    const m = (y[k + 1] - y[k]) / hk;
    const c2 = (3 * m - 2 * s[k] - s[k + 1]) / hk;
    const c3 = (s[k] + s[k + 1] - 2 * m) / (hk * hk);
    out[i] = y[k] + t * (s[k] + t * (c2 + t * c3));
  }
  return out;
}
