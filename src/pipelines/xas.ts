/**
 * The XAS pipeline, as in ParSeq-XAS, on the engine: raw columns → µ(E) → normalised µ(E) → χ(k) → χ(R)
 * → χ̃(q). Every transform is a pure function of its node data and parameters and carries a `location`, so
 * the engine's worker pool can run it. The module does no work on import.
 */
import { defineNode, defineTransform } from '../graph/define.ts';
import { isBeamflowError } from '../graph/errors.ts';
import { definePipeline } from '../graph/pipeline.ts';
import { isNumArray, type NodeData } from '../graph/types.ts';
import { autobk } from '../kernels/xafs/autobk.ts';
import { windowName, WINDOWS } from '../kernels/xafs/ftwindow.ts';
import { preEdge } from '../kernels/xafs/pre-edge.ts';
import { prepareSpectrum } from '../kernels/xafs/prepare.ts';
import { checkEdge, clipXftfKmax } from '../kernels/xafs/reduce.ts';
import { rebinXafs } from '../kernels/xafs/rebin.ts';
import { findE0 } from '../kernels/xafs/find-e0.ts';
import { xftf, xftr } from '../kernels/xafs/xftf.ts';
import { computeMu } from './xas-mu.ts';

const here = import.meta.url;
const windows = [...WINDOWS];

export const rawNode = defineNode({ id: 'raw', label: 'raw columns', arrays: [], openArrays: true });
export const muNode = defineNode({
  id: 'mu',
  label: 'µ(E)',
  arrays: [
    { name: 'energy', role: 'x', unit: 'eV' },
    { name: 'mu', role: 'y', unit: '' },
    { name: 'ref', role: 'y', unit: '', label: 'reference µ', optional: true },
  ],
});
export const normNode = defineNode({
  id: 'norm',
  label: 'normalised µ(E)',
  arrays: [
    { name: 'energy', role: 'x', unit: 'eV' },
    { name: 'mu', role: 'y', unit: '' },
    { name: 'pre_edge', role: 'y', unit: '' },
    { name: 'post_edge', role: 'y', unit: '' },
    { name: 'norm', role: 'y', unit: '' },
    { name: 'flat', role: 'y', unit: '' },
    { name: 'dmude', role: 'y', unit: 'eV⁻¹' },
    ...(['e0', 'edge_step', 'pre1', 'pre2', 'norm1', 'norm2', 'nnorm'] as const).map((name) => ({ name, role: 'scalar' as const, unit: name === 'edge_step' || name === 'nnorm' ? '' : 'eV' })),
  ],
});
export const chiNode = defineNode({
  id: 'chi',
  label: 'χ(k)',
  arrays: [
    { name: 'k', role: 'x', unit: 'Å⁻¹' },
    { name: 'chi', role: 'y', unit: '' },
    { name: 'chik', role: 'y', unit: 'Å^-w', label: 'χ·kʷ' },
    { name: 'nspl', role: 'scalar', unit: '' },
  ],
});
export const chirNode = defineNode({
  id: 'chir',
  label: 'χ(R)',
  arrays: [
    { name: 'r', role: 'x', unit: 'Å' },
    { name: 'chir_mag', role: 'y', unit: 'Å^-(w+1)' },
    { name: 'chir_re', role: 'y', unit: 'Å^-(w+1)' },
    { name: 'chir_im', role: 'y', unit: 'Å^-(w+1)' },
  ],
});
export const chiqNode = defineNode({
  id: 'chiq',
  label: 'χ̃(q)',
  arrays: [
    { name: 'q', role: 'x', unit: 'Å⁻¹' },
    { name: 'chiq_mag', role: 'y', unit: '' },
    { name: 'chiq_re', role: 'y', unit: '' },
    { name: 'chiq_im', role: 'y', unit: '' },
  ],
});

function arr(d: NodeData, name: string): Float64Array {
  const v = d[name];
  if (!isNumArray(v)) throw new Error(`no '${name}' array`);
  return v instanceof Float64Array ? v : Float64Array.from(v);
}

function num(d: NodeData, name: string): number {
  const v = d[name];
  if (typeof v !== 'number') throw new Error(`no '${name}' value`);
  return v;
}

/** Kernel errors carry a file; inside the engine the item already names it, so keep only the problem. */
function plain<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (isBeamflowError(e, 'BadFile')) throw new Error(e.detail.problem);
    throw e;
  }
}

export const muTransform = defineTransform({
  name: 'mu',
  label: 'µ from columns, calibration, deglitching',
  from: 'raw',
  to: 'mu',
  params: {
    energy: { kind: 'string', default: '', label: 'energy column (empty: energy, eraw or e)' },
    mu: { kind: 'string', default: '', label: 'µ expression (empty: ln(i0/itrans))' },
    ref: { kind: 'string', default: '', label: 'reference expression (empty: ln(itrans/irefer) if present)' },
    eshift: { kind: 'number', default: 0, unit: 'eV', label: 'energy shift' },
    alignRefE0: { kind: 'number', default: null, nullable: true, unit: 'eV', label: 'shift so the reference E0 is this' },
    deglitch: { kind: 'numbers', default: [], unit: 'eV', label: 'energies of points to remove' },
  },
  inArrays: [],
  outArrays: ['energy', 'mu', 'ref'],
  location: { module: here, exportName: 'muTransform' },
  run: (d, p) => plain(() => computeMu(d, p)),
});

export const rebinTransform = defineTransform({
  name: 'rebin',
  label: 'rebin onto a pre-edge / XANES / k grid (larch rebin_xafs)',
  from: 'mu',
  to: 'mu',
  params: {
    enabled: { kind: 'boolean', default: false },
    e0: { kind: 'number', default: null, nullable: true, unit: 'eV', label: 'E0 (empty: find_e0)' },
    pre2: { kind: 'number', default: -30, unit: 'eV' },
    preStep: { kind: 'number', default: 2, min: 0.01, unit: 'eV' },
    xanesStep: { kind: 'number', default: null, nullable: true, min: 0.01, unit: 'eV' },
    exafs1: { kind: 'number', default: 15, unit: 'eV' },
    exafsKstep: { kind: 'number', default: 0.05, min: 0.005, unit: 'Å⁻¹' },
    method: { kind: 'choice', default: 'centroid', options: ['centroid', 'boxcar'] },
  },
  inArrays: ['energy', 'mu'],
  outArrays: ['energy', 'mu'],
  location: { module: here, exportName: 'rebinTransform' },
  run(d, p) {
    if (!p.enabled) return d;
    return plain(() => {
      const { energy, mu } = prepareSpectrum(arr(d, 'energy'), arr(d, 'mu'), 'spectrum');
      const e0 = p.e0 ?? findE0(energy, mu).e0;
      const r = rebinXafs(energy, mu, { ...p, e0, method: p.method === 'boxcar' ? 'boxcar' : 'centroid' });
      return { energy: r.energy, mu: r.mu };
    });
  },
});

export const normalizeTransform = defineTransform({
  name: 'normalize',
  label: 'pre-edge, post-edge, normalisation (larch pre_edge)',
  from: 'mu',
  to: 'norm',
  params: {
    e0: { kind: 'number', default: null, nullable: true, unit: 'eV' },
    pre1: { kind: 'number', default: null, nullable: true, unit: 'eV' },
    pre2: { kind: 'number', default: null, nullable: true, unit: 'eV' },
    norm1: { kind: 'number', default: null, nullable: true, unit: 'eV' },
    norm2: { kind: 'number', default: null, nullable: true, unit: 'eV' },
    nnorm: { kind: 'number', default: null, nullable: true, min: 0, max: 5 },
    nvict: { kind: 'integer', default: 0, min: 0, max: 4 },
  },
  inArrays: ['energy', 'mu'],
  outArrays: ['energy', 'mu', 'pre_edge', 'post_edge', 'norm', 'flat', 'dmude', 'e0', 'edge_step', 'pre1', 'pre2', 'norm1', 'norm2', 'nnorm'],
  location: { module: here, exportName: 'normalizeTransform' },
  run: (d, p) =>
    plain(() => {
      const { energy, mu } = prepareSpectrum(arr(d, 'energy'), arr(d, 'mu'), 'spectrum');
      const r = preEdge(energy, mu, p);
      checkEdge(r, energy, mu, 'spectrum');
      return {
        energy, mu, pre_edge: r.preEdge, post_edge: r.postEdge, norm: r.norm, flat: r.flat, dmude: r.dmude,
        e0: r.e0, edge_step: r.edgeStep, pre1: r.pre1, pre2: r.pre2, norm1: r.norm1, norm2: r.norm2, nnorm: r.nnorm,
      };
    }),
});

export const autobkTransform = defineTransform({
  name: 'autobk',
  label: 'background removal (larch autobk, solved exactly)',
  from: 'norm',
  to: 'chi',
  params: {
    rbkg: { kind: 'number', default: 1, min: 0, unit: 'Å' },
    kweight: { kind: 'number', default: 2, min: 0, max: 5 },
    kmin: { kind: 'number', default: 0, min: 0, unit: 'Å⁻¹' },
    kmax: { kind: 'number', default: null, nullable: true, min: 0, unit: 'Å⁻¹' },
    dk: { kind: 'number', default: 0.1, min: 0, unit: 'Å⁻¹' },
    window: { kind: 'choice', default: 'hanning', options: windows },
    nclamp: { kind: 'integer', default: 3, min: 0, max: 20 },
    clampLo: { kind: 'number', default: 0, min: 0 },
    clampHi: { kind: 'number', default: 1, min: 0 },
  },
  inArrays: ['energy', 'mu', 'e0', 'edge_step'],
  outArrays: ['k', 'chi', 'chik', 'nspl'],
  location: { module: here, exportName: 'autobkTransform' },
  run(d, p) {
    const r = autobk(arr(d, 'energy'), arr(d, 'mu'), num(d, 'e0'), num(d, 'edge_step'), { ...p, window: windowName(p.window) });
    const chik = new Float64Array(r.k.length);
    for (let i = 0; i < chik.length; i++) chik[i] = r.chi[i] * Math.pow(r.k[i], p.kweight);
    return { k: r.k, chi: r.chi, chik, nspl: r.nspl };
  },
});

export const xftfTransform = defineTransform({
  name: 'xftf',
  label: 'Fourier transform χ(k) → χ(R)',
  from: 'chi',
  to: 'chir',
  params: {
    kmin: { kind: 'number', default: 3, min: 0, unit: 'Å⁻¹' },
    kmax: { kind: 'number', default: 12, min: 0, unit: 'Å⁻¹' },
    dk: { kind: 'number', default: 1, min: 0, unit: 'Å⁻¹' },
    dk2: { kind: 'number', default: null, nullable: true, min: 0, unit: 'Å⁻¹' },
    window: { kind: 'choice', default: 'hanning', options: windows },
    kweight: { kind: 'integer', default: 2, min: 0, max: 5 },
    rmaxOut: { kind: 'number', default: 10, min: 1, unit: 'Å' },
  },
  inArrays: ['k', 'chi'],
  outArrays: ['r', 'chir_mag', 'chir_re', 'chir_im'],
  location: { module: here, exportName: 'xftfTransform' },
  run(d, p) {
    const k = arr(d, 'k');
    const r = xftf(k, arr(d, 'chi'), { ...p, window: windowName(p.window), kmax: clipXftfKmax(p.kmax, k[k.length - 1]) });
    return { r: r.r, chir_mag: r.chirMag, chir_re: r.chirRe, chir_im: r.chirIm };
  },
});

export const xftrTransform = defineTransform({
  name: 'xftr',
  label: 'back-transform χ(R) → χ̃(q)',
  from: 'chir',
  to: 'chiq',
  params: {
    rmin: { kind: 'number', default: 1, min: 0, unit: 'Å' },
    rmax: { kind: 'number', default: 3, min: 0, unit: 'Å' },
    dr: { kind: 'number', default: 0.5, min: 0, unit: 'Å' },
    window: { kind: 'choice', default: 'hanning', options: windows },
    rweight: { kind: 'integer', default: 0, min: 0, max: 3 },
    qmaxOut: { kind: 'number', default: 20, min: 1, unit: 'Å⁻¹' },
  },
  inArrays: ['r', 'chir_re', 'chir_im'],
  outArrays: ['q', 'chiq_mag', 'chiq_re', 'chiq_im'],
  location: { module: here, exportName: 'xftrTransform' },
  run(d, p) {
    const r = xftr(arr(d, 'r'), arr(d, 'chir_re'), arr(d, 'chir_im'), { ...p, window: windowName(p.window) });
    return { q: r.q, chiq_mag: r.chiqMag, chiq_re: r.chiqRe, chiq_im: r.chiqIm };
  },
});

export const xasPipeline = definePipeline({
  nodes: [rawNode, muNode, normNode, chiNode, chirNode, chiqNode],
  transforms: [muTransform, rebinTransform, normalizeTransform, autobkTransform, xftfTransform, xftrTransform],
});

