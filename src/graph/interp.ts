/** Linear interpolation of (x, y) at xs; x ascending or descending; clamps outside the range. */
export function linearInterp(x: ArrayLike<number>, y: ArrayLike<number>, xs: ArrayLike<number>): Float64Array {
  const n = x.length;
  const out = new Float64Array(xs.length);
  const asc = x[n - 1] >= x[0];
  let j = 0;
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i];
    if (asc ? v <= x[0] : v >= x[0]) {
      out[i] = y[0];
      continue;
    }
    if (asc ? v >= x[n - 1] : v <= x[n - 1]) {
      out[i] = y[n - 1];
      continue;
    }
    if (j > 0 && (asc ? x[j] > v : x[j] < v)) j = 0;
    while (j < n - 2 && (asc ? x[j + 1] < v : x[j + 1] > v)) j++;
    const t = (v - x[j]) / (x[j + 1] - x[j]);
    out[i] = y[j] + t * (y[j + 1] - y[j]);
  }
  return out;
}
