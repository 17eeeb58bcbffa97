/** A small three-node pipeline for session tests: raw (x, y) → scaled (a·y + b) → smoothed (moving mean). */
import { defineNode, definePipeline, defineTransform } from '../../../src/graph/index.ts';
import type { Engine } from '../../../src/graph/engine.ts';
import type { NodeOutput } from '../../../src/graph/state.ts';
import { isImage2D } from '../../../src/graph/types.ts';

const xy = (id: string, label: string) => defineNode({ id, label, arrays: [{ name: 'x', role: 'x', unit: '' }, { name: 'y', role: 'y', unit: '' }] });

export const scale = defineTransform({
  name: 'scale', from: 'raw', to: 'scaled',
  params: { a: { kind: 'number', default: 1 }, b: { kind: 'number', default: 0 } },
  inArrays: ['x', 'y'], outArrays: ['x', 'y'],
  run: (d, p) => ({ x: d.x, y: (d.y as Float64Array).map((v) => p.a * v + p.b) }),
});

export const smooth = defineTransform({
  name: 'smooth', from: 'scaled', to: 'smoothed',
  params: { n: { kind: 'integer', default: 1, min: 1, max: 9 } },
  inArrays: ['x', 'y'], outArrays: ['x', 'y'],
  run: (d, p) => {
    const y = d.y as Float64Array;
    const out = new Float64Array(y.length);
    for (let i = 0; i < y.length; i++) {
      let s = 0;
      let k = 0;
      for (let j = Math.max(0, i - p.n + 1); j <= i; j++, k++) s += y[j];
      out[i] = s / k;
    }
    return { x: d.x, y: out };
  },
});

export const testPipeline = definePipeline({ nodes: [xy('raw', 'raw'), xy('scaled', 'scaled'), xy('smoothed', 'smoothed')], transforms: [scale, smooth] });

/** Every node's output as comparable plain data: status, error, and the exact bytes of each array. */
export function snapshot(engine: Engine): unknown {
  const out: Record<string, unknown> = {};
  for (const node of testPipeline.order) {
    const o: NodeOutput = engine.output(node);
    out[node] = [...o].map(([id, s]) => {
      if (s.status !== 'ok') return [id, s.status, s.status === 'failed' ? s.error : null];
      const arrays = Object.entries(s.data).map(([k, v]) => {
        const a = typeof v === 'number' ? new Float64Array([v]) : isImage2D(v) ? v.data : v;
        return [k, Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex')];
      });
      return [id, 'ok', arrays];
    });
  }
  return out;
}
