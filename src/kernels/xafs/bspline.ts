/**
 * Cubic B-spline basis on a clamped knot vector (FITPACK layout: 4 repeated end knots), with
 * polynomial extrapolation from the end spans as splev(ext=0) does.
 */

/** Knot vector of larch's background spline: [k₀]×4 + nodes[2:−2] + [k_last]×4. */
export function autobkKnots(nodes: ArrayLike<number>): Float64Array {
  const m = nodes.length;
  const t = new Float64Array(m + 4);
  for (let i = 0; i < 4; i++) {
    t[i] = nodes[0];
    t[m + i] = nodes[m - 1];
  }
  for (let i = 2; i < m - 2; i++) t[i + 2] = nodes[i];
  return t;
}

/**
 * Dense basis matrix B (rows = points, cols = nCoef = t.length − 4): B[i][j] = B_j(x_i).
 * Each row has at most 4 non-zeros; the span is clamped to the first/last non-empty one for extrapolation.
 */
export function basisMatrix(t: Float64Array, x: ArrayLike<number>): Float64Array {
  const nc = t.length - 4;
  const out = new Float64Array(x.length * nc);
  const vals = new Float64Array(4);
  for (let i = 0; i < x.length; i++) {
    const span = findSpan(t, x[i]);
    basisFuns(t, span, x[i], vals, 0);
    for (let r = 0; r < 4; r++) out[i * nc + span - 3 + r] = vals[r];
  }
  return out;
}

/**
 * The same basis, sparse: for each x the span s (its non-zero columns are s−3 … s) and the four values
 * (vals[4i … 4i+3]), in the order basisMatrix writes them.
 */
export function basisSparse(t: Float64Array, x: ArrayLike<number>): { readonly span: Int32Array; readonly vals: Float64Array } {
  const span = new Int32Array(x.length);
  const vals = new Float64Array(4 * x.length);
  for (let i = 0; i < x.length; i++) {
    const s = findSpan(t, x[i]);
    span[i] = s;
    basisFuns(t, s, x[i], vals, 4 * i);
  }
  return { span, vals };
}

/** The span index s (3 ≤ s ≤ nc−1) with t[s] ≤ x < t[s+1], clamped at both ends. */
function findSpan(t: Float64Array, x: number): number {
  const nc = t.length - 4;
  if (x >= t[nc]) return nc - 1;
  if (x < t[4]) return 3;
  let lo = 3;
  let hi = nc;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (t[mid] <= x) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** The four non-zero cubic basis values at x on span s (Cox–de Boor, triangular form). */
const left = new Float64Array(4);
const right = new Float64Array(4);

function basisFuns(t: Float64Array, s: number, x: number, n: Float64Array, o: number): void {
  n[o] = 1;
  for (let j = 1; j <= 3; j++) {
    left[j] = x - t[s + 1 - j];
    right[j] = t[s + j] - x;
    let saved = 0;
    for (let r = 0; r < j; r++) {
      const temp = n[o + r] / (right[r + 1] + left[j - r]);
      n[o + r] = saved + right[r + 1] * temp;
      saved = left[j - r] * temp;
    }
    n[o + j] = saved;
  }
}
