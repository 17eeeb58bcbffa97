/**
 * The diffraction pipeline: frames (2D detector images) → pattern (1D: radial, intensity, sigma) →
 * sinogram (XRD-CT: rotation·translation × radial bin) → tomogram (one image per radial bin range).
 * Patterns may also enter directly at the pattern node from the frame pool (see addFrameReplies).
 * Transforms carry locations so the engine's worker pool can run them; this module does no work on import.
 */
import { readFileSync } from 'node:fs';
import { parsePoni } from '../formats/poni.ts';
import { defineNode, defineTransform } from '../graph/define.ts';
import { BeamflowError } from '../graph/errors.ts';
import { definePipeline } from '../graph/pipeline.ts';
import { isImage2D } from '../graph/types.ts';
import type { Image2D, NodeData } from '../graph/types.ts';
import type { SplitMethod } from '../kernels/xrd/csr.ts';
import { detectorMask, knownDetector } from '../kernels/xrd/detector.ts';
import { fbp } from '../kernels/xrd/fbp.ts';
import type { FbpFilter } from '../kernels/xrd/fbp.ts';
import type { Geometry, RadialUnit } from '../kernels/xrd/geometry.ts';
import { integrate1d } from '../kernels/xrd/integrate.ts';
import type { FrameArray } from '../kernels/xrd/integrate.ts';
import { readMask } from '../kernels/xrd/mask.ts';
import { PlanCache } from '../kernels/xrd/plan-cache.ts';
import { sinogramSlice } from '../kernels/xrd/sinogram.ts';

const here = import.meta.url;

export const framesNode = defineNode({ id: 'frames', label: 'detector frames', arrays: [{ name: 'frame', role: '2D', unit: 'counts' }] });
export const patternNode = defineNode({
  id: 'pattern',
  label: '1D pattern',
  arrays: [
    { name: 'radial', role: 'x', unit: '', label: '2θ (deg) or q (nm⁻¹)' },
    { name: 'intensity', role: 'y', unit: 'counts' },
    { name: 'sigma', role: 'y', unit: 'counts', label: 'σ (Poisson)' },
  ],
});
export const sinogramNode = defineNode({
  id: 'sinogram',
  label: 'sinogram',
  arrays: [
    { name: 'sinogram', role: '2D', unit: 'counts', label: '(rotation·translation) × radial bin' },
    { name: 'radial', role: 'x', unit: '' },
    { name: 'nRot', role: 'scalar', unit: '' },
    { name: 'nTrans', role: 'scalar', unit: '' },
    { name: 'angle0', role: 'scalar', unit: 'deg', label: 'first rotation angle' },
    { name: 'angleStep', role: 'scalar', unit: 'deg', label: 'rotation step' },
  ],
});
export const tomogramNode = defineNode({ id: 'tomogram', label: 'tomogram', arrays: [{ name: 'tomogram', role: '2D', unit: 'counts' }] });

/** Per-thread caches: geometry by PONI path, masks by path, plans by everything they depend on. */
let plans: PlanCache | null = null;
const geometries = new Map<string, Geometry>();
const masks = new Map<string, Uint8Array | null>();

function geometryOf(poni: string, rows: number, cols: number): Geometry {
  const key = `${poni}|${rows}x${cols}`;
  let g = geometries.get(key);
  if (!g) {
    if (!poni) throw new BeamflowError({ kind: 'BadParam', transform: 'integrate', param: 'poni', problem: 'no PONI file given' });
    g = parsePoni(readFileSync(poni, 'utf8'), poni, { rows, cols });
    geometries.set(key, g);
  }
  if (g.rows !== rows || g.cols !== cols) throw new Error(`frame is ${rows} × ${cols}, ${poni} describes ${g.rows} × ${g.cols}`);
  return g;
}

function maskOf(file: string, g: Geometry): Uint8Array | null {
  const key = `${file}|${g.rows}x${g.cols}|${g.detector}`;
  if (!masks.has(key)) {
    const d = knownDetector(g.detector);
    masks.set(key, file ? readMask(file, g.rows, g.cols) : d ? detectorMask(d) : null);
  }
  return masks.get(key)!;
}

export const integrateTransform = defineTransform({
  name: 'integrate',
  label: 'azimuthal integration',
  from: 'frames',
  to: 'pattern',
  params: {
    poni: { kind: 'string', default: '', label: 'PONI file' },
    mask: { kind: 'string', default: '', label: 'mask file (empty: detector gaps)' },
    npt: { kind: 'integer', default: 2000, min: 10, max: 100000 },
    unit: { kind: 'choice', default: '2th_deg', options: ['2th_deg', 'q_nm^-1'] },
    method: { kind: 'choice', default: 'bbox', options: ['no', 'bbox', 'full'] },
    polarization: { kind: 'number', default: 0.99, nullable: true, min: -1, max: 1 },
    solidAngle: { kind: 'boolean', default: true },
  },
  inArrays: ['frame'],
  outArrays: ['radial', 'intensity', 'sigma'],
  location: { module: here, exportName: 'integrateTransform' },
  run(d, p) {
    const img = d.frame;
    if (!isImage2D(img)) throw new Error("'frame' is not a 2D image");
    const g = geometryOf(p.poni, img.rows, img.cols);
    plans ??= new PlanCache();
    const plan = plans.get(g, {
      npt: p.npt,
      unit: p.unit as RadialUnit,
      method: p.method as SplitMethod,
      mask: maskOf(p.mask, g),
      solidAngle: p.solidAngle,
      polarization: p.polarization,
    });
    const r = integrate1d(plan, img.data as FrameArray);
    return { radial: r.radial, intensity: r.intensity, sigma: r.sigma };
  },
});

export const reconstructTransform = defineTransform({
  name: 'reconstruct',
  label: 'filtered back-projection',
  from: 'sinogram',
  to: 'tomogram',
  params: {
    binLo: { kind: 'integer', default: 0, min: 0, label: 'first radial bin' },
    binHi: { kind: 'integer', default: 1, min: 1, label: 'radial bin after the last' },
    background: { kind: 'integer', default: 0, min: 0, label: 'bins each side for a linear background' },
    filter: { kind: 'choice', default: 'ram-lak', options: ['ram-lak', 'shepp-logan'] },
  },
  inArrays: ['sinogram', 'nRot', 'nTrans', 'angle0', 'angleStep'],
  outArrays: ['tomogram'],
  location: { module: here, exportName: 'reconstructTransform' },
  run(d, p) {
    const { sinogram: s, nRot, nTrans, angle0, angleStep } = d;
    if (!isImage2D(s) || typeof nRot !== 'number' || typeof nTrans !== 'number' || typeof angle0 !== 'number' || typeof angleStep !== 'number') {
      throw new Error('sinogram item lacks sinogram/nRot/nTrans/angle0/angleStep');
    }
    const angles = Float64Array.from({ length: nRot }, (_, i) => angle0 + i * angleStep);
    if (s.rows !== nRot * nTrans) throw new Error(`sinogram has ${s.rows} rows, expected ${nRot} × ${nTrans}`);
    const hi = Math.min(p.binHi, s.cols);
    const slice = sinogramSlice({ nRot, nTrans, npt: s.cols, data: Float64Array.from(s.data), filled: s.rows }, p.binLo, hi, p.background);
    const img = fbp(slice, angles, nTrans, p.filter as FbpFilter);
    const out: Image2D = { kind: 'image', rows: nTrans, cols: nTrans, data: img };
    return { tomogram: out };
  },
});

export const xrdPipeline = definePipeline({
  nodes: [framesNode, patternNode, sinogramNode, tomogramNode],
  transforms: [integrateTransform, reconstructTransform],
});

/**
 * Sinogram item data from an assembled [rot][trans][bin] array (positions without a pattern become 0) and
 * uniformly stepped rotation angles.
 */
export function sinogramData(data: Float64Array, angles: Float64Array, nTrans: number, radial: Float64Array): NodeData {
  const clean = data.map((v) => (Number.isNaN(v) ? 0 : v));
  const sinogram: Image2D = { kind: 'image', rows: angles.length * nTrans, cols: radial.length, data: clean };
  const step = angles.length > 1 ? angles[1] - angles[0] : 180;
  for (let i = 2; i < angles.length; i++) {
    if (Math.abs(angles[i] - angles[i - 1] - step) > 1e-9 * Math.max(1, Math.abs(step))) throw new RangeError('sinogram items need uniformly stepped rotation angles');
  }
  return { sinogram, radial, nRot: angles.length, nTrans, angle0: angles[0] ?? 0, angleStep: step };
}
