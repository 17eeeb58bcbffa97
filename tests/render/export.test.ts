import { describe, expect, it } from 'vitest';
import { nodeCsv } from '../../src/render/csv.ts';
import { linePlotSvg } from '../../src/render/svg.ts';
import { applyColormap, colormapTable, robustLimits } from '../../src/render/colormap.ts';

describe('nodeCsv', () => {
  it('writes one row per point with units in the header and quoted names', () => {
    const csv = nodeCsv(
      [{ name: 'energy', role: 'x', unit: 'eV' }, { name: 'mu', role: 'y', unit: '' }, { name: 'e0', role: 'scalar', unit: 'eV' }],
      [{ name: 'Cu, foil', data: { energy: new Float64Array([1, 2]), mu: new Float64Array([0.5, NaN]), e0: 8979 } }],
    );
    expect(csv).toBe('item,energy (eV),mu,e0 (eV)\n"Cu, foil",1,0.5,8979\n"Cu, foil",2,,8979\n');
  });
  it('writes images pixel by pixel', () => {
    const csv = nodeCsv([{ name: 'frame', role: '2D', unit: '' }], [{ name: 'f', data: { frame: { kind: 'image', rows: 1, cols: 2, data: new Float32Array([3, 4]) } } }]);
    expect(csv).toBe('item,array,row,column,value\nf,frame,0,0,3\nf,frame,0,1,4\n');
  });
});

describe('linePlotSvg', () => {
  it('draws visible curves as polylines, selected last and thicker, with axis titles', () => {
    const svg = linePlotSvg(
      [
        { name: 'sel', x: new Float64Array([0, 1, 2]), y: new Float64Array([0, 1, 0]), color: 0xff0000, visible: true, selected: true },
        { name: 'a<b', x: new Float64Array([0, 1, 2]), y: new Float64Array([1, 0, 1]), color: 0x00ff00, visible: true, selected: false },
        { name: 'hidden', x: new Float64Array([0, 1]), y: new Float64Array([0, 1]), color: 0x0000ff, visible: false, selected: false },
      ],
      { x0: 0, x1: 2, y0: 0, y1: 1, logY: false },
      400,
      300,
      { x: 'energy (eV)', y: 'mu' },
    );
    expect(svg.match(/<polyline/g)?.length).toBe(2);
    expect(svg.indexOf('a&lt;b')).toBeLessThan(svg.indexOf('>sel<'));
    expect(svg).toContain('stroke-width="3"');
    expect(svg).toContain('energy (eV)');
    expect(svg).not.toContain('hidden');
  });
});

describe('colormap', () => {
  it('maps limits to the ends of the table and NaN to transparent', () => {
    const t = colormapTable('viridis');
    const rgba = applyColormap(new Float64Array([0, 10, NaN]), { lo: 0, hi: 10, log: false }, 'viridis');
    expect(Array.from(rgba.slice(0, 4))).toEqual([t[0], t[1], t[2], 255]);
    expect(Array.from(rgba.slice(4, 8))).toEqual([t[765], t[766], t[767], 255]);
    expect(rgba[11]).toBe(0);
  });
  it('ignores a hot pixel when choosing limits', () => {
    const d = new Float64Array(10_000).map((_, i) => i % 100);
    d[5] = 1e9;
    const s = robustLimits(d, false);
    expect(s.hi).toBeLessThan(100);
  });
});
