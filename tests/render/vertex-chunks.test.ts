import { describe, expect, it } from 'vitest';
import { FLOATS_PER_VERTEX, HIDDEN, VertexChunks } from '../../src/render/vertex-chunks.ts';

const curve = (n: number, y0 = 0, color = 0x123456) => ({
  x: Float64Array.from({ length: n }, (_, i) => 100 + i),
  y: Float64Array.from({ length: n }, (_, i) => y0 + i * i),
  color,
  visible: true,
});

function visibleSegments(v: VertexChunks): number {
  let s = 0;
  for (const c of v.chunks) for (let k = 2; k < c.data.length; k += 2 * FLOATS_PER_VERTEX) if (c.data[k] !== HIDDEN) s++;
  return s;
}

describe('VertexChunks', () => {
  it('writes n-1 segments per curve, x relative to the origin, colour packed', () => {
    const v = new VertexChunks();
    v.set('a', curve(5));
    const d = v.chunks[0].data;
    expect(v.originX).toBe(100);
    expect(Array.from(d.slice(0, 6))).toEqual([0, 0, 0x123456, 1, 1, 0x123456]);
    expect(visibleSegments(v)).toBe(4);
  });
  it('marks only the rewritten curve dirty', () => {
    const v = new VertexChunks();
    for (let i = 0; i < 10; i++) v.set(`c${i}`, curve(100, i));
    v.markClean();
    v.set('c5', curve(100, 50));
    const c = v.chunks[0];
    const slotBytes = (c.dirtyHi - c.dirtyLo) * FLOATS_PER_VERTEX * 4;
    expect(c.resized).toBe(false);
    expect(c.dirtyHi).toBeGreaterThan(c.dirtyLo);
    // One curve's slot (198 vertices + headroom), far less than the chunk.
    expect(slotBytes).toBeLessThan(c.data.byteLength / 5);
  });
  it('grows a curve in place within its headroom, and moves it when it outgrows its slot', () => {
    const v = new VertexChunks();
    v.set('a', curve(10));
    v.set('b', curve(10));
    v.markClean();
    v.set('a', curve(12));
    expect(v.chunks[0].dirtyLo).toBe(0);
    expect(visibleSegments(v)).toBe(11 + 9);
    v.set('a', curve(200));
    expect(visibleSegments(v)).toBe(199 + 9);
  });
  it('hides removed, invisible and non-finite segments', () => {
    const v = new VertexChunks();
    v.set('a', curve(10));
    v.set('b', { ...curve(10), visible: false });
    const c = curve(10);
    c.y[3] = NaN;
    v.set('c', c);
    expect(visibleSegments(v)).toBe(9 + 0 + 7);
    v.remove('a');
    expect(visibleSegments(v)).toBe(7);
    expect(v.size).toBe(2);
  });
  it('spreads a million-segment plot over few chunks', () => {
    const v = new VertexChunks();
    for (let i = 0; i < 1000; i++) v.set(`c${i}`, curve(1000, i));
    // Chunks are filled (few draw calls): at least 85% of every chunk but the last holds curve slots.
    for (const c of v.chunks.slice(0, -1)) expect(c.used / (c.data.length / FLOATS_PER_VERTEX)).toBeGreaterThan(0.85);
    expect(visibleSegments(v)).toBe(1000 * 999);
  });
});

describe('VertexChunks alignment', () => {
  it('starts every slot on an even vertex so no segment joins two curves', () => {
    const v = new VertexChunks();
    for (let i = 0; i < 50; i++) v.set(`c${i}`, curve(3 + (i % 7), i));
    v.set('c3', curve(40));
    for (const c of v.chunks)
      for (let k = 0; k < c.used; k += 2) {
        const a = c.data[k * FLOATS_PER_VERTEX + 2];
        const b = c.data[(k + 1) * FLOATS_PER_VERTEX + 2];
        expect(a === HIDDEN).toBe(b === HIDDEN);
      }
  });
});
