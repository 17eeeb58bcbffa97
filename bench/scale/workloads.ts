/** The bench's task lists: real spectra, real frames by file reference, synthetic CPU work, big payloads. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TransformTask } from '../../src/graph/exec/executor.ts';
import type { AnyTransform, NodeData, ParamValue } from '../../src/graph/types.ts';
import { readXafsTable } from '../../src/formats/xafs-file.ts';
import { heavy } from '../../tests/scale/fixtures/heavy.ts';
import { cbfFrameStats, imageSum, xafsReduce } from './transforms.ts';

// BEAMFLOW_SHARED_DATA: the data folder when ../shared is not beside the checkout (a lent machine).
const shared = process.env.BEAMFLOW_SHARED_DATA ?? fileURLToPath(new URL('../../../shared/data/', import.meta.url));

export function taskOf(t: AnyTransform, item: string, input: NodeData, params: Record<string, ParamValue> = {}): TransformTask {
  if (!t.location) throw new Error(`${t.name} has no location`);
  return { item, transform: t.name, location: t.location, params, input };
}

/** n copies of a real Cu foil transmission spectrum (energy, ln(i0/it)). */
export function spectra(n: number): TransformTask[] {
  const table = readXafsTable(join(shared, 'xafs/transmission/cu_metal_rt.xdi'));
  const col = (name: string): Float64Array => {
    const i = table.labels.findIndex((l) => l.toLowerCase() === name);
    if (i < 0) throw new Error(`cu_metal_rt.xdi lacks column ${name} (has ${table.labels.join(', ')})`);
    return table.columns[i];
  };
  const energy = col('energy');
  const i0 = col('i0');
  const it = col('itrans');
  const mu = Float64Array.from(energy, (_, k) => Math.log(i0[k] / it[k]));
  return Array.from({ length: n }, (_, i) => taskOf(xafsReduce, `cu${i}`, { energy, mu }));
}

/** n jobs over the real Pilatus 2M CBF frames, each naming its file (nothing else travels). */
export function frames(n: number): TransformTask[] {
  const dir = join(shared, 'xrd/frames');
  const files = readdirSync(dir).filter((f) => f.endsWith('.cbf')).sort();
  if (files.length === 0) throw new Error(`no CBF frames in ${dir}`);
  return Array.from({ length: n }, (_, i) => taskOf(cbfFrameStats, `fr${i}`, {}, { file: join(dir, files[i % files.length]) }));
}

/** n jobs of deterministic CPU work: `rounds` passes over a 4096-point array. */
export function cpu(n: number, rounds: number, points = 4096): TransformTask[] {
  return Array.from({ length: n }, (_, i) => {
    const y = Float64Array.from({ length: points }, (_, k) => Math.sin(k * 0.01 + i));
    return taskOf(heavy, `h${i}`, { y }, { rounds });
  });
}

/** n Pilatus-2M-sized float32 images (13.5 MB each) for the transport measurement. */
export function bigPayloads(n: number): TransformTask[] {
  const rows = 1679;
  const cols = 1475;
  return Array.from({ length: n }, (_, i) => {
    const data = Float32Array.from({ length: rows * cols }, (_, k) => (k * 7 + i) % 1000);
    return taskOf(imageSum, `img${i}`, { frame: { kind: 'image', rows, cols, data } });
  });
}
