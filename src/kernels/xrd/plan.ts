/**
 * Builds the CSR plan of an azimuthal integrator from geometry, mask and options (pure; see plan-cache.ts
 * for reuse across frames).
 */
import { binAxisFromRange, binCentres } from './bins.ts';
import type { BinAxis } from './bins.ts';
import { normalisation, polarization, solidAngle } from './corrections.ts';
import type { CsrPlan, SplitMethod } from './csr.ts';
import { centrePositions, cornerGrid, unitScale } from './geometry.ts';
import type { Geometry, RadialUnit } from './geometry.ts';
import { bboxAxis, bboxHalfWidth, buildBBox } from './plan-bbox.ts';
import { buildFull, fullAxis } from './plan-full.ts';
import { buildNoSplit, noSplitAxis } from './plan-nosplit.ts';

export interface PlanOptions {
  readonly npt: number;
  readonly unit: RadialUnit;
  readonly method: SplitMethod;
  /** 1 = masked; replaces the detector mask (pyFAI semantics). null: no mask. */
  readonly mask: Uint8Array | null;
  readonly solidAngle: boolean;
  /** Polarization factor in [-1, 1], or null for no correction. */
  readonly polarization: number | null;
  /** Radial range in output units, or null for the automatic range. */
  readonly radialRange?: readonly [number, number] | null;
  /** Optional flat field (divides the signal; enters the normalisation). */
  readonly flat?: Float32Array | null;
}

/** A short fingerprint of a mask (FNV-1a over its bytes), for cache keys. */
export function maskFingerprint(mask: Uint8Array | Float32Array | null | undefined): string {
  if (!mask) return 'none';
  const bytes = new Uint8Array(mask.buffer, mask.byteOffset, mask.byteLength);
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return `${bytes.length}:${(h >>> 0).toString(16)}`;
}

export function planKey(g: Geometry, o: PlanOptions): string {
  const geo = [g.dist, g.poni1, g.poni2, g.rot1, g.rot2, g.rot3, g.wavelength, g.pixel1, g.pixel2, g.rows, g.cols].join(',');
  const range = o.radialRange ? o.radialRange.join('..') : 'auto';
  return `geo=${geo};mask=${maskFingerprint(o.mask)};npt=${o.npt};unit=${o.unit};method=${o.method};sa=${o.solidAngle};pol=${o.polarization};range=${range};flat=${maskFingerprint(o.flat)}`;
}

export function buildPlan(g: Geometry, o: PlanOptions): CsrPlan {
  const n = g.rows * g.cols;
  if (o.mask && o.mask.length !== n) throw new RangeError(`mask has ${o.mask.length} pixels, detector ${g.rows} × ${g.cols}`);
  if (!Number.isInteger(o.npt) || o.npt < 1) throw new RangeError(`npt must be a positive integer, got ${o.npt}`);
  const scale = unitScale(o.unit);
  const pos = centrePositions(g, o.unit);
  const fixed = o.radialRange ? binAxisFromRange(o.radialRange[0] / scale, o.radialRange[1] / scale, o.npt) : null;
  let axis: BinAxis;
  let csr: { indptr: Int32Array; indices: Int32Array; weights: Float32Array };
  if (o.method === 'no') {
    axis = fixed ?? noSplitAxis(pos.centre, o.npt);
    csr = buildNoSplit(pos.centre, o.mask, axis);
  } else {
    const corners = cornerGrid(g, o.unit);
    if (o.method === 'bbox') {
      const centre = pos.centre;
      const half = bboxHalfWidth(centre, corners.radial, g.rows, g.cols);
      axis = fixed ?? bboxAxis(centre, half, o.mask, o.npt);
      csr = buildBBox(centre, half, o.mask, axis);
    } else {
      axis = fixed ?? fullAxis(corners.radial, g.rows, g.cols, o.mask, o.npt);
      csr = buildFull(corners.radial, corners.chi, g.rows, g.cols, o.mask, axis);
    }
  }
  const norm = normalisation(n, [
    o.solidAngle ? solidAngle(g) : null,
    o.polarization === null ? null : polarization(pos.tth, pos.chi, o.polarization),
    o.flat ?? null,
  ]);
  return {
    method: o.method,
    unit: o.unit,
    npt: o.npt,
    rows: g.rows,
    cols: g.cols,
    ...csr,
    norm,
    radial: binCentres(axis, scale),
    axis,
    key: planKey(g, o),
  };
}
