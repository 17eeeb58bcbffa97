import { describe, expect, it } from 'vitest';
import { autoscale, boundsOf, pan, toData, toPixel, withLogY, zoomAt } from '../../src/render/view.ts';

const size = { width: 400, height: 200 };

describe('view', () => {
  it('autoscales to the data with a y margin', () => {
    const b = boundsOf([1, 2, 3], [10, -5, 20]);
    const v = autoscale(b, false);
    expect(v.x0).toBe(1);
    expect(v.x1).toBe(3);
    expect(v.y0).toBeLessThan(-5);
    expect(v.y1).toBeGreaterThan(20);
  });
  it('keeps the point under the cursor fixed when zooming', () => {
    const v = { x0: 0, x1: 100, y0: 0, y1: 10, logY: false };
    const before = toData(v, 100, 50, size);
    const z = zoomAt(v, 100, 50, 2, 3, size);
    const after = toData(z, 100, 50, size);
    expect(after.x).toBeCloseTo(before.x, 9);
    expect(after.y).toBeCloseTo(before.y, 9);
    expect(z.x1 - z.x0).toBeCloseTo(50, 9);
  });
  it('pans by pixels and maps back and forth, in log too', () => {
    const v = pan({ x0: 0, x1: 100, y0: 0, y1: 10, logY: false }, 40, 0, size);
    expect(v.x0).toBeCloseTo(-10, 9);
    const lv = withLogY(v, true, boundsOf([0, 100], [1e-2, 1e3]));
    const p = toPixel(lv, 50, 10, size);
    const d = toData(lv, p.px, p.py, size);
    expect(d.y).toBeCloseTo(10, 9);
    expect(lv.x0).toBe(v.x0);
  });
});
