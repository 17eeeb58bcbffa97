/**
 * Not-a-knot cubic spline interpolation (scipy CubicSpline / UnivariateSpline(s=0) / interp1d 'cubic'),
 * prepared once per abscissa pair so that many ordinates can be interpolated cheaply: autobk applies it
 * to the data and to every basis function of the background spline in one batch.
 */
export interface SplinePlan {
  readonly n: number;
  readonly nt: number;
  readonly h: Float64Array;
  /** Thomas-algorithm factors of the slope system. */
  readonly sub: Float64Array;
  readonly piv: Float64Array;
  readonly cp: Float64Array;
  /** Interval index and Hermite weights of each target point: out = a0·y[k] + a1·y[k+1] + b0·s[k] + b1·s[k+1]. */
  readonly seg: Int32Array;
  readonly a0: Float64Array;
  readonly a1: Float64Array;
  readonly b0: Float64Array;
  readonly b1: Float64Array;
}

export function planSpline(x: ArrayLike<number>, xs: ArrayLike<number>): SplinePlan {
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
  const piv = new Float64Array(n);
  const cp = new Float64Array(n);
  piv[0] = diag[0];
  cp[0] = sup[0] / piv[0];
  for (let i = 1; i < n; i++) {
    piv[i] = diag[i] - sub[i] * cp[i - 1];
    cp[i] = i < n - 1 ? sup[i] / piv[i] : 0;
  }
  const nt = xs.length;
  const seg = new Int32Array(nt);
  const a0 = new Float64Array(nt);
  const a1 = new Float64Array(nt);
  const b0 = new Float64Array(nt);
  const b1 = new Float64Array(nt);
  let j = 0;
  for (let i = 0; i < nt; i++) {
    const v = xs[i];
    if (j > 0 && v < x[j]) j = 0;
    while (j < n - 2 && x[j + 1] <= v) j++;
    seg[i] = j;
    // cubic Hermite basis on [x_j, x_j+1], extrapolating beyond the ends
    const t = (v - x[j]) / h[j];
    const t2 = t * t;
    const t3 = t2 * t;
    a0[i] = 2 * t3 - 3 * t2 + 1;
    a1[i] = -2 * t3 + 3 * t2;
    b0[i] = (t3 - 2 * t2 + t) * h[j];
    b1[i] = (t3 - t2) * h[j];
  }
  return { n, nt, h, sub, piv, cp, seg, a0, a1, b0, b1 };
}

/** Interpolates y (on the plan's x) at the plan's targets into out. */
export function applySpline(p: SplinePlan, y: ArrayLike<number>, out: Float64Array): Float64Array {
  return applySplineMany(p, y, 1, out);
}

/**
 * Interpolates m ordinates at once: y is row-major n × m (column c = one ordinate), out is nt × m.
 * The slopes follow scipy's tridiagonal not-a-knot system.
 */
export function applySplineMany(p: SplinePlan, y: ArrayLike<number>, m: number, out: Float64Array): Float64Array {
  const { n, h, sub, piv, cp } = p;
  const s = new Float64Array(n * m);
  const sl = new Float64Array((n - 1) * m);
  for (let i = 0; i < n - 1; i++) {
    const ih = 1 / h[i];
    for (let c = 0; c < m; c++) sl[i * m + c] = (y[(i + 1) * m + c] - y[i * m + c]) * ih;
  }
  const h0 = h[0];
  const h1 = h[1];
  const ha = h[n - 2];
  const hb = h[n - 3];
  for (let c = 0; c < m; c++) {
    s[c] = ((h0 + 2 * (h0 + h1)) * h1 * sl[c] + h0 * h0 * sl[m + c]) / (h0 + h1) / piv[0];
  }
  for (let i = 1; i < n - 1; i++) {
    const hi = h[i];
    const hm = h[i - 1];
    const sb = sub[i];
    const pv = piv[i];
    for (let c = 0; c < m; c++) {
      const r = 3 * (hi * sl[(i - 1) * m + c] + hm * sl[i * m + c]);
      s[i * m + c] = (r - sb * s[(i - 1) * m + c]) / pv;
    }
  }
  for (let c = 0; c < m; c++) {
    const r = (ha * ha * sl[(n - 3) * m + c] + (2 * (hb + ha) + ha) * hb * sl[(n - 2) * m + c]) / (hb + ha);
    s[(n - 1) * m + c] = (r - sub[n - 1] * s[(n - 2) * m + c]) / piv[n - 1];
  }
  for (let i = n - 2; i >= 0; i--) {
    const f = cp[i];
    for (let c = 0; c < m; c++) s[i * m + c] -= f * s[(i + 1) * m + c];
  }
  const { nt, seg, a0, a1, b0, b1 } = p;
  for (let i = 0; i < nt; i++) {
    const k = seg[i] * m;
    const k1 = k + m;
    const w0 = a0[i];
    const w1 = a1[i];
    const v0 = b0[i];
    const v1 = b1[i];
    for (let c = 0; c < m; c++) out[i * m + c] = w0 * y[k + c] + w1 * y[k1 + c] + v0 * s[k + c] + v1 * s[k1 + c];
  }
  return out;
}
