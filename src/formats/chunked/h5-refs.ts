/**
 * Synchronous HDF5 slice reads for transforms that receive a reference (file, dataset, slice index)
 * instead of the data: what a distributed job carries for frames. Open files are kept per process in a
 * small LRU so consecutive frames of one file do not reopen it. Call `await h5Ready()` once first
 * (a transform module can do so at its top level).
 */
import h5wasm from 'h5wasm/node';
import type { Dataset, File as H5File } from 'h5wasm';
import { existsSync } from 'node:fs';
import { BeamflowError } from '../../graph/errors.ts';
import type { Image2D, NumArray } from '../../graph/types.ts';

const MAX_OPEN = 8;
const open = new Map<string, { file: H5File; sets: Map<string, Dataset> }>();

function bad(file: string, problem: string): BeamflowError {
  return new BeamflowError({ kind: 'BadFile', file, problem });
}

function handle(file: string): { file: H5File; sets: Map<string, Dataset> } {
  let h = open.get(file);
  if (h) {
    open.delete(file);
    open.set(file, h); // most recently used last
    return h;
  }
  if (!existsSync(file)) throw bad(file, 'no such file');
  try {
    h = { file: new h5wasm.File(file, 'r'), sets: new Map() };
  } catch (e) {
    if (e instanceof TypeError && /undefined|not a function/.test(e.message)) throw new Error('h5wasm is not loaded: await h5Ready() first');
    throw bad(file, `not an HDF5 file (${e instanceof Error ? e.message : String(e)})`);
  }
  open.set(file, h);
  if (open.size > MAX_OPEN) {
    const [oldest, o] = open.entries().next().value as [string, { file: H5File }];
    o.file.close();
    open.delete(oldest);
  }
  return h;
}

/** Slice `index` along axis 0 of `dataset`: an Image2D for a 3-D dataset, a 1-D array for a 2-D one. */
export function readH5Slice(file: string, dataset: string, index: number): Image2D | NumArray {
  const h = handle(file);
  let ds = h.sets.get(dataset);
  if (!ds) {
    const d = h.file.get(dataset);
    if (!(d instanceof h5wasm.Dataset)) throw bad(file, `no dataset '${dataset}'`);
    ds = d;
    h.sets.set(dataset, ds);
  }
  const shape = ds.shape ?? [];
  if (shape.length !== 2 && shape.length !== 3) throw bad(file, `dataset '${dataset}' has shape [${shape.join(', ')}]; need 2-D or 3-D`);
  if (!Number.isInteger(index) || index < 0 || index >= shape[0]) throw bad(file, `slice ${index} is outside 0..${shape[0] - 1} of '${dataset}'`);
  const v = ds.slice([[index, index + 1], ...shape.slice(1).map((n): [number, number] => [0, n])]);
  if (!ArrayBuffer.isView(v) || v instanceof BigInt64Array || v instanceof BigUint64Array || v instanceof DataView) {
    throw bad(file, `dataset '${dataset}': element type not supported (need ≤32-bit integers or floats)`);
  }
  const data = v as NumArray;
  return shape.length === 3 ? { kind: 'image', rows: shape[1], cols: shape[2], data } : data;
}

/** Closes every file this process holds open (tests, shutdown). */
export function closeH5Refs(): void {
  for (const h of open.values()) h.file.close();
  open.clear();
}
