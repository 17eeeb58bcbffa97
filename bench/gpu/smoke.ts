/**
 * The short run `npm run bench` does where the only adapter is a software one (SwiftShader on the 2-core
 * machines): one Pilatus 2M frame decoded and integrated once on the adapter and on the CPU, with the
 * correctness of each. It checks the path end to end; its times say nothing about a GPU.
 */
import { decodeByteOffsetInt32 } from '../../src/formats/cbf-byte-offset.ts';
import { GpuByteOffsetDecoder } from '../../src/kernels/gpu/byte-offset-decoder.ts';
import { GpuCsrIntegrator } from '../../src/kernels/gpu/csr-integrator.ts';
import type { GpuContext } from '../../src/kernels/gpu/device.ts';
import { integrate1d } from '../../src/kernels/xrd/integrate.ts';
import type { Row } from './measure.ts';
import { cbfPayload, frameFile, loadXrd, plan } from './xrd-setup.ts';

async function ms<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
  const t = performance.now();
  const r = await fn();
  return [r, performance.now() - t];
}

export async function softwareSmoke(gpu: GpuContext): Promise<Row[]> {
  const { payload, rows, cols } = cbfPayload(frameFile(100));
  const n = rows * cols;
  const bbox = plan(loadXrd(), 'bbox');
  const decoder = GpuByteOffsetDecoder.create(gpu);
  await decoder.decode(payload.subarray(0, 4096), 1000); // compile the pipelines outside the timing
  const [gpuFrame, tg] = await ms(() => decoder.decode(payload, n));
  const [cpu, tc] = await ms(() => decodeByteOffsetInt32(payload, n));
  if (!cpu.ok) throw new Error(cpu.problem);
  const same = Buffer.from(gpuFrame.buffer).equals(Buffer.from(cpu.values.buffer));
  const integ = new GpuCsrIntegrator(gpu, bbox);
  await integ.integrate(cpu.values);
  const [pg, tig] = await ms(() => integ.integrate(cpu.values));
  const [pc, tic] = await ms(() => integrate1d(bbox, cpu.values));
  integ.destroy();
  let err = 0;
  for (let b = 0; b < bbox.npt; b++) if (pc.count[b] > 0) err = Math.max(err, Math.abs(pg.intensity[b] - pc.intensity[b]) / Math.abs(pc.intensity[b]));
  return [
    { what: 'decode one Pilatus 2M frame (frame 100), software adapter', value: tg, unit: 'ms', note: `bit-identical to the CPU decoder: ${same ? 'yes' : 'NO'}` },
    { what: 'decode the same frame, CPU TypeScript', value: tc, unit: 'ms', note: 'decodeByteOffsetInt32' },
    { what: 'integrate it, WGSL CSR bbox 2000 bins, software adapter (upload + read-back)', value: tig, unit: 'ms', note: `max rel. error vs integrate1d ${err.toExponential(1)}` },
    { what: 'integrate it, CPU TypeScript integrate1d', value: tic, unit: 'ms', note: '' },
  ];
}
