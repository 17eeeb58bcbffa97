/** Runs whose frames live in external files (CBF per point, one HDF5 file) resolved through handlers. */
import h5wasm from 'h5wasm/node';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pyFormat } from '../../src/formats/bluesky-handlers.ts';
import { writeCbf } from '../../src/formats/cbf-write.ts';
import { isImage2D } from '../../src/graph/types.ts';
import { replayFile } from '../../src/session/replay-file.ts';

const ROWS = 4;
const COLS = 5;
const frame = (k: number): Int32Array => Int32Array.from({ length: ROWS * COLS }, (_, i) => i * 10 + k);

/** A JSON-lines run of 3 frames stored externally under `spec`. */
function run(dir: string, spec: string, resourcePath: string, kwargs: object): string {
  const uid = 'f00dcafe-0000-0000-0000-000000000000';
  const docs: unknown[][] = [
    ['start', { uid, time: 100, plan_name: 'count', scan_id: 7 }],
    ['descriptor', { uid: 'd', time: 100, run_start: uid, name: 'primary', data_keys: { det_image: { source: 'det', dtype: 'array', shape: [ROWS, COLS], external: 'FILESTORE:' } }, hints: { det: { fields: [] } } }],
    ['resource', { uid: 'r', spec, root: dir, resource_path: resourcePath, resource_kwargs: kwargs, run_start: uid, path_semantics: 'posix' }],
    ['datum_page', { resource: 'r', datum_id: ['r/0', 'r/1', 'r/2'], datum_kwargs: { point_number: [0, 1, 2] } }],
    ...[0, 1, 2].map((k) => ['event', { uid: `e${k}`, time: 101 + k, seq_num: k + 1, descriptor: 'd', data: { det_image: `r/${k}` }, timestamps: { det_image: 101 + k }, filled: { det_image: false } }]),
    ['stop', { uid: 's', time: 104, run_start: uid, exit_status: 'success' }],
  ];
  const file = join(dir, 'run.jsonl');
  writeFileSync(file, docs.map((d) => JSON.stringify(d)).join('\n'));
  return file;
}

async function frames(file: string): Promise<Int32Array[]> {
  const problems: string[] = [];
  const { engine, summary } = await replayFile(file, { pace: { kind: 'instant' }, onProblem: (a, p) => problems.push(`${a}: ${p}`) });
  expect(problems).toEqual([]);
  expect(summary).toMatchObject({ documents: { start: 1, descriptor: 1, resource: 1, datum_page: 1, event: 3, stop: 1 }, events: 3, items: 3 });
  const out = [1, 2, 3].map((seq) => {
    const img = engine.data('raw', `bs-f00dcafe-${seq}`)?.['det_image'];
    if (!isImage2D(img)) throw new Error('no image');
    expect([img.rows, img.cols]).toEqual([ROWS, COLS]);
    return Int32Array.from(img.data);
  });
  await engine.close();
  return out;
}

describe('external frames', () => {
  it('AD_CBF: one CBF file per point, named by the resource template', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bf-cbf-run-'));
    const template = '%s%s_%5.5d.cbf';
    for (let k = 0; k < 3; k++) writeFileSync(pyFormat(template, [`${dir}/`, 'scan', k]), writeCbf({ rows: ROWS, cols: COLS, data: frame(k) }));
    const got = await frames(run(dir, 'AD_CBF', '', { template, filename: 'scan', frame_per_point: 1 }));
    expect(got).toEqual([0, 1, 2].map(frame));
  });
  it('AD_HDF5: frames from /entry/data/data of one file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bf-h5-run-'));
    await h5wasm.ready;
    const f = new h5wasm.File(join(dir, 'det.h5'), 'w');
    const all = new Int32Array(3 * ROWS * COLS);
    for (let k = 0; k < 3; k++) all.set(frame(k), k * ROWS * COLS);
    f.create_group('entry');
    f.create_group('entry/data');
    f.create_dataset({ name: 'entry/data/data', data: all, shape: [3, ROWS, COLS], dtype: '<i' });
    f.close();
    const got = await frames(run(dir, 'AD_HDF5', 'det.h5', { frame_per_point: 1 }));
    expect(got).toEqual([0, 1, 2].map(frame));
  });
  it('pyFormat follows Python % formatting for area-detector templates', () => {
    expect(pyFormat('%s%s_%6.6d.cbf', ['/d/', 'img', 42])).toBe('/d/img_000042.cbf');
    expect(pyFormat('%s/%s%d.tif', ['/d', 'x', 7])).toBe('/d/x7.tif');
  });
});
