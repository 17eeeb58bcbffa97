/**
 * Dense linear least squares by Householder QR: minimise ‖A·c − b‖ for a tall, full-rank A.
 * A is row-major (m rows, n cols) and is overwritten; b is overwritten. QR avoids squaring the condition
 * number, which matters for polynomial fits in eV and for autobk's design matrix.
 */
export function lstsqInPlace(a: Float64Array, m: number, n: number, b: Float64Array): Float64Array {
  return backSolve(householderInPlace(a, m, n, b), a, n, b);
}

/**
 * Householder QR of A (m × n, row-major, m ≥ n) applied to b: afterwards the upper triangle of A holds R
 * (diagonal returned separately), and b holds Qᵀb, whose tail b[n:] is the part no c can fit.
 */
export function householderInPlace(a: Float64Array, m: number, n: number, b: Float64Array): Float64Array {
  if (m < n) throw new Error(`least squares needs at least ${n} rows, got ${m}`);
  const diag = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let norm = 0;
    for (let i = j; i < m; i++) norm += a[i * n + j] * a[i * n + j];
    norm = Math.sqrt(norm);
    if (norm === 0) throw new Error('least squares: singular design matrix');
    const alpha = a[j * n + j] > 0 ? -norm : norm;
    // v = x − alpha·e1, stored in column j from the diagonal down
    a[j * n + j] -= alpha;
    let vv = 0;
    for (let i = j; i < m; i++) vv += a[i * n + j] * a[i * n + j];
    if (vv > 0) {
      for (let k = j + 1; k < n; k++) {
        let s = 0;
        for (let i = j; i < m; i++) s += a[i * n + j] * a[i * n + k];
        const f = (2 * s) / vv;
        for (let i = j; i < m; i++) a[i * n + k] -= f * a[i * n + j];
      }
      let s = 0;
      for (let i = j; i < m; i++) s += a[i * n + j] * b[i];
      const f = (2 * s) / vv;
      for (let i = j; i < m; i++) b[i] -= f * a[i * n + j];
    }
    diag[j] = alpha;
  }
  return diag;
}

/**
 * Applies Qᵀ of an earlier householderInPlace(a, m, n, ·) to another right-hand side b, in place: the same
 * reflections in the same order, so b ends bit-identical to what a joint call would have given.
 * vv[j] = ‖v_j‖² of each reflector (reflectorNorms).
 */
export function applyQt(a: Float64Array, m: number, n: number, vv: Float64Array, b: Float64Array): void {
  for (let j = 0; j < n; j++) {
    const q = vv[j];
    if (!(q > 0)) continue;
    let s = 0;
    for (let i = j; i < m; i++) s += a[i * n + j] * b[i];
    const f = (2 * s) / q;
    for (let i = j; i < m; i++) b[i] -= f * a[i * n + j];
  }
}

/** ‖v_j‖² of the reflectors householderInPlace left below the diagonal of a (column j, rows j …). */
export function reflectorNorms(a: Float64Array, m: number, n: number): Float64Array {
  const vv = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = j; i < m; i++) s += a[i * n + j] * a[i * n + j];
    vv[j] = s;
  }
  return vv;
}

/** Solves R·c = (Qᵀb)[:n] after householderInPlace. */
export function backSolve(diag: Float64Array, a: Float64Array, n: number, b: Float64Array): Float64Array {
  const c = new Float64Array(n);
  for (let j = n - 1; j >= 0; j--) {
    let s = b[j];
    for (let k = j + 1; k < n; k++) s -= a[j * n + k] * c[k];
    c[j] = s / diag[j];
  }
  return c;
}

/** Polynomial fit of degree `deg` over x[p:q] (exclusive q); returns an evaluator on the full grid. */
export function polyfitEval(x: ArrayLike<number>, y: ArrayLike<number>, p: number, q: number, deg: number, at: ArrayLike<number>): Float64Array {
  const m = q - p;
  const n = deg + 1;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = p; i < q; i++) {
    lo = Math.min(lo, x[i]);
    hi = Math.max(hi, x[i]);
  }
  // map to [-1, 1] as numpy.polynomial.Polynomial.fit does: x≈10⁴ eV is ill-conditioned otherwise
  const off = hi > lo ? -(hi + lo) / (hi - lo) : -lo;
  const scl = hi > lo ? 2 / (hi - lo) : 1;
  const a = new Float64Array(m * n);
  const b = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const t = off + scl * x[p + i];
    let pw = 1;
    for (let j = 0; j < n; j++) {
      a[i * n + j] = pw;
      pw *= t;
    }
    b[i] = y[p + i];
  }
  const c = lstsqInPlace(a, m, n, b);
  const out = new Float64Array(at.length);
  for (let i = 0; i < at.length; i++) {
    const t = off + scl * at[i];
    let v = 0;
    for (let j = n - 1; j >= 0; j--) v = v * t + c[j];
    out[i] = v;
  }
  return out;
}
