/**
 * Bench inputs: 200 Pilatus 2M frames made by ../shared/anchors/make_frames.py in a temp dir (not in the
 * repo; reused between runs), a subset of 20 for per-frame timings, and the anchor (fabio + pyFAI) run on
 * that subset.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ANCHORS = fileURLToPath(new URL('../../../shared/anchors/', import.meta.url));
export const PYTHON = '/usr/bin/python3';

export interface BenchFrames {
  readonly root: string;
  readonly all: string[];
  readonly subsetDir: string;
  readonly subset: string[];
  readonly poni: string;
  readonly mask: string;
}

export function ensureFrames(n = 200): BenchFrames {
  const root = process.env.BEAMFLOW_XRD_BENCH_DIR ?? join(tmpdir(), 'beamflow-xrd-bench');
  const framesDir = join(root, 'frames');
  const have = existsSync(framesDir) ? readdirSync(framesDir).filter((f) => f.endsWith('.cbf')).length : 0;
  if (have < n) {
    console.error(`[xrd] making ${n} frames with make_frames.py in ${root} ...`);
    execFileSync(PYTHON, [join(ANCHORS, 'make_frames.py'), String(n), root], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const all = readdirSync(framesDir).filter((f) => f.endsWith('.cbf')).sort().slice(0, n).map((f) => join(framesDir, f));
  // Every 10th frame: background-only and ring frames alike.
  const subsetDir = join(root, 'subset20');
  mkdirSync(subsetDir, { recursive: true });
  const subset = all.filter((_, i) => i % Math.max(1, Math.floor(all.length / 20)) === 0).slice(0, 20);
  for (const f of subset) {
    const link = join(subsetDir, f.split('/').pop()!);
    if (!existsSync(link)) symlinkSync(f, link);
  }
  return { root, all, subsetDir, subset: subset.map((f) => join(subsetDir, f.split('/').pop()!)), poni: join(root, 'geometry/pilatus2m_87keV.poni'), mask: join(root, 'geometry/mask_int8.raw') };
}

export interface StepTime {
  readonly median_ms: number;
  readonly min_ms: number;
}

export interface AnchorResult {
  readonly fabio: string;
  readonly pyFAI: string;
  readonly read_decode_md5: StepTime;
  readonly read_decode_nomd5: StepTime;
  readonly decode_only_in_memory: StepTime;
  readonly md5_only_in_memory: StepTime;
  readonly integrate_no_histogram: StepTime & { first_call_s: number };
  readonly integrate_bbox_csr: StepTime & { first_call_s: number };
  readonly integrate_full_csr: StepTime & { first_call_s: number };
  readonly sequential_read_decode_integrate_fps: number;
}

/** Runs xrd_anchor.py single-threaded (OMP_NUM_THREADS=1: per-core figures) on the subset. */
export function runAnchor(f: BenchFrames, reps = 3): AnchorResult {
  const out = execFileSync(PYTHON, [join(ANCHORS, 'xrd_anchor.py'), '--frames', join(f.subsetDir, '*.cbf'), '--poni', f.poni, '--mask', f.mask, '--npt', '2000', '--reps', String(reps)], {
    env: { ...process.env, OMP_NUM_THREADS: '1' },
    maxBuffer: 1 << 24,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const text = out.toString().trim().split('\n').pop()!;
  return JSON.parse(text) as AnchorResult;
}
