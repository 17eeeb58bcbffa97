/**
 * PONI files (pyFAI geometry): version 1 (PixelSize1/2 keys) and version 2 (Detector + Detector_config JSON).
 * Lengths in metres, angles in radians, wavelength in metres.
 */
import { BeamflowError } from '../graph/errors.ts';
import { knownDetector } from '../kernels/xrd/detector.ts';
import type { Geometry } from '../kernels/xrd/geometry.ts';

function bad(file: string, problem: string): BeamflowError {
  return new BeamflowError({ kind: 'BadFile', file, problem });
}

function keyValues(text: string): Map<string, string> {
  const kv = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    kv.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return kv;
}

function num(kv: Map<string, string>, key: string, file: string, fallback?: number): number {
  const v = kv.get(key.toLowerCase());
  if (v === undefined) {
    if (fallback !== undefined) return fallback;
    throw bad(file, `missing '${key}'`);
  }
  const x = Number(v);
  if (!Number.isFinite(x)) throw bad(file, `'${key}' is not a number: '${v}'`);
  return x;
}

interface DetectorConfig {
  pixel1?: number;
  pixel2?: number;
  max_shape?: [number, number];
}

/**
 * Parses a PONI file. `shape` gives the frame shape when the detector is not a known one and its config
 * has no max_shape (a generic detector in a version-1 file).
 */
export function parsePoni(text: string, file = '<poni>', shape?: { rows: number; cols: number }): Geometry {
  const kv = keyValues(text);
  const detName = kv.get('detector') ?? '';
  let config: DetectorConfig = {};
  const cfgText = kv.get('detector_config');
  if (cfgText !== undefined && cfgText !== '') {
    try {
      config = JSON.parse(cfgText) as DetectorConfig;
    } catch {
      throw bad(file, `Detector_config is not JSON: '${cfgText}'`);
    }
  }
  const known = detName ? knownDetector(detName) : null;
  const pixel1 = config.pixel1 ?? known?.pixel1 ?? num(kv, 'PixelSize1', file);
  const pixel2 = config.pixel2 ?? known?.pixel2 ?? num(kv, 'PixelSize2', file);
  const rows = config.max_shape?.[0] ?? known?.rows ?? shape?.rows;
  const cols = config.max_shape?.[1] ?? known?.cols ?? shape?.cols;
  if (rows === undefined || cols === undefined) throw bad(file, `unknown detector '${detName}' and no max_shape: frame shape unknown`);
  const g: Geometry = {
    dist: num(kv, 'Distance', file),
    poni1: num(kv, 'Poni1', file),
    poni2: num(kv, 'Poni2', file),
    rot1: num(kv, 'Rot1', file, 0),
    rot2: num(kv, 'Rot2', file, 0),
    rot3: num(kv, 'Rot3', file, 0),
    wavelength: num(kv, 'Wavelength', file),
    pixel1,
    pixel2,
    rows,
    cols,
    detector: known?.name ?? (detName || 'Detector'),
  };
  if (g.dist <= 0) throw bad(file, `Distance must be positive, got ${g.dist}`);
  if (g.wavelength <= 0) throw bad(file, `Wavelength must be positive, got ${g.wavelength}`);
  return g;
}
