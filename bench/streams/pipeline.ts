/** The bench's three nodes: raw (x, y) → scaled (a·y + b) → smoothed (moving mean over n points). */
import { defineNode, definePipeline, defineTransform } from '../../src/graph/index.ts';

const xy = (id: string) => defineNode({ id, label: id, arrays: [{ name: 'x', role: 'x', unit: '' }, { name: 'y', role: 'y', unit: '' }] });

const scale = defineTransform({
  name: 'scale', from: 'raw', to: 'scaled', params: { a: { kind: 'number', default: 1 }, b: { kind: 'number', default: 0 } },
  inArrays: ['x', 'y'], outArrays: ['x', 'y'],
  run: (d, p) => ({ x: d.x, y: (d.y as Float64Array).map((v) => p.a * v + p.b) }),
});

const smooth = defineTransform({
  name: 'smooth', from: 'scaled', to: 'smoothed', params: { n: { kind: 'integer', default: 3, min: 1, max: 9 } },
  inArrays: ['x', 'y'], outArrays: ['x', 'y'],
  run: (d, p) => {
    const y = d.y as Float64Array;
    const out = new Float64Array(y.length);
    let s = 0;
    for (let i = 0; i < y.length; i++) {
      s += y[i];
      if (i >= p.n) s -= y[i - p.n];
      out[i] = s / Math.min(i + 1, p.n);
    }
    return { x: d.x, y: out };
  },
});

export const threeNodes = definePipeline({ nodes: [xy('raw'), xy('scaled'), xy('smoothed')], transforms: [scale, smooth] });
