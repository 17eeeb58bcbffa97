/**
 * A CPU painter for the cached picture: the same segments the GPU would draw (vertex chunks), rasterised
 * into an RGBA buffer with a clipped DDA, later segments over earlier ones, no blending — as the GL line
 * path draws them. Where WebGL runs on a software rasteriser (SwiftShader: about 1 µs per line primitive),
 * this is some 20× faster; on a real GPU the GPU painter is used. Pure: runs in tests and in a worker.
 */
import { FLOATS_PER_VERTEX, HIDDEN, type Chunk } from './vertex-chunks.ts';
import type { View } from './view.ts';

/** 0xRRGGBB → an opaque RGBA pixel as a little-endian Uint32. */
export function rgbaPixel(rgb: number): number {
  return (0xff000000 | ((rgb & 0xff) << 16) | (rgb & 0xff00) | ((rgb >> 16) & 0xff)) >>> 0;
}

/**
 * Draws every visible segment of `chunks` into `out` (width × height pixels, row 0 at the top = view.y1).
 * `originX` is the chunks' x origin. Returns the number of segments drawn.
 */
export function rasterize(chunks: readonly Chunk[], originX: number, view: View, width: number, height: number, out: Uint32Array): number {
  out.fill(0);
  let drawn = 0;
  for (const c of chunks) drawn += rasterizeRange(c, 0, c.used, originX, view, width, height, out);
  return drawn;
}

/**
 * Draws the visible segments of vertices [lo, hi) of one chunk over what `out` holds (no clearing): adds a
 * curve to a picture already painted. Returns the number of segments drawn.
 */
export function rasterizeRange(c: Chunk, lo: number, hi: number, originX: number, view: View, width: number, height: number, out: Uint32Array): number {
  const kx = width / (view.x1 - view.x0);
  const ky = height / (view.y1 - view.y0);
  const ox = view.x0 - originX;
  const log = view.logY;
  const W = width;
  const H = height;
  let drawn = 0;
  let lastColor = -2;
  let pixel = 0;
  const d = c.data;
  const end = Math.min(hi, c.used) * FLOATS_PER_VERTEX;
  for (let o = (lo & ~1) * FLOATS_PER_VERTEX; o < end; o += 2 * FLOATS_PER_VERTEX) {
    const color = d[o + 2];
    if (color === HIDDEN || color < 0) continue;
    if (color !== lastColor) {
      lastColor = color;
      pixel = rgbaPixel(color);
    }
    let ya = d[o + 1];
    let yb = d[o + 4];
    if (log) {
      ya = Math.log10(Math.max(ya, 1e-30));
      yb = Math.log10(Math.max(yb, 1e-30));
    }
    let x0 = (d[o] - ox) * kx;
    let y0 = (view.y1 - ya) * ky;
    let x1 = (d[o + 3] - ox) * kx;
    let y1 = (view.y1 - yb) * ky;
    const inside = x0 >= 0 && x0 < W && y0 >= 0 && y0 < H && x1 >= 0 && x1 < W && y1 >= 0 && y1 < H;
    if (!inside) {
      const r = clip(x0, y0, x1, y1, W, H);
      if (r === null) continue;
      [x0, y0, x1, y1] = r;
    }
    const steps = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))));
    const sx = (x1 - x0) / steps;
    const sy = (y1 - y0) / steps;
    let x = x0;
    let y = y0;
    for (let s = 0; s <= steps; s++) {
      const ix = x | 0;
      const iy = y | 0;
      if (ix >= 0 && ix < W && iy >= 0 && iy < H) out[iy * W + ix] = pixel;
      x += sx;
      y += sy;
    }
    drawn++;
  }
  return drawn;
}

/** Liang–Barsky clip of a segment to [0, W) × [0, H); null when it misses the picture. */
function clip(x0: number, y0: number, x1: number, y1: number, W: number, H: number): [number, number, number, number] | null {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const p = [-dx, dx, -dy, dy];
  const q = [x0, W - 1e-6 - x0, y0, H - 1e-6 - y0];
  let t0 = 0;
  let t1 = 1;
  for (let i = 0; i < 4; i++) {
    if (p[i] === 0) {
      if (q[i] < 0) return null;
      continue;
    }
    const r = q[i] / p[i];
    if (p[i] < 0) {
      if (r > t1) return null;
      if (r > t0) t0 = r;
    } else {
      if (r < t0) return null;
      if (r < t1) t1 = r;
    }
  }
  return [x0 + t0 * dx, y0 + t0 * dy, x0 + t1 * dx, y0 + t1 * dy];
}
