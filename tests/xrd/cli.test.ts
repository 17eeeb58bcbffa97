/**
 * The CLI commands as a user runs them (`bin/beamflow.js`), plus cbf-info on every shared CBF and the NeXus
 * output read back through h5wasm.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { cbfInfo } from '../../src/cli/commands/cbf-info.ts';
import { readNexusDataset } from '../../src/formats/nexus.ts';
import { dataPath, haveXrdData, readCsv, readData } from './shared-data.ts';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/beamflow.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'beamflow-xrd-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function beamflow(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [BIN, ...args], { maxBuffer: 1 << 26 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

describe.skipIf(!haveXrdData)('beamflow cbf-info', () => {
  it('prints one JSON object for a real CBF', async () => {
    const file = dataPath('real/psi_pilatus300k_in16c_010001.cbf');
    const r = await beamflow(['cbf-info', file]);
    expect(r.code).toBe(0);
    const info = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(info)).toEqual(['file', 'rows', 'cols', 'min', 'max', 'sum', 'sha256']);
    expect(info).toEqual({ file, rows: 619, cols: 487, min: -2, max: 3363, sum: 1870204, sha256: '1b95829c57bcf52e8fbae967f1f6bdbfb69d549b7075a326dacc047f3148d9a3' });
  });

  it('matches DECODED_CHECKS.csv for every frame', () => {
    for (const row of readCsv('frames/DECODED_CHECKS.csv')) {
      const info = cbfInfo(row.file, readData(`frames/${row.file}`));
      expect([info.rows, info.cols, info.min, info.max, info.sum, info.sha256]).toEqual([1679, 1475, Number(row.min), Number(row.max), Number(row.sum_int64), row.sha256_of_decoded_int32_LE_rowmajor]);
    }
  });

  it('fails with a clear message and exit code 1 on an unsupported file', async () => {
    const file = dataPath('real/edge/cbflib_fit2d_data_uncompressed_fullcbf.cbf');
    const r = await beamflow(['cbf-info', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${file}: unsupported compression 'none'`);
  });
});

describe.skipIf(!haveXrdData)('beamflow integrate', () => {
  it('writes NAME.csv per frame matching pyFAI, reports a bad frame and goes on', async () => {
    const out = join(dir, 'out');
    const bad = join(dir, 'frame_bad.cbf');
    const good = readData('frames/frame_00000.cbf');
    writeFileSync(bad, good.subarray(0, good.length - 100_000));
    const r = await beamflow([
      'integrate', dataPath('frames/frame_00100.cbf'), bad, dataPath('frames/frame_00001.cbf'),
      '--poni', dataPath('geometry/pilatus2m_87keV.poni'), '--mask', dataPath('geometry/mask_int8.raw'),
      '--npt', '2000', '--unit', 'q_nm^-1', '--method', 'no', '--polarization', '0.99', '--out', out,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${bad}: truncated`);
    expect(r.stderr).toMatch(/3\/3 frames/);
    expect(existsSync(join(out, 'frame_bad.csv'))).toBe(false);
    for (const name of ['frame_00100', 'frame_00001']) {
      const lines = readFileSync(join(out, `${name}.csv`), 'utf8').trim().split('\n');
      expect(lines[0]).toBe('radial,intensity,sigma');
      const ours = lines.slice(1).map((l) => l.split(',').map(Number));
      const ref = readFileSync(dataPath(`reference/${name}_no_histogram_cython_q_nm-1.csv`), 'utf8').trim().split('\n').slice(2).map((l) => l.split(',').map(Number));
      expect(ours.length).toBe(2000);
      for (let b = 5; b < 1995; b++) {
        expect(Math.abs(ours[b][0] - ref[b][0]) / ref[b][0]).toBeLessThan(1e-6);
        if (ref[b][6] > 0) expect(Math.abs(ours[b][1] - ref[b][1]) / ref[b][1]).toBeLessThan(1e-4);
      }
    }
  });

  it('writes a NeXus file with NXdata (axes, units) that reads back', async () => {
    const src = join(dir, 'in');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(src, { recursive: true });
    copyFileSync(dataPath('frames/frame_00000.cbf'), join(src, 'a.cbf'));
    copyFileSync(dataPath('frames/frame_00102.cbf'), join(src, 'b.cbf'));
    const h5 = join(dir, 'patterns.h5');
    const r = await beamflow(['integrate', src, '--poni', dataPath('geometry/pilatus2m_87keV.poni'), '--mask', dataPath('geometry/mask.edf'), '--npt', '500', '--method', 'no', '--out', h5]);
    expect(r.stderr).not.toContain('error');
    expect(r.code).toBe(0);
    const nxdata = await readNexusDataset(h5, 'entry/patterns');
    expect(nxdata.attrs).toMatchObject({ NX_class: 'NXdata', signal: 'intensity', radial_indices: 1 });
    expect(nxdata.attrs.axes).toEqual(['frame', 'radial']);
    const intensity = await readNexusDataset(h5, 'entry/patterns/intensity');
    expect(intensity.shape).toEqual([2, 500]);
    const radial = await readNexusDataset(h5, 'entry/patterns/radial');
    expect(radial.attrs.units).toBe('deg');
    expect((radial.value as Float64Array).length).toBe(500);
    const names = await readNexusDataset(h5, 'entry/patterns/frame_name');
    expect(names.value).toEqual(['a', 'b']);
    const errors = await readNexusDataset(h5, 'entry/patterns/intensity_errors');
    expect(errors.shape).toEqual([2, 500]);
    // Frame b (CeO2 rings) is brighter than frame a (background only) somewhere.
    const v = intensity.value as Float64Array;
    expect(Math.max(...v.subarray(500))).toBeGreaterThan(Math.max(...v.subarray(0, 500)));
  });

  it('rejects bad options with usage and exit code 2', async () => {
    const r = await beamflow(['integrate', 'x.cbf', '--poni', 'p.poni', '--out', dir, '--method', 'fancy']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--method must be no, bbox or full, got 'fancy'");
  });
});
