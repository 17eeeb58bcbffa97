/**
 * Our own powder-diffraction frame simulator (for the demo and tests; the project ships no copies of shared
 * data): Debye-Scherrer rings with Gaussian profiles on a smooth background, Poisson counting noise from a
 * seeded generator, optional module gaps (-1) and dead pixels (-2) as a Pilatus writes them.
 */
import { centrePositions } from '../kernels/xrd/geometry.ts';
import type { Geometry } from '../kernels/xrd/geometry.ts';

export interface Ring {
  /** Ring position, 2θ in degrees. */
  readonly tthDeg: number;
  /** Gaussian σ in degrees. */
  readonly widthDeg: number;
  /** Peak counts. */
  readonly amplitude: number;
}

export interface FrameSpec {
  readonly rings: readonly Ring[];
  /** Background counts at 2θ = 0, decaying with 2θ. */
  readonly background: number;
  /** Multiplies the ring intensities (sample weight in a scan). */
  readonly weight?: number;
  readonly seed: number;
  /** Pixels set to -1 (gaps) where gapMask is 1. */
  readonly gapMask?: Uint8Array | null;
  /** Flat pixel indices set to -2. */
  readonly deadPixels?: readonly number[];
}

/** A small deterministic PRNG (mulberry32): the same seed gives the same frame everywhere. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Poisson deviate: Knuth's product method for small means, a rounded normal approximation above 30. */
export function poisson(mean: number, u: () => number): number {
  if (mean <= 0) return 0;
  if (mean > 30) {
    const z = Math.sqrt(-2 * Math.log(u() || 1e-300)) * Math.cos(2 * Math.PI * u());
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * z));
  }
  const l = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= u();
  } while (p > l);
  return k - 1;
}

/** The expected (noise-free) counts of every pixel. */
export function expectedFrame(g: Geometry, spec: FrameSpec): Float64Array {
  const { tth } = centrePositions(g, '2th_deg');
  const w = spec.weight ?? 1;
  const out = new Float64Array(tth.length);
  for (let k = 0; k < tth.length; k++) {
    const deg = (tth[k] * 180) / Math.PI;
    let v = spec.background * Math.exp(-deg / 20);
    for (const r of spec.rings) {
      const d = (deg - r.tthDeg) / r.widthDeg;
      if (d > -6 && d < 6) v += w * r.amplitude * Math.exp(-0.5 * d * d);
    }
    out[k] = v;
  }
  return out;
}

export function simulateFrame(g: Geometry, spec: FrameSpec): Int32Array {
  const mean = expectedFrame(g, spec);
  const u = rng(spec.seed);
  const out = new Int32Array(mean.length);
  for (let k = 0; k < mean.length; k++) out[k] = poisson(mean[k], u);
  if (spec.gapMask) for (let k = 0; k < out.length; k++) if (spec.gapMask[k]) out[k] = -1;
  for (const k of spec.deadPixels ?? []) out[k] = -2;
  return out;
}

/** A small detector for demos and tests: 172 µm pixels, beam near the centre, slight tilts. */
export function demoGeometry(rows = 256, cols = 240): Geometry {
  return {
    dist: 0.1,
    poni1: 0.52 * rows * 172e-6,
    poni2: 0.47 * cols * 172e-6,
    rot1: 0.01,
    rot2: -0.005,
    rot3: 0,
    wavelength: 1.0e-10,
    pixel1: 172e-6,
    pixel2: 172e-6,
    rows,
    cols,
    detector: 'Detector',
  };
}

/** A few rings inside the demo detector's 2θ range. */
export const DEMO_RINGS: readonly Ring[] = [
  { tthDeg: 4.5, widthDeg: 0.08, amplitude: 400 },
  { tthDeg: 7.8, widthDeg: 0.08, amplitude: 250 },
  { tthDeg: 11.2, widthDeg: 0.1, amplitude: 150 },
];

/** A PONI v2 text for a geometry (generic detector with its pixel size and shape). */
export function poniText(g: Geometry): string {
  const cfg = JSON.stringify({ pixel1: g.pixel1, pixel2: g.pixel2, max_shape: [g.rows, g.cols] });
  return [
    'poni_version: 2',
    'Detector: Detector',
    `Detector_config: ${cfg}`,
    `Distance: ${g.dist}`,
    `Poni1: ${g.poni1}`,
    `Poni2: ${g.poni2}`,
    `Rot1: ${g.rot1}`,
    `Rot2: ${g.rot2}`,
    `Rot3: ${g.rot3}`,
    `Wavelength: ${g.wavelength}`,
    '',
  ].join('\n');
}
