/** The diffraction path's NeXus layouts: a stack of 1D patterns, a sinogram, a tomogram. */
import type { RadialUnit } from '../kernels/xrd/geometry.ts';
import type { NxAxis, NxDataBlock } from './nexus.ts';

export function radialAxis(radial: Float64Array, unit: RadialUnit): NxAxis {
  return unit === '2th_deg'
    ? { name: 'radial', values: radial, units: 'deg', longName: 'scattering angle 2θ (deg)' }
    : { name: 'radial', values: radial, units: '1/nm', longName: 'scattering vector q (nm⁻¹)' };
}

export interface PatternStack {
  readonly names: readonly string[];
  readonly radial: Float64Array;
  readonly unit: RadialUnit;
  readonly intensity: readonly Float64Array[];
  readonly sigma: readonly Float64Array[];
}

function stack(rows: readonly Float64Array[], npt: number): Float64Array {
  const out = new Float64Array(rows.length * npt);
  rows.forEach((r, i) => out.set(r, i * npt));
  return out;
}

export function patternsBlock(p: PatternStack): NxDataBlock {
  const npt = p.radial.length;
  return {
    name: 'patterns',
    signal: { name: 'intensity', data: stack(p.intensity, npt), shape: [p.names.length, npt], units: 'counts', longName: 'azimuthally integrated intensity' },
    errors: stack(p.sigma, npt),
    axes: [{ name: 'frame', values: Float64Array.from(p.names, (_, i) => i), units: '' }, radialAxis(p.radial, p.unit)],
    extra: { frame_name: p.names },
  };
}

export interface SinogramBlockInput {
  /** rotation × translation × radial, row-major. */
  readonly data: Float64Array;
  readonly angles: Float64Array;
  readonly translations: Float64Array;
  readonly radial: Float64Array;
  readonly unit: RadialUnit;
}

export function sinogramBlock(s: SinogramBlockInput): NxDataBlock {
  return {
    name: 'sinogram',
    signal: { name: 'sinogram', data: s.data, shape: [s.angles.length, s.translations.length, s.radial.length], units: 'counts' },
    axes: [
      { name: 'rotation_angle', values: s.angles, units: 'deg' },
      { name: 'translation', values: s.translations, units: 'mm' },
      radialAxis(s.radial, s.unit),
    ],
  };
}

export function tomogramBlock(t: { data: Float64Array; size: number; pixel: number; label: string }): NxDataBlock {
  const pos = Float64Array.from({ length: t.size }, (_, i) => (i - (t.size - 1) / 2) * t.pixel);
  return {
    name: 'tomogram',
    signal: { name: 'tomogram', data: t.data, shape: [t.size, t.size], units: 'counts', longName: t.label },
    axes: [
      { name: 'y', values: pos, units: 'mm' },
      { name: 'x', values: pos, units: 'mm' },
    ],
  };
}
