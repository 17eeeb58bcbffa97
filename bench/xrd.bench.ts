/**
 * Diffraction bench: beamflow beside fabio + pyFAI (../shared/anchors/xrd_anchor.py) in the same run, on
 * Pilatus 2M frames made by make_frames.py (200 for the stream, every 10th for per-frame steps).
 * Per-frame figures are medians over 20 frames × 3 repetitions on each side, measured in two alternating
 * rounds (anchor, beamflow, anchor, beamflow) and averaged per side, so that the load of this shared machine
 * weighs on both alike; the stream is the median of 5 runs of 200 frames after a first run that starts the
 * workers and builds their plans.
 */

/** Mean of two results of the same shape (numbers averaged, other values from the first). */
function mean<T>(x: T, y: T): T {
  if (typeof x === 'number' && typeof y === 'number') return ((x + y) / 2) as T;
  if (x && y && typeof x === 'object' && !Array.isArray(x)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(x)) out[k] = mean((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k]);
    return out as T;
  }
  return x;
}
import { loadavg } from 'node:os';
import { fmt, gc } from './stats.ts';
import { measureOurs } from './xrd/ours.ts';
import { ensureFrames, runAnchor } from './xrd/setup.ts';

export async function bench(): Promise<string> {
  const frames = ensureFrames(200);
  const loadStart = loadavg()[0].toFixed(1);
  console.error('[xrd] round 1: anchor (fabio + pyFAI, OMP_NUM_THREADS=1) ...');
  const a1 = runAnchor(frames, 3);
  console.error('[xrd] round 1: beamflow ...');
  const o1 = await measureOurs(frames, 3, 0);
  await gc();
  console.error('[xrd] round 2: anchor ...');
  const a2 = runAnchor(frames, 3);
  console.error('[xrd] round 2: beamflow (+ stream) ...');
  const o2 = await measureOurs(frames, 3, 5);
  const a = mean(a1, a2);
  const o = { ...mean(o1, o2), stream: o2.stream! };
  const loadEnd = loadavg()[0].toFixed(1);
  const row = (step: string, ours: number, theirs: number, goal: string) =>
    `| ${step} | ${fmt(ours, 2)} | ${fmt(theirs, 2)} | ${fmt(theirs / ours, 2)}× | ${goal} |`;
  const lines = [
    '## xrd: CBF decoding and azimuthal integration (Pilatus 2M, 1679 × 1475)',
    '',
    `Reference: fabio ${a.fabio}, pyFAI ${a.pyFAI} (Debian), run single-threaded (OMP_NUM_THREADS=1) so that its`,
    "figures are per core, like beamflow's single-thread steps. Same 20 frames on both sides; each figure is the mean of",
    `the medians (60 timings each) of two alternating rounds. Load average during the run: ${loadStart} → ${loadEnd}.`,
    'Integration: 2000 bins, 2θ, mask, solid angle, polarization 0.99.',
    '',
    '| step (ms per frame, median) | beamflow | fabio / pyFAI | speed-up | goal |',
    '|---|---|---|---|---|',
    row('decode only, in memory, fresh output array', o.decode_only_in_memory.median_ms, a.decode_only_in_memory.median_ms, 'see below'),
    row('decode only, in memory, into the reused buffer (stream)', o.decode_into_scratch.median_ms, a.decode_only_in_memory.median_ms, '≥ 2×'),
    row('MD5 of the payload', o.md5_only_in_memory.median_ms, a.md5_only_in_memory.median_ms, ''),
    row('read + decode + MD5 check', o.read_decode_md5.median_ms, a.read_decode_md5.median_ms, ''),
    row('read + decode + MD5 check, reused buffer (stream)', o.read_decode_md5_scratch.median_ms, a.read_decode_md5.median_ms, ''),
    row('read + decode, no MD5', o.read_decode_nomd5.median_ms, a.read_decode_nomd5.median_ms, '≥ 2×'),
    row('integrate1d, no split', o.integrate.no.median_ms, a.integrate_no_histogram.median_ms, '≥ 3× per core'),
    row('integrate1d, bbox split (CSR)', o.integrate.bbox.median_ms, a.integrate_bbox_csr.median_ms, '≥ 3× per core'),
    row('integrate1d, full split (CSR)', o.integrate.full.median_ms, a.integrate_full_csr.median_ms, '≥ 3× per core'),
    '',
    "fabio's `dec_cbf32` returns a new numpy array, but its memory is what glibc's malloc just freed (almost no page faults per",
    'call: bench/xrd/fabio-decode-faults.py counts 2,100 minor faults over 60 decodes, where fresh 10 MB arrays would fault about 2,400 pages each), so',
    "its decode time compares with beamflow's decode into a reused buffer; a fresh JavaScript array adds allocating and copying 10 MB.",
    '',
    '| first call (plan build), s | beamflow | pyFAI | plan size (MB, CSR + norm) |',
    '|---|---|---|---|',
    `| no split | ${fmt(o.integrate.no.plan_s, 2)} | ${fmt(a.integrate_no_histogram.first_call_s, 2)} | ${fmt(o.integrate.no.plan_mb)} |`,
    `| bbox | ${fmt(o.integrate.bbox.plan_s, 2)} | ${fmt(a.integrate_bbox_csr.first_call_s, 2)} | ${fmt(o.integrate.bbox.plan_mb)} |`,
    `| full | ${fmt(o.integrate.full.plan_s, 2)} | ${fmt(a.integrate_full_csr.first_call_s, 2)} | ${fmt(o.integrate.full.plan_mb)} |`,
    '',
    '| whole loop: read + decode (+MD5) + integrate (bbox) | frames/s | goal |',
    '|---|---|---|',
    `| pyFAI + fabio, sequential, 1 thread | ${fmt(a.sequential_read_decode_integrate_fps)} | |`,
    `| beamflow, sequential, main thread | ${fmt(o.sequential_fps)} (${fmt(o.sequential_fps / a.sequential_read_decode_integrate_fps, 2)}×) | |`,
    `| beamflow frame stream, ${o.stream.workers} workers, ${o.stream.frames} frames, median of ${o.stream.runs.length} runs | ${fmt(o.stream.median_fps)} (${fmt(o.stream.median_fps / a.sequential_read_decode_integrate_fps, 2)}×) | ≥ 40 |`,
    `| same, first run (starting the workers, building the shared plan) | ${fmt(o.stream.first_run_fps)} | |`,
    '',
    `Stream runs (frames/s): ${o.stream.runs.map((x) => fmt(x)).join(', ')}; failed frames: ${o.stream.failed}.`,
    `Memory of the stream (process RSS, main thread + both workers, which are its threads; the plan is built once in shared memory): ${fmt(o.stream.rss_before_mb)} MB before the pool, peak ${fmt(o.stream.rss_peak_mb)} MB, ${fmt(o.stream.rss_end_mb)} MB after the runs (bbox plan: ${fmt(o.integrate.bbox.plan_mb)} MB of CSR + norm).`,
    'This machine\'s load (other engineers\' tests) caps the stream here; `bench/xrd/device-stream.ts` measures it on a quiet',
    'allocation of 2 cores (`taskset -c 0,1`), see docs/xrd.md.',
  ];
  return lines.join('\n');
}
