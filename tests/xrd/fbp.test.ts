/** Filtered back-projection on phantoms whose sinograms we compute by forward projection. */
import { describe, expect, it } from 'vitest';
import { fbp, filterKernel, projectParallel } from '../../src/kernels/xrd/fbp.ts';
import type { FbpFilter } from '../../src/kernels/xrd/fbp.ts';
import { assembleSinogram, scanAngles, scanPosition, sinogramSlice } from '../../src/kernels/xrd/sinogram.ts';
import { discPhantom } from '../../src/sim/xrd-scan.ts';

function correlation(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) { ma += a[i]; mb += b[i]; }
  ma /= n; mb /= n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

describe('filtered back-projection', () => {
  const size = 48;
  const [phantom] = discPhantom(size);
  const angles = scanAngles({ nRot: 90, nTrans: size });
  const sino = projectParallel(phantom, size, angles, size);

  it('the projection of a disc has its line integrals (chord lengths)', () => {
    // The disc of radius 0.25·size: the central ray at 90° crosses it along its diameter where it is widest.
    const radius = size * 0.25;
    let max = 0;
    for (let d = 0; d < size; d++) max = Math.max(max, sino[d]);
    expect(Math.abs(max - 2 * radius) / (2 * radius)).toBeLessThan(0.08);
  });

  for (const filter of ['ram-lak', 'shepp-logan'] as FbpFilter[]) {
    it(`${filter}: reconstructs the phantom`, () => {
      const img = fbp(sino, angles, size, filter);
      expect(correlation(img, phantom)).toBeGreaterThan(0.93);
      // Inside the disc the density is 1, outside 0 (means over regions away from the edge).
      let inside = 0, nIn = 0, outside = 0, nOut = 0;
      const c = (size - 1) / 2;
      for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
        const r = Math.hypot(x - c + size * 0.12, y - c);
        if (r < size * 0.18) { inside += img[y * size + x]; nIn++; }
        if (r > size * 0.33 && Math.hypot(x - c, y - c) < size * 0.45) { outside += img[y * size + x]; nOut++; }
      }
      expect(Math.abs(inside / nIn - 1)).toBeLessThan(0.1);
      expect(Math.abs(outside / nOut)).toBeLessThan(0.1);
    });
  }

  it('filters: Ram-Lak has zero even taps, Shepp-Logan is smoother (smaller centre tap)', () => {
    const r = filterKernel('ram-lak', 5);
    const s = filterKernel('shepp-logan', 5);
    expect(r[4]).toBe(0.25);
    expect(r[6]).toBe(0);
    expect(s[4]).toBeCloseTo(2 / Math.PI ** 2, 12);
    expect(s[4]).toBeLessThan(r[4]);
  });

  it('sinograms assembled from scan positions (snake, trans-major) slice back to the 2D sinogram', () => {
    const nRot = 6, nTrans = 5, npt = 4;
    const desc = { nRot, nTrans, order: 'trans-major' as const, snake: true };
    const positions = Array.from({ length: nRot * nTrans }, (_, i) => scanPosition(i, desc));
    expect(new Set(positions.map((p) => `${p.rot},${p.trans}`)).size).toBe(nRot * nTrans);
    const patterns = positions.map((p) => Float64Array.from({ length: npt }, (_, b) => 100 * p.rot + p.trans + (b === 2 ? 1000 : 0)));
    const s3 = assembleSinogram(patterns, positions, nRot, nTrans);
    const slice = sinogramSlice(s3, 2, 3);
    for (let r = 0; r < nRot; r++) for (let t = 0; t < nTrans; t++) expect(slice[r * nTrans + t]).toBe(1000 + 100 * r + t);
    const peakOnly = sinogramSlice(s3, 2, 3, 1);
    for (const v of peakOnly) expect(v).toBeCloseTo(1000, 9);
  });
});
