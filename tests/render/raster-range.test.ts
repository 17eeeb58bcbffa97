import { describe, expect, it } from 'vitest';
import { rasterize, rasterizeRange } from '../../src/render/raster.ts';
import { VertexChunks } from '../../src/render/vertex-chunks.ts';

describe('rasterizeRange (a curve painted in over a picture)', () => {
  it('painting a new curve over the picture of the others equals painting all of them', () => {
    const store = new VertexChunks();
    const curve = (k: number) => ({ x: Float64Array.from({ length: 200 }, (_, i) => i), y: Float64Array.from({ length: 200 }, (_, i) => Math.sin(i / 9 + k) * 40 + 50), color: 0x102030 * (k + 1), visible: true });
    for (let k = 0; k < 5; k++) store.set(`c${k}`, curve(k));
    const view = { x0: 0, x1: 199, y0: 0, y1: 100, logY: false };
    const W = 120;
    const H = 80;
    const before = new Uint32Array(W * H);
    rasterize(store.chunks, store.originX, view, W, H, before);
    store.set('new', curve(7));
    const all = new Uint32Array(W * H);
    rasterize(store.chunks, store.originX, view, W, H, all);
    const r = store.range('new')!;
    const drawn = rasterizeRange(store.chunks[r.chunk], r.start, r.end, store.originX, view, W, H, before);
    expect(drawn).toBe(199);
    expect(before).toEqual(all);
  });
});
