/**
 * The benchmark pipeline: raw → scaled → smooth → deriv over 1000-point spectra. Each transform counts the
 * time spent inside it, so the bench can report the engine's own overhead apart from the numerics.
 */
import { defineNode, defineTransform } from '../../src/graph/define.ts';
import { definePipeline } from '../../src/graph/pipeline.ts';
import type { NodeData } from '../../src/graph/types.ts';

export const inside = { ms: 0 };
const here = import.meta.url;
const f64 = (v: NodeData[string]): Float64Array => v as Float64Array;
const node = (id: string, y: string) => defineNode({ id, label: id, arrays: [{ name: 'x', role: 'x', unit: 'eV' }, { name: y, role: 'y', unit: '' }] });

function timed<T>(f: () => T): T {
  const t = performance.now();
  const r = f();
  inside.ms += performance.now() - t;
  return r;
}

export const scale = defineTransform({
  name: 'scale', from: 'raw', to: 'scaled', params: { factor: { kind: 'number', default: 1 } }, inArrays: ['x', 'y'], outArrays: ['x', 'y'],
  location: { module: here, exportName: 'scale' },
  run: (d, p) => timed(() => ({ x: d.x, y: f64(d.y).map((v) => v * p.factor) })),
});
export const smooth = defineTransform({
  name: 'smooth', from: 'scaled', to: 'smooth', params: { window: { kind: 'integer', default: 3, min: 1 } }, inArrays: ['x', 'y'], outArrays: ['x', 'y'],
  location: { module: here, exportName: 'smooth' },
  run: (d, p) =>
    timed(() => {
      const y = f64(d.y);
      const h = p.window >> 1;
      const out = new Float64Array(y.length);
      for (let i = 0; i < y.length; i++) {
        let s = 0;
        const a = Math.max(0, i - h);
        const b = Math.min(y.length - 1, i + h);
        for (let j = a; j <= b; j++) s += y[j];
        out[i] = s / (b - a + 1);
      }
      return { x: d.x, y: out };
    }),
});
export const deriv = defineTransform({
  name: 'deriv', from: 'smooth', to: 'deriv', params: { work: { kind: 'integer', default: 0, min: 0 } }, inArrays: ['x', 'y'], outArrays: ['x', 'dy'],
  location: { module: here, exportName: 'deriv' },
  run: (d, p) =>
    timed(() => {
      const x = f64(d.x);
      const y = f64(d.y);
      const n = y.length;
      const dy = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const a = Math.max(0, i - 1);
        const b = Math.min(n - 1, i + 1);
        dy[i] = (y[b] - y[a]) / (x[b] - x[a]);
      }
      // `work` makes the transform CPU-heavy (an autobk-sized cost) for the pool measurement.
      let acc = 0;
      for (let r = 0; r < p.work; r++) for (let i = 0; i < n; i++) acc += Math.sqrt(Math.abs(dy[i]) + r);
      if (acc === -1) dy[0] = acc;
      return { x: d.x, dy };
    }),
});

export const benchPipeline = definePipeline({ nodes: [node('raw', 'y'), node('scaled', 'y'), node('smooth', 'y'), node('deriv', 'dy')], transforms: [scale, smooth, deriv] });

export function spectrum(n: number, seed: number): NodeData {
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = 8900 + i * 0.5;
    y[i] = Math.atan((i - n / 3) / 20) + 0.05 * Math.sin(i / 7 + seed);
  }
  return { x, y };
}
