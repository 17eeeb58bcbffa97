/**
 * The frame stream on a quiet machine (the shared 2-core development machines are too loaded to show the
 * stream's own speed): run under `taskset -c 0,1` so it gets exactly 2 cores. Frames come from our simulator
 * at Pilatus 2M size with the shared geometry's parameters (make_frames.py needs pyFAI, absent there).
 * The stream runs first, so that the process RSS it reports (main thread + workers, which are threads of
 * this process) holds only the stream: before the pool, peak while streaming, after. With `own`, the
 * workers build their own plans (FramePool sharePlan: false) and only the stream is measured, for comparison.
 * Prints one JSON object. Usage: node bin/run-ts.js bench/xrd/device-stream.ts [NFRAMES] [DIR] [own]
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { from } from 'rxjs';
import { writeCbf } from '../../src/formats/cbf-write.ts';
import { readCbf } from '../../src/formats/cbf.ts';
import { detectorMask, knownDetector } from '../../src/kernels/xrd/detector.ts';
import { FramePool } from '../../src/kernels/xrd/frame-pool.ts';
import { readIntoScratch } from '../../src/kernels/xrd/frame-task.ts';
import type { IntegrationSetup } from '../../src/kernels/xrd/frame-task.ts';
import type { Geometry } from '../../src/kernels/xrd/geometry.ts';
import { integrate1d } from '../../src/kernels/xrd/integrate.ts';
import { buildPlan } from '../../src/kernels/xrd/plan.ts';
import { simulateFrame } from '../../src/sim/xrd-frames.ts';
import { median } from '../stats.ts';

const n = Number(process.argv[2] ?? 200);
const dir = process.argv[3] ?? '/tmp/beamflow-xrd-device';
const ownPlans = process.argv[4] === 'own';
const pilatus = knownDetector('Pilatus2M')!;
const g: Geometry = { dist: 0.3, poni1: 0.1448756, poni2: 0.1265404, rot1: 0.0035, rot2: -0.0021, rot3: 0, wavelength: 1.4251057291172445e-11, pixel1: 172e-6, pixel2: 172e-6, rows: pilatus.rows, cols: pilatus.cols, detector: 'Pilatus2M' };
const gaps = detectorMask(pilatus);
mkdirSync(dir, { recursive: true });
const files: string[] = [];
const t0 = performance.now();
const rings = [2.1, 2.43, 3.44, 4.03, 4.21, 4.86, 5.3, 5.95, 6.3, 6.9].map((t, i) => ({ tthDeg: t, widthDeg: 0.012, amplitude: 200 + 80 * (i % 3) }));
for (let i = 0; i < n; i++) {
  if (existsSync(join(dir, `frame_${String(i).padStart(5, '0')}.cbf`))) {
    files.push(join(dir, `frame_${String(i).padStart(5, '0')}.cbf`));
    continue;
  }
  const data = simulateFrame(g, { rings, background: 60, weight: 0.3 + 0.7 * Math.abs(Math.sin(i / 20)), seed: i + 1, gapMask: gaps });
  const f = join(dir, `frame_${String(i).padStart(5, '0')}.cbf`);
  if (!existsSync(f)) writeFileSync(f, writeCbf({ rows: g.rows, cols: g.cols, data }));
  files.push(f);
}
const makeS = (performance.now() - t0) / 1000;

const maskFile = join(dir, 'gaps_int8.raw');
writeFileSync(maskFile, gaps);
const setup: IntegrationSetup = { geometry: g, npt: 2000, unit: '2th_deg', method: 'bbox', polarization: 0.99, solidAngle: true, maskFile };

// The stream first (its memory alone in the process).
const mib = (b: number) => Math.round(b / 2 ** 20);
const rssBefore = process.memoryUsage().rss;
let rssPeak = rssBefore;
const sampler = setInterval(() => {
  rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
}, 25);
const pool = new FramePool({ workers: 2, sharePlan: !ownPlans });
const runs: number[] = [];
for (let r = 0; r <= 5; r++) {
  const t = performance.now();
  let failed = 0;
  let ordered = true;
  let k = 0;
  await new Promise<void>((resolve, reject) =>
    pool.integrate(from(files), setup).subscribe({
      next: (x) => {
        if (x.index !== k++) ordered = false;
        if (!x.ok) failed++;
      },
      error: reject,
      complete: resolve,
    }),
  );
  if (failed || !ordered) throw new Error(`stream run ${r}: ${failed} failed, ordered ${ordered}`);
  runs.push(n / ((performance.now() - t) / 1000));
}
clearInterval(sampler);
const rss = { before_mb: mib(rssBefore), peak_mb: mib(Math.max(rssPeak, process.memoryUsage().rss)), end_mb: mib(process.memoryUsage().rss) };
await pool.close();
const stream = { plan: ownPlans ? 'one per worker' : 'shared', stream_first_run_fps: runs[0], stream_runs_fps: runs.slice(1), stream_median_fps: median(runs.slice(1)), rss };
if (ownPlans) {
  console.log(JSON.stringify({ cpus_visible: availableParallelism(), frames: n, ...stream }));
  process.exit(0);
}

// Sequential, one thread, as pyFAI's loop.
const plan = buildPlan(g, { npt: 2000, unit: '2th_deg', method: 'bbox', mask: gaps, solidAngle: true, polarization: 0.99 });
integrate1d(plan, readCbf(readIntoScratch(files[0]), { scratch: true }).data);
const seqT = performance.now();
const seqN = Math.min(n, 60);
for (const f of files.slice(0, seqN)) integrate1d(plan, readCbf(readIntoScratch(f), { scratch: true }).data);
const sequentialFps = seqN / ((performance.now() - seqT) / 1000);

// Where a frame's time goes, single thread (medians over the first 30 frames).
const steps = { read: [] as number[], md5_decode: [] as number[], decode_only: [] as number[], integrate_bbox: [] as number[], integrate_no: [] as number[] };
const planNo = buildPlan(g, { npt: 2000, unit: '2th_deg', method: 'no', mask: gaps, solidAngle: true, polarization: 0.99 });
integrate1d(planNo, readCbf(readIntoScratch(files[0]), { scratch: true }).data);
// Plans are resident one at a time in a thread's SIMD memory: time each plan in its own loop.
for (const f of files.slice(0, 30)) {
  let t = performance.now();
  const bytes = readIntoScratch(f);
  steps.read.push(performance.now() - t);
  t = performance.now();
  readCbf(bytes, { scratch: true });
  steps.md5_decode.push(performance.now() - t);
  t = performance.now();
  const fr = readCbf(bytes, { scratch: true, verifyMd5: false });
  steps.decode_only.push(performance.now() - t);
  t = performance.now();
  integrate1d(plan, fr.data);
  steps.integrate_bbox.push(performance.now() - t);
}
for (const f of files.slice(0, 30)) {
  const fr = readCbf(readIntoScratch(f), { scratch: true });
  const t = performance.now();
  integrate1d(planNo, fr.data);
  steps.integrate_no.push(performance.now() - t);
}
const stepMedians = Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, median(v)]));


console.log(JSON.stringify({ step_ms: stepMedians, cpus_visible: availableParallelism(), frames: n, make_s: makeS, sequential_fps: sequentialFps, ...stream }));
