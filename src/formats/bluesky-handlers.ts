/**
 * Handlers for externally stored data (event-model resource/datum): a resource names a file (or file family)
 * and a spec; each datum's kwargs pick one array out of it. Built-in specs: NPY_SEQ (ophyd.sim),
 * AD_HDF5 (area detector HDF5 plugin, /entry/data/data), AD_CBF (one CBF file per point, decoded by the
 * CBF reader the caller passes in). A moved data folder is found through `rootMap`.
 */
import { readFileSync } from 'node:fs';
import { join, isAbsolute } from 'node:path';
import type { ArrayValue, Image2D } from '../graph/types.ts';
import type { Json, JsonObject, ResourceDoc } from './bluesky-docs.ts';
import { decodeNpy } from './bluesky-npy.ts';
import type { ExternalResolver } from './bluesky-run.ts';

/** Reads one datum; throws with a message naming the file and the problem. */
export type DatumReader = (datumKwargs: JsonObject) => ArrayValue;
export type HandlerFactory = (file: string, resource: ResourceDoc) => DatumReader;

/** Reads a 2D HDF5 slice: file, dataset path, first index along axis 0. */
export type Hdf5FrameReader = (file: string, dataset: string, index: number) => Image2D;

export interface HandlerOptions {
  /** Resource root as recorded → where it is now. */
  readonly rootMap?: Readonly<Record<string, string>>;
  readonly handlers?: Readonly<Record<string, HandlerFactory>>;
  readonly cbf?: (bytes: Uint8Array, file: string) => Image2D;
  readonly hdf5?: Hdf5FrameReader;
}

function int(kwargs: JsonObject, key: string, spec: string): number {
  const v: Json | undefined = kwargs[key];
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new Error(`${spec} datum needs an integer '${key}', got ${JSON.stringify(v)}`);
  return v;
}

function readBytes(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new Error(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/** Python's `template % (path, filename, n)` for the %s and %d conversions area-detector templates use. */
export function pyFormat(template: string, args: readonly (string | number)[]): string {
  let i = 0;
  return template.replace(/%(\d*)(?:\.(\d+))?([sd%])/g, (_m, width: string, prec: string, conv: string) => {
    if (conv === '%') return '%';
    const a = args[i++];
    if (conv === 's') return String(a).padStart(Number(width || 0));
    const digits = String(Math.trunc(Number(a))).padStart(Number(prec || 0), '0');
    return digits.padStart(Number(width || 0));
  });
}

export function builtinHandlers(opts: HandlerOptions): Record<string, HandlerFactory> {
  return {
    NPY_SEQ: (base) => (kw) => {
      const file = `${base}_${int(kw, 'index', 'NPY_SEQ')}.npy`;
      try {
        return decodeNpy(readBytes(file));
      } catch (e) {
        const m = (e as Error).message;
        throw new Error(m.startsWith(file) ? m : `${file}: ${m}`);
      }
    },
    AD_HDF5: (file, res) => (kw) => {
      if (!opts.hdf5) throw new Error('AD_HDF5 needs an HDF5 reader (createResolver loads h5wasm)');
      const fpp = typeof res.resource_kwargs['frame_per_point'] === 'number' ? res.resource_kwargs['frame_per_point'] : 1;
      if (fpp !== 1) throw new Error(`${file}: frame_per_point ${fpp} is not supported (only 1)`);
      return opts.hdf5(file, '/entry/data/data', int(kw, 'point_number', 'AD_HDF5'));
    },
    AD_CBF: (path, res) => (kw) => {
      if (!opts.cbf) throw new Error('AD_CBF needs a CBF decoder');
      const template = String(res.resource_kwargs['template'] ?? '%s%s_%6.6d.cbf');
      const file = pyFormat(template, [path.endsWith('/') ? path : `${path}/`, String(res.resource_kwargs['filename'] ?? ''), int(kw, 'point_number', 'AD_CBF')]);
      return opts.cbf(readBytes(file), file);
    },
  };
}

/** Where a resource's file is now: its root remapped by `rootMap`, joined with its path. */
export function resourceFile(res: ResourceDoc, rootMap: Readonly<Record<string, string>> = {}): string {
  if (isAbsolute(res.resource_path)) return res.resource_path;
  const root = typeof res['root'] === 'string' ? res['root'] : '';
  return join(rootMap[root] ?? root, res.resource_path);
}

/** A resolver over the built-in handlers plus any given; handlers are built once per resource. */
export function createResolver(opts: HandlerOptions = {}): ExternalResolver {
  const factories = { ...builtinHandlers(opts), ...opts.handlers };
  const readers = new Map<string, DatumReader>();
  return (res, kwargs) => {
    let reader = readers.get(res.uid);
    if (!reader) {
      const factory = factories[res.spec];
      if (!factory) throw new Error(`no handler for spec '${res.spec}' (known: ${Object.keys(factories).join(', ')})`);
      reader = factory(resourceFile(res, opts.rootMap), res);
      readers.set(res.uid, reader);
    }
    return reader(kwargs);
  };
}
