/** No pixel splitting: each valid pixel goes whole into the bin of its centre. */
import { binAxis } from './bins.ts';
import type { BinAxis } from './bins.ts';
import { CsrBuilder } from './csr.ts';

/**
 * `centre`: radial position per pixel (internal units). The automatic range spans all pixel centres,
 * masked ones included, as pyFAI's histogram engine does.
 */
export function noSplitAxis(centre: Float64Array, npt: number): BinAxis {
  let min = Infinity;
  let max = -Infinity;
  for (let k = 0; k < centre.length; k++) {
    const x = centre[k];
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return binAxis(min, max, npt);
}

export function buildNoSplit(centre: Float64Array, mask: Uint8Array | null, axis: BinAxis) {
  const b = new CsrBuilder(axis.npt, centre.length);
  const { lo, delta, npt } = axis;
  for (let k = 0; k < centre.length; k++) {
    if (mask && mask[k]) continue;
    const f = (centre[k] - lo) / delta;
    if (f < 0) continue;
    const bin = Math.trunc(f);
    if (bin >= npt) continue;
    b.add(bin, k, 1);
  }
  return b.build();
}
