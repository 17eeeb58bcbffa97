import { describe, expect, it } from 'vitest';
import { rasterize, rgbaPixel } from '../../src/render/raster.ts';
import { VertexChunks } from '../../src/render/vertex-chunks.ts';

const view = { x0: 0, x1: 10, y0: 0, y1: 10, logY: false };

describe('CPU painter', () => {
  it('draws a horizontal segment along its pixel row in the curve colour', () => {
    const v = new VertexChunks();
    v.set('a', { x: [0, 10], y: [5, 5], color: 0x102030, visible: true });
    const out = new Uint32Array(100);
    expect(rasterize(v.chunks, v.originX, view, 10, 10, out)).toBe(1);
    const row = Array.from(out.slice(50, 60));
    expect(row.every((p) => p === rgbaPixel(0x102030))).toBe(true);
    expect(out.filter((p) => p !== 0).length).toBe(10);
  });
  it('skips hidden curves and clips what leaves the picture', () => {
    const v = new VertexChunks();
    v.set('h', { x: [0, 10], y: [2, 2], color: 0xff0000, visible: false });
    v.set('c', { x: [-100, 100], y: [-100, 100], color: 0x00ff00, visible: true });
    const out = new Uint32Array(100);
    rasterize(v.chunks, v.originX, view, 10, 10, out);
    // The diagonal y = x crosses the picture corner to corner: one pixel per row, on the anti-diagonal (y up).
    for (let r = 0; r < 10; r++) expect(out[r * 10 + (9 - r)]).toBe(rgbaPixel(0x00ff00));
    expect(out.filter((p) => p === rgbaPixel(0xff0000)).length).toBe(0);
  });
  it('draws later curves over earlier ones and handles log y', () => {
    const v = new VertexChunks();
    v.set('a', { x: [0, 10], y: [10, 10], color: 0x0000ff, visible: true });
    v.set('b', { x: [0, 10], y: [10, 10], color: 0xff0000, visible: true });
    const out = new Uint32Array(100);
    rasterize(v.chunks, v.originX, { x0: 0, x1: 10, y0: 0, y1: 2, logY: true }, 10, 10, out);
    // log10(10) = 1: the middle row, red on top.
    expect(out[50]).toBe(rgbaPixel(0xff0000));
    expect(out.filter((p) => p === rgbaPixel(0x0000ff)).length).toBe(0);
  });
});
