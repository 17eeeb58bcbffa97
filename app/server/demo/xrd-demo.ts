/**
 * The demo's diffraction branch: detector frame → radial profile (azimuthal average about a beam centre) →
 * background-subtracted profile. The project's pyFAI-grade integrator (src/pipelines/xrd.ts) replaces this
 * when it lands.
 */
import { defineNode, defineTransform } from '../../../src/graph/define.ts';
import { isImage2D } from '../../../src/graph/types.ts';

export const frame = defineNode({ id: 'frame', label: 'detector frame', arrays: [{ name: 'image', role: '2D', unit: 'counts' }] });
export const pattern = defineNode({ id: 'pattern', label: 'radial profile', arrays: [{ name: 'r', role: 'x', unit: 'px' }, { name: 'I', role: 'y', unit: 'counts' }] });
export const corrected = defineNode({ id: 'corrected', label: 'background subtracted', arrays: [{ name: 'r', role: 'x', unit: 'px' }, { name: 'I', role: 'y', unit: 'counts' }] });

export const integrate = defineTransform({
  name: 'integrate',
  label: 'azimuthal average',
  from: 'frame',
  to: 'pattern',
  params: {
    cx: { kind: 'number', default: 130, step: 0.5, unit: 'px', label: 'beam centre x' },
    cy: { kind: 'number', default: 122, step: 0.5, unit: 'px', label: 'beam centre y' },
    bins: { kind: 'integer', default: 180, min: 8, max: 2000, label: 'bins' },
  },
  inArrays: ['image'],
  outArrays: ['r', 'I'],
  run: (d, p) => {
    const img = d.image;
    if (!isImage2D(img)) throw new Error('image is not 2D');
    const rMax = Math.hypot(Math.max(p.cx, img.cols - p.cx), Math.max(p.cy, img.rows - p.cy));
    const sum = new Float64Array(p.bins);
    const cnt = new Float64Array(p.bins);
    for (let y = 0; y < img.rows; y++)
      for (let x = 0; x < img.cols; x++) {
        const v = img.data[y * img.cols + x];
        if (!(v >= 0)) continue;
        const b = Math.min(p.bins - 1, Math.floor((Math.hypot(x + 0.5 - p.cx, y + 0.5 - p.cy) / rMax) * p.bins));
        sum[b] += v;
        cnt[b]++;
      }
    const r = Float64Array.from({ length: p.bins }, (_, i) => ((i + 0.5) * rMax) / p.bins);
    return { r, I: sum.map((s, i) => (cnt[i] > 0 ? s / cnt[i] : NaN)) };
  },
});

export const background = defineTransform({
  name: 'background',
  label: 'rolling-minimum background',
  from: 'pattern',
  to: 'corrected',
  params: {
    window: { kind: 'integer', default: 25, min: 1, max: 501, label: 'window (bins)' },
    clip: { kind: 'boolean', default: true, label: 'clip negative' },
  },
  inArrays: ['r', 'I'],
  outArrays: ['r', 'I'],
  run: (d, p) => {
    const I = d.I as Float64Array;
    const h = p.window >> 1;
    const out = I.map((v, i) => {
      let m = Infinity;
      for (let k = Math.max(0, i - h); k <= Math.min(I.length - 1, i + h); k++) if (I[k] < m) m = I[k];
      const c = v - m;
      return p.clip && c < 0 ? 0 : c;
    });
    return { r: d.r, I: out };
  },
});
