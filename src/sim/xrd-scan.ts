/**
 * A simulated XRD-CT scan: a phantom of phases on a grid, translated and rotated through a pencil beam.
 * Each (rotation, translation) position gives one frame whose ring weights are the line integrals of the
 * phases along the beam, written as CBF with our own encoder.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeCbf } from '../formats/cbf-write.ts';
import type { Geometry } from '../kernels/xrd/geometry.ts';
import { projectParallel } from '../kernels/xrd/fbp.ts';
import { DEMO_RINGS, poniText, simulateFrame } from './xrd-frames.ts';
import type { Ring } from './xrd-frames.ts';

export interface ScanSpec {
  readonly nRot: number;
  readonly nTrans: number;
  /** Phase maps (size × size each), one per ring. */
  readonly phases: readonly Float64Array[];
  readonly size: number;
  readonly rings?: readonly Ring[];
  readonly background?: number;
  readonly seed?: number;
}

export interface ScanFrame {
  readonly rot: number;
  readonly trans: number;
  readonly angleDeg: number;
  readonly data: Int32Array;
}

/** Two overlapping discs, one per phase: a phantom the reconstruction test can check. */
export function discPhantom(size: number): Float64Array[] {
  const a = new Float64Array(size * size);
  const b = new Float64Array(size * size);
  const c = (size - 1) / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const dx = x - c, dy = y - c;
      if ((dx + size * 0.12) ** 2 + dy ** 2 < (size * 0.25) ** 2) a[y * size + x] = 1;
      if ((dx - size * 0.15) ** 2 + (dy - size * 0.1) ** 2 < (size * 0.15) ** 2) b[y * size + x] = 1;
    }
  }
  return [a, b];
}

export function* simulateScan(g: Geometry, s: ScanSpec): Generator<ScanFrame> {
  const rings = s.rings ?? DEMO_RINGS.slice(0, s.phases.length);
  const angles = Float64Array.from({ length: s.nRot }, (_, i) => (180 * i) / s.nRot);
  // Line integrals per phase: [rot][trans], normalised by the phantom size so weights stay O(1).
  const sinos = s.phases.map((p) => projectParallel(p, s.size, angles, s.nTrans));
  for (let r = 0; r < s.nRot; r++) {
    for (let t = 0; t < s.nTrans; t++) {
      const scaled = rings.map((ring, i) => ({ ...ring, amplitude: (ring.amplitude * sinos[i][r * s.nTrans + t]) / s.size }));
      const data = simulateFrame(g, { rings: scaled, background: s.background ?? 20, seed: (s.seed ?? 1) + r * s.nTrans + t });
      yield { rot: r, trans: t, angleDeg: angles[r], data };
    }
  }
}

/** Writes a scan as CBF files (frame_RRR_TTT.cbf, rotation-major) plus the PONI file; returns the file names. */
export function writeScan(dir: string, g: Geometry, s: ScanSpec): string[] {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'geometry.poni'), poniText(g));
  const files: string[] = [];
  for (const f of simulateScan(g, s)) {
    const name = join(dir, `frame_${String(f.rot).padStart(3, '0')}_${String(f.trans).padStart(3, '0')}.cbf`);
    writeFileSync(name, writeCbf({ rows: g.rows, cols: g.cols, data: f.data, header: { Rotation_angle: `${f.angleDeg} deg`, Translation_index: String(f.trans) } }));
    files.push(name);
  }
  return files;
}
