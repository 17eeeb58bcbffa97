import { basisMatrix } from './bspline.ts';
import { applySplineMany, planSpline } from './cubic-spline.ts';
import { indexOf } from './pyutil.ts';

/**
 * [G | chi0] on kout (row-major nout × (nspl+1)): chi(c) = chi0 − G·c is the not-a-knot spline through
 * (kr, m − B(kr)·c). A cubic B-spline whose breakpoints are interpolation nodes other than kr[1] and
 * kr[n−2] is reproduced exactly by that spline, so then G = B(kout) directly (sparse, 4 per row) and only
 * the data need the spline; otherwise every basis column goes through the spline.
 */
export function designColumns(kr: Float64Array, m: ArrayLike<number>, kout: Float64Array, knots: Float64Array, nspl: number, forceSpline = false): Float64Array {
  const nkr = kr.length;
  const nout = kout.length;
  const w = nspl + 1;
  const plan = planSpline(kr, kout);
  const gx = new Float64Array(nout * w);
  if (!forceSpline && exactBasis(kr, knots)) {
    const b = basisMatrix(knots, kout);
    for (let i = 0; i < nout; i++) for (let j = 0; j < nspl; j++) gx[i * w + j] = b[i * nspl + j];
    const chi0 = applySplineMany(plan, m, 1, new Float64Array(nout));
    for (let i = 0; i < nout; i++) gx[i * w + nspl] = chi0[i];
    return gx;
  }
  const bkr = basisMatrix(knots, kr);
  const y = new Float64Array(nkr * w);
  for (let i = 0; i < nkr; i++) {
    for (let j = 0; j < nspl; j++) y[i * w + j] = bkr[i * nspl + j];
    y[i * w + nspl] = m[i];
  }
  return applySplineMany(plan, y, w, gx);
}

/**
 * Whether B(kout) is G exactly: every interior knot is a node kr[i] other than kr[1] and kr[n−2] (the
 * not-a-knot spline through (kr, B_j(kr)) then reproduces each cubic B-spline B_j).
 */
export function exactBasis(kr: Float64Array, knots: Float64Array): boolean {
  const nkr = kr.length;
  for (let i = 4; i < knots.length - 4; i++) {
    const t = knots[i];
    if (kr[indexOf(kr, t)] !== t || t === kr[1] || t === kr[nkr - 2]) return false;
  }
  return true;
}
