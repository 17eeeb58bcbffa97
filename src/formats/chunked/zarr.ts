/**
 * Zarr v3 slice sources and writers through zarrita on a local directory. Reading slice i fetches and
 * decodes only the chunks that slice touches (chunk the first axis by 1 so that one slice is one chunk).
 */
import * as zarr from 'zarrita';
import { existsSync } from 'node:fs';
import { BeamflowError } from '../../graph/errors.ts';
import type { Image2D, NumArray } from '../../graph/types.ts';
import { DirectoryStore } from './fs-store.ts';
import type { SliceSource } from './source.ts';

import { gunzipSync, gzipSync } from 'node:zlib';

const numeric = ['int8', 'int16', 'int32', 'uint8', 'uint16', 'uint32', 'float32', 'float64'] as const;
export type ZarrNumeric = (typeof numeric)[number];

/** zarrita decodes gzip but cannot encode it; Node's zlib does both (same format, so files stay standard). */
class NodeGzip {
  readonly kind = 'bytes_to_bytes' as const;
  constructor(private readonly level: number) {}
  static fromConfig(config: unknown): NodeGzip {
    const level = (config as { level?: number } | null)?.level;
    return new NodeGzip(typeof level === 'number' ? level : 1);
  }
  encode(bytes: Uint8Array): Uint8Array {
    return gzipSync(bytes, { level: this.level });
  }
  decode(bytes: Uint8Array): Uint8Array {
    const b = gunzipSync(bytes);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  }
}
zarr.registry.set('gzip', async () => NodeGzip as never);

function bad(file: string, problem: string): BeamflowError {
  return new BeamflowError({ kind: 'BadFile', file, problem });
}

/** Opens array `path` ('/' for a root array) of the Zarr store in `dir`. */
export async function openZarrSource(dir: string, path = '/'): Promise<SliceSource<Image2D | NumArray>> {
  if (!existsSync(dir)) throw bad(dir, 'no such Zarr store');
  const loc = zarr.root(new DirectoryStore(dir)).resolve(path);
  let arr: zarr.Array<zarr.DataType, DirectoryStore>;
  try {
    arr = await zarr.open(loc, { kind: 'array' });
  } catch (e) {
    throw bad(dir, `no Zarr array at '${path}' (${e instanceof Error ? e.message : String(e)})`);
  }
  const shape = arr.shape;
  if (shape.length !== 2 && shape.length !== 3) throw bad(dir, `array '${path}' has shape [${shape.join(', ')}]; need a stack of spectra (2-D) or frames (3-D)`);
  if (!(numeric as readonly string[]).includes(arr.dtype)) throw bad(dir, `array '${path}' has dtype ${arr.dtype}; need ≤32-bit integers or floats`);
  const typed = arr as zarr.Array<ZarrNumeric, DirectoryStore>;
  return {
    name: `${dir}#${path}`,
    shape,
    length: shape[0],
    async read(index) {
      if (!Number.isInteger(index) || index < 0 || index >= shape[0]) throw bad(dir, `slice ${index} is outside 0..${shape[0] - 1} of '${path}'`);
      const sel = shape.length === 3 ? [index, null, null] : [index, null];
      const chunk = await zarr.get(typed, sel);
      const data = chunk.data as NumArray;
      return shape.length === 3 ? ({ kind: 'image', rows: shape[1], cols: shape[2], data } satisfies Image2D) : data;
    },
    close() {
      // Nothing held open: each read opens and closes its chunk files.
    },
  };
}

export interface ZarrWriterOptions {
  readonly path?: string;
  readonly sliceShape: readonly number[];
  readonly dtype: ZarrNumeric;
  /** Total slices (a Zarr array's shape is fixed at creation). */
  readonly total: number;
  readonly chunkSlices?: number;
  /** gzip level for chunks (default none: raw little-endian bytes). */
  readonly gzip?: number;
}

/** Creates a Zarr v3 array and writes it slice by slice (one chunk per call when chunkSlices divides). */
export async function createZarrWriter(dir: string, o: ZarrWriterOptions): Promise<{ write(index: number, slices: NumArray, count?: number): Promise<void> }> {
  const store = new DirectoryStore(dir);
  const loc = zarr.root(store).resolve(o.path ?? '/');
  const codecs = [{ name: 'bytes', configuration: { endian: 'little' } }, ...(o.gzip ? [{ name: 'gzip', configuration: { level: o.gzip } }] : [])];
  const arr = await zarr.create(loc, {
    shape: [o.total, ...o.sliceShape],
    chunkShape: [o.chunkSlices ?? 1, ...o.sliceShape],
    dtype: o.dtype,
    codecs,
  });
  const per = o.sliceShape.reduce((a, b) => a * b, 1);
  return {
    async write(index, slices, count = 1) {
      if (slices.length !== per * count) throw new RangeError(`write: ${slices.length} values, expected ${count} × ${per}`);
      const shape = [count, ...o.sliceShape];
      const stride = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
      const sel = [zarr.slice(index, index + count), ...o.sliceShape.map(() => null)];
      await zarr.set(arr, sel, { data: slices, shape, stride } as never);
    },
  };
}
