/**
 * beamflow's side of the diffraction bench, step by step like xrd_anchor.py: decode in memory, MD5, read +
 * decode + MD5, integrate (three methods), the sequential loop, and the 2-worker frame stream.
 */
import { readFileSync } from 'node:fs';
import { from } from 'rxjs';
import { decodeInt32 } from '../../src/formats/cbf.ts';
import { readCbf, readCbfHeader } from '../../src/formats/cbf.ts';
import { cbfMd5 } from '../../src/formats/cbf-md5.ts';
import { parsePoni } from '../../src/formats/poni.ts';
import type { CsrPlan, SplitMethod } from '../../src/kernels/xrd/csr.ts';
import { FramePool } from '../../src/kernels/xrd/frame-pool.ts';
import { readIntoScratch } from '../../src/kernels/xrd/frame-task.ts';
import type { IntegrationSetup } from '../../src/kernels/xrd/frame-task.ts';
import { integrate1d } from '../../src/kernels/xrd/integrate.ts';
import { readMask } from '../../src/kernels/xrd/mask.ts';
import { pixelMajorOf } from '../../src/kernels/xrd/pixel-major.ts';
import { buildPlan } from '../../src/kernels/xrd/plan.ts';
import { gc, median } from '../stats.ts';
import type { BenchFrames, StepTime } from './setup.ts';

function perItem<T>(items: readonly T[], reps: number, fn: (x: T) => unknown): StepTime {
  const ts: number[] = [];
  for (let r = 0; r < reps; r++) {
    for (const it of items) {
      const t = performance.now();
      fn(it);
      ts.push(performance.now() - t);
    }
  }
  return { median_ms: median(ts), min_ms: Math.min(...ts) };
}

export interface OursResult {
  readonly decode_only_in_memory: StepTime;
  /** Decoding into the thread's reused buffer (what the frame stream does). */
  readonly decode_into_scratch: StepTime;
  readonly read_decode_md5_scratch: StepTime;
  readonly md5_only_in_memory: StepTime;
  readonly read_decode_md5: StepTime;
  readonly read_decode_nomd5: StepTime;
  readonly integrate: Record<SplitMethod, StepTime & { plan_s: number; plan_mb: number }>;
  readonly sequential_fps: number;
  readonly stream: null | {
    readonly workers: number;
    readonly frames: number;
    readonly runs: number[];
    readonly median_fps: number;
    readonly first_run_fps: number;
    readonly failed: number;
    /** Process RSS (main thread + workers, which are threads of it): before the pool, peak while streaming, at the end. */
    readonly rss_before_mb: number;
    readonly rss_peak_mb: number;
    readonly rss_end_mb: number;
  };
  readonly rss_mb: number;
}

const mb = (p: CsrPlan) => (p.indptr.byteLength + p.indices.byteLength + p.weights.byteLength + p.norm.byteLength) / 2 ** 20;

export async function measureOurs(f: BenchFrames, reps = 3, streamRuns = 5): Promise<OursResult> {
  const steps = measureSteps(f, reps);
  // The per-frame steps' frames and plans are garbage now: collect them, so the stream's RSS is its own.
  await gc();
  const g = parsePoni(readFileSync(f.poni, 'utf8'), f.poni);
  const stream = streamRuns > 0 ? await measureStream(f, g, streamRuns) : null;
  return { ...steps, stream, rss_mb: process.memoryUsage().rss / 2 ** 20 };
}

function measureSteps(f: BenchFrames, reps: number): Omit<OursResult, 'stream' | 'rss_mb'> {
  const files = f.subset;
  const raw = files.map((p) => new Uint8Array(readFileSync(p)));
  const payloads = raw.map((b) => {
    const h = readCbfHeader(b);
    return { p: b.subarray(h.payloadOffset, h.payloadOffset + h.payloadSize), n: h.rows * h.cols };
  });
  // Warm the JIT on a couple of frames first, as the anchor's first calls warm its caches.
  for (const x of payloads.slice(0, 3)) decodeInt32(x.p, x.n);
  const decode = perItem(payloads, reps, (x) => decodeInt32(x.p, x.n));
  const decodeScratch = perItem(payloads, reps, (x) => decodeInt32(x.p, x.n, true));
  const md5 = perItem(payloads, reps, (x) => cbfMd5(x.p));
  const rdm = perItem(files, reps, (p) => readCbf(new Uint8Array(readFileSync(p))));
  const rdn = perItem(files, reps, (p) => readCbf(new Uint8Array(readFileSync(p)), { verifyMd5: false }));
  const rdmScratch = perItem(files, reps, (p) => readCbf(readIntoScratch(p), { scratch: true }));
  const g = parsePoni(readFileSync(f.poni, 'utf8'), f.poni);
  const mask = readMask(f.mask, g.rows, g.cols);
  const frames = files.map((p) => readCbf(new Uint8Array(readFileSync(p))).data);
  const integrate = {} as OursResult['integrate'];
  const plans = {} as Record<SplitMethod, CsrPlan>;
  for (const method of ['no', 'bbox', 'full'] as const) {
    const t0 = performance.now();
    const plan = buildPlan(g, { npt: 2000, unit: '2th_deg', method, mask, solidAngle: true, polarization: 0.99 });
    integrate1d(plan, frames[0]);
    const plan_s = (performance.now() - t0) / 1000;
    plans[method] = plan;
    integrate[method] = { ...perItem(frames, reps, (fr) => integrate1d(plan, fr)), plan_s, plan_mb: mb(plan) };
  }
  pixelMajorOf(plans.bbox);
  const t0 = performance.now();
  for (const p of files) integrate1d(plans.bbox, readCbf(readIntoScratch(p), { scratch: true }).data);
  const sequential_fps = files.length / ((performance.now() - t0) / 1000);
  return {
    decode_only_in_memory: decode,
    decode_into_scratch: decodeScratch,
    read_decode_md5_scratch: rdmScratch,
    md5_only_in_memory: md5,
    read_decode_md5: rdm,
    read_decode_nomd5: rdn,
    integrate,
    sequential_fps,
  };
}

function streamOnce(pool: FramePool, files: readonly string[], setup: IntegrationSetup): Promise<{ fps: number; failed: number; ordered: boolean }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let n = 0;
    let failed = 0;
    let ordered = true;
    pool.integrate(from(files), setup).subscribe({
      next: (r) => {
        if (r.index !== n) ordered = false;
        n++;
        if (!r.ok) failed++;
      },
      error: reject,
      complete: () => resolve({ fps: n / ((performance.now() - t0) / 1000), failed, ordered }),
    });
  });
}

async function measureStream(f: BenchFrames, geometry: ReturnType<typeof parsePoni>, runs: number): Promise<OursResult['stream']> {
  const workers = 2;
  const setup: IntegrationSetup = { geometry, npt: 2000, unit: '2th_deg', method: 'bbox', polarization: 0.99, solidAngle: true, maskFile: f.mask };
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  }, 25);
  const pool = new FramePool({ workers });
  const fps: number[] = [];
  let failed = 0;
  try {
    // Run 0 includes starting the workers and building the plan they share; the others are steady state.
    for (let r = 0; r <= runs; r++) {
      const res = await streamOnce(pool, f.all, setup);
      if (!res.ordered) throw new Error('frame stream lost the frame order');
      failed += res.failed;
      fps.push(res.fps);
      console.error(`[xrd] stream run ${r}: ${res.fps.toFixed(1)} frames/s`);
    }
  } finally {
    clearInterval(sampler);
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    await pool.close();
  }
  const rssEnd = process.memoryUsage().rss;
  return { workers, frames: f.all.length, runs: fps.slice(1), median_fps: median(fps.slice(1)), first_run_fps: fps[0], failed, rss_before_mb: rssBefore / 2 ** 20, rss_peak_mb: rssPeak / 2 ** 20, rss_end_mb: rssEnd / 2 ** 20 };
}
