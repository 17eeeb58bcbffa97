/** Deterministic synthetic XAFS-like curves (an edge step with wiggles) on one shared energy grid. */
export interface CurveSet {
  readonly x: Float64Array;
  readonly ys: Float64Array[];
  readonly yMin: number;
  readonly yMax: number;
}

export function makeCurves(nCurves: number, nPoints: number): CurveSet {
  const x = new Float64Array(nPoints);
  for (let i = 0; i < nPoints; i++) x[i] = 8800 + (1000 * i) / (nPoints - 1);
  const ys: Float64Array[] = [];
  let yMin = Infinity;
  let yMax = -Infinity;
  for (let c = 0; c < nCurves; c++) {
    const y = new Float64Array(nPoints);
    const e0 = 8975 + (c % 17);
    const k = 0.02 + (c % 13) * 0.002;
    for (let i = 0; i < nPoints; i++) {
      const e = x[i];
      const v = 1 / (1 + Math.exp(-(e - e0) / 3)) + (e > e0 ? 0.08 * Math.sin(k * (e - e0)) * Math.exp(-(e - e0) / 400) : 0) + c * 0.0002;
      y[i] = v;
      if (v < yMin) yMin = v;
      if (v > yMax) yMax = v;
    }
    ys.push(y);
  }
  return { x, ys, yMin, yMax };
}

/** The view for frame `f` of a pan/zoom sequence: zooming in and out around the edge while drifting. */
export function viewAt(f: number, set: CurveSet): { x0: number; x1: number; y0: number; y1: number } {
  const zoom = 1 + 0.5 * Math.sin(f * 0.7);
  const centre = 9100 + 150 * Math.sin(f * 0.31);
  const half = 500 / zoom;
  const pad = (set.yMax - set.yMin) * 0.05;
  return { x0: centre - half, x1: centre + half, y0: set.yMin - pad, y1: set.yMax + pad };
}
