/** NeXus output of the XRD-CT path (sinogram and tomogram NXdata) through h5wasm, read back. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readNexusDataset, writeNexus } from '../../src/formats/nexus.ts';
import { sinogramBlock, tomogramBlock } from '../../src/formats/nexus-xrd.ts';
import { fbp, projectParallel } from '../../src/kernels/xrd/fbp.ts';
import { discPhantom } from '../../src/sim/xrd-scan.ts';

const dir = mkdtempSync(join(tmpdir(), 'beamflow-xrd-nexus-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('NeXus sinogram and tomogram', () => {
  it('writes NXdata groups with axes and units that read back unchanged', async () => {
    const size = 16;
    const angles = Float64Array.from({ length: 10 }, (_, i) => 18 * i);
    const [phantom] = discPhantom(size);
    const sino2d = projectParallel(phantom, size, angles, size);
    const npt = 3;
    const data = new Float64Array(angles.length * size * npt);
    for (let k = 0; k < angles.length * size; k++) data[k * npt + 1] = sino2d[k];
    const tomo = fbp(sino2d, angles, size);
    const file = join(dir, 'xrdct.h5');
    await writeNexus(file, {
      title: 'phantom',
      blocks: [
        sinogramBlock({ data, angles, translations: Float64Array.from({ length: size }, (_, i) => i * 0.05), radial: Float64Array.of(4.4, 4.5, 4.6), unit: '2th_deg' }),
        tomogramBlock({ data: tomo, size, pixel: 0.05, label: 'bin 1' }),
      ],
    });
    const root = await readNexusDataset(file, 'entry');
    expect(root.attrs).toMatchObject({ NX_class: 'NXentry', default: 'sinogram' });
    const s = await readNexusDataset(file, 'entry/sinogram');
    expect(s.attrs).toMatchObject({ NX_class: 'NXdata', signal: 'sinogram', rotation_angle_indices: 0, translation_indices: 1, radial_indices: 2 });
    expect(s.attrs.axes).toEqual(['rotation_angle', 'translation', 'radial']);
    const sd = await readNexusDataset(file, 'entry/sinogram/sinogram');
    expect(sd.shape).toEqual([10, size, 3]);
    expect(Array.from(sd.value as Float64Array)).toEqual(Array.from(data));
    const ang = await readNexusDataset(file, 'entry/sinogram/rotation_angle');
    expect(ang.attrs.units).toBe('deg');
    expect(Array.from(ang.value as Float64Array)).toEqual(Array.from(angles));
    const t = await readNexusDataset(file, 'entry/tomogram/tomogram');
    expect(t.shape).toEqual([size, size]);
    expect(Array.from(t.value as Float64Array)).toEqual(Array.from(tomo));
    const x = await readNexusDataset(file, 'entry/tomogram/x');
    expect(x.attrs.units).toBe('mm');
  });
});
