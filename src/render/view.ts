/**
 * The visible data range of a plot and the pure operations on it (pan, zoom about a point, autoscale,
 * pixel ↔ data). In log-y mode the y range is held in log10 units, so pan and zoom stay linear on screen.
 */

export interface View {
  readonly x0: number;
  readonly x1: number;
  /** In log10 units when logY. */
  readonly y0: number;
  readonly y1: number;
  readonly logY: boolean;
}

export interface Size {
  readonly width: number;
  readonly height: number;
}

export interface Bounds {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  /** Smallest positive y, for log scaling. */
  yMinPos: number;
}

export function emptyBounds(): Bounds {
  return { xMin: Infinity, xMax: -Infinity, yMin: Infinity, yMax: -Infinity, yMinPos: Infinity };
}

export function boundsOf(x: ArrayLike<number>, y: ArrayLike<number>): Bounds {
  const b = emptyBounds();
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const xv = x[i];
    const yv = y[i];
    if (!Number.isFinite(xv) || !Number.isFinite(yv)) continue;
    if (xv < b.xMin) b.xMin = xv;
    if (xv > b.xMax) b.xMax = xv;
    if (yv < b.yMin) b.yMin = yv;
    if (yv > b.yMax) b.yMax = yv;
    if (yv > 0 && yv < b.yMinPos) b.yMinPos = yv;
  }
  return b;
}

export function mergeBounds(into: Bounds, b: Bounds): void {
  into.xMin = Math.min(into.xMin, b.xMin);
  into.xMax = Math.max(into.xMax, b.xMax);
  into.yMin = Math.min(into.yMin, b.yMin);
  into.yMax = Math.max(into.yMax, b.yMax);
  into.yMinPos = Math.min(into.yMinPos, b.yMinPos);
}

/** A view showing all of `b` with a 4% margin in y; degenerate ranges are widened so nothing divides by 0. */
export function autoscale(b: Bounds, logY: boolean): View {
  let x0 = b.xMin;
  let x1 = b.xMax;
  if (!Number.isFinite(x0) || !Number.isFinite(x1)) [x0, x1] = [0, 1];
  if (x1 <= x0) [x0, x1] = [x0 - 0.5, x0 + 0.5];
  let y0: number;
  let y1: number;
  if (logY) {
    const lo = Number.isFinite(b.yMinPos) ? b.yMinPos : 1;
    const hi = b.yMax > 0 ? b.yMax : lo * 10;
    y0 = Math.log10(lo);
    y1 = Math.log10(hi);
  } else {
    y0 = Number.isFinite(b.yMin) ? b.yMin : 0;
    y1 = Number.isFinite(b.yMax) ? b.yMax : 1;
  }
  if (y1 <= y0) [y0, y1] = [y0 - 0.5, y0 + 0.5];
  const pad = (y1 - y0) * 0.04;
  return { x0, x1, y0: y0 - pad, y1: y1 + pad, logY };
}

export function pan(v: View, dxPx: number, dyPx: number, s: Size): View {
  const dx = (dxPx / s.width) * (v.x1 - v.x0);
  const dy = (dyPx / s.height) * (v.y1 - v.y0);
  return { ...v, x0: v.x0 - dx, x1: v.x1 - dx, y0: v.y0 + dy, y1: v.y1 + dy };
}

/** Zoom by `fx`, `fy` (>1 zooms in) keeping the data point under pixel (px, py) fixed. */
export function zoomAt(v: View, px: number, py: number, fx: number, fy: number, s: Size): View {
  const cx = v.x0 + (px / s.width) * (v.x1 - v.x0);
  const cy = v.y1 - (py / s.height) * (v.y1 - v.y0);
  return {
    ...v,
    x0: cx - (cx - v.x0) / fx,
    x1: cx + (v.x1 - cx) / fx,
    y0: cy - (cy - v.y0) / fy,
    y1: cy + (v.y1 - cy) / fy,
  };
}

/** Pixel position (from the plot area's top-left) of a data point; y given in data units. */
export function toPixel(v: View, x: number, y: number, s: Size): { px: number; py: number } {
  const yv = v.logY ? Math.log10(y) : y;
  return { px: ((x - v.x0) / (v.x1 - v.x0)) * s.width, py: ((v.y1 - yv) / (v.y1 - v.y0)) * s.height };
}

export function toData(v: View, px: number, py: number, s: Size): { x: number; y: number } {
  const x = v.x0 + (px / s.width) * (v.x1 - v.x0);
  const yv = v.y1 - (py / s.height) * (v.y1 - v.y0);
  return { x, y: v.logY ? 10 ** yv : yv };
}

/** Switches lin ↔ log keeping the same data range where possible. */
export function withLogY(v: View, logY: boolean, b: Bounds): View {
  if (v.logY === logY) return v;
  return { ...autoscale(b, logY), x0: v.x0, x1: v.x1 };
}
