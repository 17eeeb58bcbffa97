/** Masks from files: raw int8 (row-major, nonzero = masked) or EDF; checked against the detector shape. */
import { readFileSync } from 'node:fs';
import { readEdf } from '../../formats/edf.ts';
import { BeamflowError } from '../../graph/errors.ts';

export function maskFromBytes(bytes: Uint8Array, file: string, rows: number, cols: number): Uint8Array {
  const n = rows * cols;
  let src: ArrayLike<number>;
  if (/\.edf$/i.test(file) || bytes[0] === 0x7b) {
    const img = readEdf(bytes, file);
    if (img.rows !== rows || img.cols !== cols) {
      throw new BeamflowError({ kind: 'BadFile', file, problem: `mask is ${img.rows} × ${img.cols}, detector is ${rows} × ${cols}` });
    }
    src = img.data;
  } else {
    if (bytes.length !== n) throw new BeamflowError({ kind: 'BadFile', file, problem: `raw int8 mask has ${bytes.length} bytes, detector has ${n} pixels (${rows} × ${cols})` });
    src = bytes;
  }
  const mask = new Uint8Array(n);
  for (let k = 0; k < n; k++) mask[k] = src[k] !== 0 ? 1 : 0;
  return mask;
}

export function readMask(file: string, rows: number, cols: number): Uint8Array {
  return maskFromBytes(new Uint8Array(readFileSync(file)), file, rows, cols);
}
