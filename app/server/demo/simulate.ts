/**
 * Deterministic simulated measurements for the demo: transmission XAFS scans of metal foils (an edge with
 * EXAFS wiggles, Poisson-like noise from a seeded generator) and detector frames with powder rings.
 */
import type { Image2D } from '../../../src/graph/types.ts';

/** Mulberry32: small, seeded, good enough for noise. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gauss(r: () => number): number {
  return Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
}

export interface ScanSpec {
  readonly name: string;
  readonly edge: number;
  readonly seed: number;
  readonly points: number;
}

export const FOILS: readonly { readonly name: string; readonly edge: number }[] = [
  { name: 'Cu foil', edge: 8979 },
  { name: 'Ni foil', edge: 8333 },
  { name: 'Fe foil', edge: 7112 },
  { name: 'Zn foil', edge: 9659 },
];

/** A whole scan (energy, i0, it): points from edge − 100 eV to edge + 250 eV. */
export function simulateScan(s: ScanSpec): { energy: Float64Array; i0: Float64Array; it: Float64Array } {
  const r = rng(s.seed);
  const n = s.points;
  const energy = new Float64Array(n);
  const i0 = new Float64Array(n);
  const it = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const e = s.edge - 100 + (350 * i) / (n - 1);
    energy[i] = e;
    const flux = 2e5 * (1 + 0.02 * Math.sin(i / 17 + s.seed));
    i0[i] = flux + Math.sqrt(flux) * gauss(r);
    const de = e - s.edge;
    const k = de > 0 ? Math.sqrt(0.2625 * de) : 0;
    const exafs = de > 0 ? 0.06 * Math.sin(2 * 2.55 * k + 0.3) * Math.exp(-0.01 * k * k * 4) / Math.max(1, k) * 3 : 0;
    const muT = 0.35 - 0.0004 * de * (de < 0 ? 1 : 0.3) + 1 / (1 + Math.exp(-de / 1.8)) * (1 + exafs) + 0.08 * Math.exp(-((de - 4) ** 2) / 8);
    const trans = i0[i] * Math.exp(-muT);
    it[i] = trans + Math.sqrt(trans) * gauss(r);
  }
  return { energy, i0, it };
}

/** A square detector frame with powder rings about (cx, cy), a beam stop and counting noise. */
export function simulateFrame(size: number, seed: number, cx = 130.3, cy = 121.7): Image2D {
  const r = rng(seed);
  const data = new Float32Array(size * size);
  const rings = [38, 61, 72, 95, 104, 121];
  const amp = rings.map((_, i) => 400 * (1 + 0.5 * Math.sin(seed * 0.7 + i)) / (1 + i * 0.3));
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const rad = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
      if (rad < 9) {
        data[y * size + x] = -1; // beam stop: masked
        continue;
      }
      let v = 40 + 900 / (1 + rad / 12);
      for (let k = 0; k < rings.length; k++) v += amp[k] * Math.exp(-((rad - rings[k]) ** 2) / 3);
      data[y * size + x] = Math.max(0, v + Math.sqrt(v) * gauss(r));
    }
  return { kind: 'image', rows: size, cols: size, data };
}
