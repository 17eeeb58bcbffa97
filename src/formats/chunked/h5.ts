/**
 * HDF5 slice sources and writers through h5wasm's Node build. That build mounts the host filesystem
 * (Emscripten NODERAWFS), so HDF5 reads only the chunks a slice touches straight from disk: the file is
 * never loaded whole. Memory is bounded by HDF5's chunk cache (1 MiB per dataset by default), the wasm
 * heap's high-water mark (about one slice), and the slices the consumer keeps.
 * Compression: HDF5's built-in filters (gzip/deflate, shuffle) work; detector filters such as bitshuffle-LZ4
 * work once a folder of h5wasm plugins is on the search path (BEAMFLOW_H5_PLUGINS, addH5PluginPath).
 */
import h5wasm from 'h5wasm/node';
import type { Dataset, File as H5File } from 'h5wasm';
import { existsSync } from 'node:fs';
import { BeamflowError } from '../../graph/errors.ts';
import type { Image2D, NumArray } from '../../graph/types.ts';
import type { SliceSource } from './source.ts';

let ready: Promise<unknown> | null = null;
/**
 * Loads the wasm module once per process. BEAMFLOW_H5_PLUGINS names a folder of HDF5 filter plugins built
 * for h5wasm (the `plugins/` folder of the h5wasm-plugins package: bitshuffle-LZ4, LZ4, Blosc, zstd …).
 */
export function h5Ready(): Promise<unknown> {
  ready ??= h5wasm.ready.then(async (m) => {
    const dir = process.env.BEAMFLOW_H5_PLUGINS;
    if (dir) await addH5PluginPath(dir);
    return m;
  });
  return ready;
}

/** Puts a folder of h5wasm filter plugins first on HDF5's plugin search path. */
export async function addH5PluginPath(dir: string): Promise<void> {
  if (!existsSync(dir)) throw new Error(`HDF5 plugin folder ${dir} does not exist`);
  const m = await h5wasm.ready;
  if (!m.get_plugin_search_paths().includes(dir)) m.insert_plugin_search_path(dir, 0);
}

function bad(file: string, problem: string): BeamflowError {
  return new BeamflowError({ kind: 'BadFile', file, problem });
}

function asNumArray(v: unknown, file: string, what: string): NumArray {
  const ok = v instanceof Float64Array || v instanceof Float32Array || v instanceof Int32Array || v instanceof Uint32Array
    || v instanceof Int16Array || v instanceof Uint16Array || v instanceof Int8Array || v instanceof Uint8Array;
  if (!ok) throw bad(file, `${what}: element type ${Object.prototype.toString.call(v)} is not supported (need ≤32-bit integers or floats)`);
  return v as NumArray;
}

/** Frames (3-D dataset → Image2D per slice) or spectra (2-D dataset → 1-D array per slice). */
export async function openH5Source(file: string, dataset: string): Promise<SliceSource<Image2D | NumArray>> {
  await h5Ready();
  if (!existsSync(file)) throw bad(file, 'no such file');
  let f: H5File;
  try {
    f = new h5wasm.File(file, 'r');
  } catch (e) {
    throw bad(file, `not an HDF5 file (${e instanceof Error ? e.message : String(e)})`);
  }
  const ds = f.get(dataset);
  if (!(ds instanceof h5wasm.Dataset)) {
    f.close();
    throw bad(file, `no dataset '${dataset}'`);
  }
  const shape = ds.shape ?? [];
  if (shape.length !== 2 && shape.length !== 3) {
    f.close();
    throw bad(file, `dataset '${dataset}' has shape [${shape.join(', ')}]; need a stack of spectra (2-D) or frames (3-D)`);
  }
  const name = `${file}#${dataset}`;
  let open = true;
  return {
    name,
    shape,
    length: shape[0],
    async read(index) {
      if (!open) throw bad(file, 'source is closed');
      if (!Number.isInteger(index) || index < 0 || index >= shape[0]) throw bad(file, `slice ${index} is outside 0..${shape[0] - 1} of '${dataset}'`);
      const ranges: [number, number][] = [[index, index + 1], ...shape.slice(1).map((n): [number, number] => [0, n])];
      const data = asNumArray((ds as Dataset).slice(ranges), file, dataset);
      return shape.length === 3 ? ({ kind: 'image', rows: shape[1], cols: shape[2], data } satisfies Image2D) : data;
    },
    close() {
      if (open) f.close();
      open = false;
    },
  };
}

/** Element types, named as in Zarr; h5wasm takes Python struct codes. */
export type ElementType = 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64';
const structCode: Record<ElementType, string> = {
  int8: '<b', uint8: '<B', int16: '<h', uint16: '<H', int32: '<i', uint32: '<I', float32: '<f', float64: '<d',
};

export interface H5WriterOptions {
  readonly dataset: string;
  /** Shape of one slice: [rows, cols] for frames, [n] for spectra. */
  readonly sliceShape: readonly number[];
  readonly dtype: ElementType;
  /** Slices per chunk along axis 0 (default 1: a slice is one chunk). */
  readonly chunkSlices?: number;
  /** Total slices if known (the dataset is sized once); otherwise it grows per append. */
  readonly total?: number;
  readonly gzip?: number;
  /** Any HDF5 filter by id with its options, e.g. bitshuffle-LZ4: { id: 32008, options: [0, 2] } (needs its plugin). */
  readonly filter?: { readonly id: number; readonly options: readonly number[] };
}

/** Writes a stack slice by slice (or several at once) into a chunked, resizable dataset. */
export async function createH5Writer(file: string, o: H5WriterOptions): Promise<{ append(slices: NumArray, count?: number): void; close(): void; readonly written: number }> {
  await h5Ready();
  const f = new h5wasm.File(file, 'w');
  const per = o.sliceShape.reduce((a, b) => a * b, 1);
  const chunk = [o.chunkSlices ?? 1, ...o.sliceShape];
  // h5wasm does not create intermediate groups ('/entry' of '/entry/data').
  const parts = o.dataset.split('/').filter(Boolean);
  let at = '';
  for (const g of parts.slice(0, -1)) {
    const parent = f.get(at || '/');
    at += `/${g}`;
    if (!f.get(at) && parent instanceof h5wasm.Group) parent.create_group(g);
  }
  const ds = f.create_dataset({
    name: o.dataset, data: new Float32Array(0), shape: [0, ...o.sliceShape], maxshape: [null, ...o.sliceShape], chunks: chunk, dtype: structCode[o.dtype],
    ...(o.gzip ? { compression: 'gzip' as const, compression_opts: o.gzip } : {}),
    ...(o.filter ? { compression: o.filter.id, compression_opts: [...o.filter.options] } : {}),
  });
  if (o.total) ds.resize([o.total, ...o.sliceShape]);
  let written = 0;
  return {
    append(slices, count = 1) {
      if (slices.length !== per * count) throw new RangeError(`append: ${slices.length} values, expected ${count} × ${per}`);
      const end = written + count;
      if (!o.total || end > o.total) ds.resize([end, ...o.sliceShape]);
      ds.write_slice([[written, end], ...o.sliceShape.map((n): [number, number] => [0, n])], slices);
      written = end;
    },
    close() {
      f.close();
    },
    get written() {
      return written;
    },
  };
}
