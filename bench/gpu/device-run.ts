/**
 * The GPU measurement run: node bin/run-ts.js bench/gpu/device-run.ts [OUTDIR]
 * (on the accelerator machine it runs as a bundle, see bench/gpu/device-run.sh). Frames and geometry come
 * from BEAMFLOW_XRD_DATA (default ../shared/data/xrd). Writes gpu-results.md and gpu-results.json to OUTDIR.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { getGpu, releaseGpu } from '../../src/kernels/gpu/device.ts';
import { measureGpu, rowsToMarkdown, type MeasureInput } from './measure.ts';
import { cbfPayload, frameFile, loadXrd, plan } from './xrd-setup.ts';

const FRAMES = [100, 101, 102, 0];

export async function deviceRun(outDir: string | null, log: (s: string) => void = console.log): Promise<string> {
  const acq = await getGpu();
  if (!acq.ok) return `no WebGPU adapter: ${acq.reason}`;
  const gpu = acq.gpu;
  const soft = gpu.isSoftware;
  log(`adapter: ${gpu.adapterName}${soft ? ' (software)' : ''}; host ${cpus()[0]?.model ?? '?'} × ${cpus().length}`);
  const t0 = performance.now();
  const setup = loadXrd();
  const bbox = plan(setup, 'bbox');
  const noSplit = plan(setup, 'no');
  log(`plans built in ${((performance.now() - t0) / 1000).toFixed(1)} s (bbox nnz ${bbox.indices.length})`);
  const input: MeasureInput = {
    payloads: FRAMES.map((i) => cbfPayload(frameFile(i)).payload),
    bbox,
    noSplit,
    chainFrames: soft ? 4 : 4000,
    kernelReps: soft ? 2 : 2000,
    bandwidthBytes: soft ? 16 * 2 ** 20 : 512 * 2 ** 20,
    spectra: soft ? 50 : 20000,
    inFlight: [1, 4, 16],
  };
  const rows = await measureGpu(gpu, input, log);
  const label = soft ? `${gpu.adapterName} (software, not a GPU speed)` : gpu.adapterName;
  const md = rowsToMarkdown(label, rows);
  if (outDir) {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(`${outDir}/gpu-results.md`, md + '\n');
    writeFileSync(`${outDir}/gpu-results.json`, JSON.stringify({ adapter: gpu.adapterName, software: soft, date: new Date().toISOString(), host: cpus()[0]?.model, rows }, null, 1));
  }
  releaseGpu();
  return md;
}

if (process.argv[1] && /device-run\.(ts|mjs)$/.test(process.argv[1])) {
  const md = await deviceRun(process.argv[2] ?? null);
  console.log(md);
}
