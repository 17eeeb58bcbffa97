/**
 * Colour maps for 2D images: a 256-entry RGB table interpolated from a few control points, and the mapping of
 * an image's values to RGBA bytes with linear or log scaling between robust limits (percentiles, so one hot
 * pixel does not wash out a detector frame).
 */
import type { NumArray } from '../graph/types.ts';

export type ColormapName = 'viridis' | 'magma' | 'gray';

const STOPS: Record<ColormapName, readonly (readonly [number, number, number])[]> = {
  viridis: [[68, 1, 84], [71, 44, 122], [59, 81, 139], [44, 113, 142], [33, 144, 141], [39, 173, 129], [92, 200, 99], [170, 220, 50], [253, 231, 37]],
  magma: [[0, 0, 4], [28, 16, 68], [79, 18, 123], [129, 37, 129], [181, 54, 122], [229, 80, 100], [251, 135, 97], [254, 194, 135], [252, 253, 191]],
  gray: [[0, 0, 0], [255, 255, 255]],
};

const tables = new Map<ColormapName, Uint8Array>();

/** 256 × RGB bytes. */
export function colormapTable(name: ColormapName): Uint8Array {
  let t = tables.get(name);
  if (t) return t;
  const stops = STOPS[name];
  t = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) {
    const f = (i / 255) * (stops.length - 1);
    const k = Math.min(stops.length - 2, Math.floor(f));
    const w = f - k;
    for (let c = 0; c < 3; c++) t[i * 3 + c] = Math.round(stops[k][c] * (1 - w) + stops[k + 1][c] * w);
  }
  tables.set(name, t);
  return t;
}

export interface ColorScale {
  readonly lo: number;
  readonly hi: number;
  readonly log: boolean;
}

/** Limits at the given percentiles of the finite (and, for log, positive) values, from a sample. */
export function robustLimits(data: NumArray, log: boolean, pLo = 0.005, pHi = 0.995): ColorScale {
  const step = Math.max(1, Math.floor(data.length / 200_000));
  const sample: number[] = [];
  for (let i = 0; i < data.length; i += step) {
    const v = data[i];
    if (Number.isFinite(v) && (!log || v > 0)) sample.push(v);
  }
  if (sample.length === 0) return { lo: log ? 1 : 0, hi: log ? 10 : 1, log };
  sample.sort((a, b) => a - b);
  let lo = sample[Math.floor(pLo * (sample.length - 1))];
  let hi = sample[Math.ceil(pHi * (sample.length - 1))];
  if (hi <= lo) hi = lo + (log ? lo : 1);
  if (log && lo <= 0) lo = hi / 1e3;
  return { lo, hi, log };
}

/** RGBA bytes for an image; non-finite values (masked pixels) are transparent. */
export function applyColormap(data: NumArray, scale: ColorScale, name: ColormapName, out?: Uint8Array): Uint8Array {
  const t = colormapTable(name);
  const rgba = out ?? new Uint8Array(data.length * 4);
  const lo = scale.log ? Math.log(scale.lo) : scale.lo;
  const hi = scale.log ? Math.log(scale.hi) : scale.hi;
  const k = 255 / (hi - lo);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    const o = i * 4;
    if (!Number.isFinite(v)) {
      rgba[o + 3] = 0;
      continue;
    }
    const s = scale.log ? (v > 0 ? Math.log(v) : lo) : v;
    let idx = Math.round((s - lo) * k);
    idx = idx < 0 ? 0 : idx > 255 ? 255 : idx;
    rgba[o] = t[idx * 3];
    rgba[o + 1] = t[idx * 3 + 1];
    rgba[o + 2] = t[idx * 3 + 2];
    rgba[o + 3] = 255;
  }
  return rgba;
}

export function cssColor(rgb: number): string {
  return `#${(rgb & 0xffffff).toString(16).padStart(6, '0')}`;
}

/** A palette of distinguishable curve colours (by index). */
export function curveColor(i: number): number {
  const palette = [0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf];
  return palette[((i % palette.length) + palette.length) % palette.length];
}
