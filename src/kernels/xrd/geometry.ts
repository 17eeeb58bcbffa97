/**
 * Detector geometry as pyFAI 0.21 computes it: pixel positions in float32 (this matters for exact bin
 * agreement), rotated in float64, giving 2θ, q and χ at pixel centres and corners.
 */

export interface Geometry {
  /** Sample-detector distance (m). */
  readonly dist: number;
  /** Point of normal incidence on the detector, along rows (1) and columns (2), metres. */
  readonly poni1: number;
  readonly poni2: number;
  readonly rot1: number;
  readonly rot2: number;
  readonly rot3: number;
  /** Metres. */
  readonly wavelength: number;
  readonly pixel1: number;
  readonly pixel2: number;
  readonly rows: number;
  readonly cols: number;
  readonly detector: string;
}

export type RadialUnit = '2th_deg' | 'q_nm^-1';

export const RADIAL_UNITS: readonly RadialUnit[] = ['2th_deg', 'q_nm^-1'];

/** Output scale from internal units (rad for 2θ, nm⁻¹ for q). */
export function unitScale(unit: RadialUnit): number {
  return unit === '2th_deg' ? 180 / Math.PI : 1;
}

const f32 = Math.fround;

/** Rotation coefficients of t = R3·R2·R1·[p1, p2, L], written out as pyFAI's _geometry does. */
function rotation(g: Geometry) {
  const c1 = Math.cos(g.rot1), s1 = Math.sin(g.rot1);
  const c2 = Math.cos(g.rot2), s2 = Math.sin(g.rot2);
  const c3 = Math.cos(g.rot3), s3 = Math.sin(g.rot3);
  return { c1, s1, c2, s2, c3, s3 };
}

/** Pixel-centre coordinates (float32) along rows and columns, relative to the PONI. */
export function centreCoords(g: Geometry): { p1: Float32Array; p2: Float32Array } {
  const p1 = new Float32Array(g.rows);
  const p2 = new Float32Array(g.cols);
  const px1 = f32(g.pixel1), px2 = f32(g.pixel2), o1 = f32(g.poni1), o2 = f32(g.poni2);
  for (let i = 0; i < g.rows; i++) p1[i] = f32(f32(px1 * f32(i + 0.5)) - o1);
  for (let j = 0; j < g.cols; j++) p2[j] = f32(f32(px2 * f32(j + 0.5)) - o2);
  return { p1, p2 };
}

/**
 * Corner-grid coordinates (rows+1, cols+1 points) in float64: pyFAI keeps corner positions in double and
 * rounds only the resulting radial/χ values to float32 (checked against its bbox output).
 */
export function cornerCoords(g: Geometry): { p1: Float64Array; p2: Float64Array } {
  const p1 = new Float64Array(g.rows + 1);
  const p2 = new Float64Array(g.cols + 1);
  for (let i = 0; i <= g.rows; i++) p1[i] = g.pixel1 * i - g.poni1;
  for (let j = 0; j <= g.cols; j++) p2[j] = g.pixel2 * j - g.poni2;
  return { p1, p2 };
}

/**
 * 2θ (rad) and χ (rad, in (−π, π]) over a grid of coordinates a (rows) × b (columns), float64.
 * Used for centres (float32 coordinates) and corners alike.
 */
export function tthChiGrid(g: Geometry, a: Float32Array | Float64Array, b: Float32Array | Float64Array): { tth: Float64Array; chi: Float64Array } {
  const { c1, s1, c2, s2, c3, s3 } = rotation(g);
  const L = g.dist;
  const n = a.length * b.length;
  const tth = new Float64Array(n);
  const chi = new Float64Array(n);
  const cols = b.length;
  for (let i = 0; i < a.length; i++) {
    const p1 = a[i];
    for (let j = 0; j < cols; j++) {
      const p2 = b[j];
      const t1 = p1 * c2 * c3 + p2 * (c3 * s1 * s2 - c1 * s3) - L * (c1 * c3 * s2 + s1 * s3);
      const t2 = p1 * c2 * s3 + p2 * (c1 * c3 + s1 * s2 * s3) - L * (-c3 * s1 + c1 * s2 * s3);
      const t3 = p1 * s2 - p2 * c2 * s1 + L * c1 * c2;
      const k = i * cols + j;
      tth[k] = Math.atan2(Math.sqrt(t1 * t1 + t2 * t2), t3);
      chi[k] = Math.atan2(t1, t2);
    }
  }
  return { tth, chi };
}

/** q (nm⁻¹) from 2θ (rad). */
export function qOfTth(tth: number, wavelength: number): number {
  return ((4e-9 * Math.PI) / wavelength) * Math.sin(tth / 2);
}

/** Radial positions in internal units (rad or nm⁻¹) from 2θ values, in place into a new array. */
export function radialOf(tth: Float64Array, unit: RadialUnit, wavelength: number): Float64Array {
  if (unit === '2th_deg') return tth;
  const out = new Float64Array(tth.length);
  for (let k = 0; k < tth.length; k++) out[k] = qOfTth(tth[k], wavelength);
  return out;
}

export interface PixelPositions {
  /** Radial position of each pixel centre, internal units, float64. */
  readonly centre: Float64Array;
  readonly tth: Float64Array;
  readonly chi: Float64Array;
}

export function centrePositions(g: Geometry, unit: RadialUnit): PixelPositions {
  const { p1, p2 } = centreCoords(g);
  const { tth, chi } = tthChiGrid(g, p1, p2);
  return { centre: radialOf(tth, unit, g.wavelength), tth, chi };
}

export interface CornerGrid {
  /** Radial position at grid point (i, j), (rows+1) × (cols+1), internal units, stored float32. */
  readonly radial: Float32Array;
  /** χ at grid point (i, j), float32. */
  readonly chi: Float32Array;
}

export function cornerGrid(g: Geometry, unit: RadialUnit): CornerGrid {
  const { p1, p2 } = cornerCoords(g);
  const { tth, chi } = tthChiGrid(g, p1, p2);
  return { radial: Float32Array.from(radialOf(tth, unit, g.wavelength)), chi: Float32Array.from(chi) };
}
