/**
 * NeXus/HDF5 output through h5wasm (Node build, host file system): reduced patterns, sinograms and tomograms
 * as NXdata groups with their signal, axes and units, under one NXentry.
 */
import h5wasm from 'h5wasm/node';

type H5Group = InstanceType<typeof h5wasm.Group>;

export interface NxAxis {
  readonly name: string;
  readonly values: Float64Array;
  readonly units: string;
  readonly longName?: string;
}

export interface NxDataBlock {
  /** Group name under /entry, e.g. 'patterns'. */
  readonly name: string;
  readonly signal: { readonly name: string; readonly data: Float64Array | Float32Array; readonly shape: readonly number[]; readonly units: string; readonly longName?: string };
  /** Same shape as the signal: written as `<signal>_errors`. */
  readonly errors?: Float64Array | Float32Array;
  /** One axis per dimension of the signal, or null for a dimension without an axis. */
  readonly axes: readonly (NxAxis | null)[];
  /** Extra datasets (e.g. frame names), strings or numbers. */
  readonly extra?: Readonly<Record<string, readonly string[] | Float64Array>>;
}

export interface NxFile {
  readonly title?: string;
  readonly program?: string;
  readonly blocks: readonly NxDataBlock[];
}

function writeBlock(entry: H5Group, b: NxDataBlock): void {
  const g = entry.create_group(b.name);
  g.create_attribute('NX_class', 'NXdata');
  g.create_attribute('signal', b.signal.name);
  g.create_attribute('axes', b.axes.map((a) => a?.name ?? '.'));
  const n = b.signal.shape.reduce((x, y) => x * y, 1);
  if (b.signal.data.length !== n) throw new RangeError(`${b.name}: signal has ${b.signal.data.length} values for shape ${b.signal.shape.join('×')}`);
  const s = g.create_dataset({ name: b.signal.name, data: b.signal.data, shape: [...b.signal.shape] });
  s.create_attribute('units', b.signal.units);
  if (b.signal.longName) s.create_attribute('long_name', b.signal.longName);
  if (b.errors) g.create_dataset({ name: `${b.signal.name}_errors`, data: b.errors, shape: [...b.signal.shape] });
  b.axes.forEach((a, dim) => {
    if (!a) return;
    if (a.values.length !== b.signal.shape[dim]) throw new RangeError(`${b.name}: axis ${a.name} has ${a.values.length} values, dimension ${dim} has ${b.signal.shape[dim]}`);
    g.create_attribute(`${a.name}_indices`, dim);
    const ds = g.create_dataset({ name: a.name, data: a.values });
    ds.create_attribute('units', a.units);
    if (a.longName) ds.create_attribute('long_name', a.longName);
  });
  for (const [name, v] of Object.entries(b.extra ?? {})) {
    g.create_dataset({ name, data: v instanceof Float64Array ? v : [...v] });
  }
}

/** Writes (or overwrites) `path` with one NXentry holding the given NXdata blocks; the first is the default. */
export async function writeNexus(path: string, content: NxFile): Promise<void> {
  await h5wasm.ready;
  const f = new h5wasm.File(path, 'w');
  try {
    f.create_attribute('NX_class', 'NXroot');
    if (content.blocks[0]) f.create_attribute('default', 'entry');
    const entry = f.create_group('entry');
    entry.create_attribute('NX_class', 'NXentry');
    if (content.blocks[0]) entry.create_attribute('default', content.blocks[0].name);
    if (content.title) entry.create_dataset({ name: 'title', data: content.title });
    entry.create_dataset({ name: 'program_name', data: content.program ?? 'beamflow' });
    for (const b of content.blocks) writeBlock(entry, b);
  } finally {
    f.close();
  }
}

/** Reads one dataset back (tests, tools): its values and shape. */
export async function readNexusDataset(path: string, dataset: string): Promise<{ value: unknown; shape: number[] | null; attrs: Record<string, unknown> }> {
  await h5wasm.ready;
  const f = new h5wasm.File(path, 'r');
  try {
    const d = f.get(dataset);
    if (!d) throw new Error(`${path}: no ${dataset}`);
    const attrs: Record<string, unknown> = {};
    if (d instanceof h5wasm.Dataset || d instanceof h5wasm.Group) for (const [name, a] of Object.entries(d.attrs)) attrs[name] = a.value;
    if (d instanceof h5wasm.Dataset) return { value: d.value, shape: d.shape, attrs };
    return { value: null, shape: null, attrs };
  } finally {
    f.close();
  }
}
