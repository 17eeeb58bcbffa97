/** `beamflow integrate FRAMES... --poni FILE --out DIR|FILE.h5`: azimuthal integration of CBF frames. */
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { from } from 'rxjs';
import { writeNexus } from '../../formats/nexus.ts';
import { patternsBlock } from '../../formats/nexus-xrd.ts';
import { parsePoni } from '../../formats/poni.ts';
import { messageOf } from '../../graph/errors.ts';
import { SPLIT_METHODS } from '../../kernels/xrd/csr.ts';
import type { SplitMethod } from '../../kernels/xrd/csr.ts';
import { FramePool } from '../../kernels/xrd/frame-pool.ts';
import { integrateFrameFile } from '../../kernels/xrd/frame-task.ts';
import type { FrameReply, IntegrationSetup } from '../../kernels/xrd/frame-task.ts';
import type { RadialUnit } from '../../kernels/xrd/geometry.ts';
import { patternCsv } from './_integrate-csv.ts';
import { Progress } from './_integrate-progress.ts';

export const summary = 'azimuthal integration of CBF frames (pyFAI-compatible) to CSV files or a NeXus file';

const HELP = `usage: beamflow integrate FRAMES... --poni FILE --out DIR|FILE.h5 [options]

FRAMES are CBF files or directories (their *.cbf files, in name order).
  --poni FILE            pyFAI geometry (PONI v1 or v2)
  --mask FILE            raw int8 (1 = masked) or EDF mask; replaces the detector's gap mask
  --npt N                number of radial bins (default 2000)
  --unit U               2th_deg (default) or q_nm^-1
  --method M             no | bbox (default, as pyFAI's integrate1d) | full
  --polarization F       polarization factor (default 0.99); 'none' for no correction
  --no-solid-angle       do not correct for the solid angle
  --dummy V              leave out pixels equal to V
  --workers N            worker threads (default 2; 0 = main thread)
  --no-md5               skip the Content-MD5 check
  --verbose              report plan builds and their reason
  --out DIR              one NAME.csv per frame (radial,intensity,sigma)
  --out FILE.h5          all patterns in one NeXus file (NXdata 'patterns')`;

interface Args {
  frames: string[];
  poni: string;
  out: string;
  setup: Omit<IntegrationSetup, 'geometry'>;
  workers: number;
}

const UNITS: Record<string, RadialUnit> = { '2th_deg': '2th_deg', 'q_nm^-1': 'q_nm^-1', 'q_nm-1': 'q_nm^-1' };

function parseArgs(argv: string[]): Args | string {
  const opts = new Map<string, string>();
  const flags = new Set<string>();
  const pos: string[] = [];
  const valued = new Set(['poni', 'mask', 'npt', 'unit', 'method', 'polarization', 'out', 'workers', 'dummy']);
  const bare = new Set(['no-solid-angle', 'no-md5', 'verbose']);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      pos.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    if (bare.has(name)) flags.add(name);
    else if (valued.has(name)) {
      const v = eq >= 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined) return `--${name} needs a value`;
      opts.set(name, v);
    } else return `unknown option --${name}`;
  }
  if (pos.length === 0) return 'no FRAMES given';
  const poni = opts.get('poni');
  const out = opts.get('out');
  if (!poni) return '--poni FILE is required';
  if (!out) return '--out DIR|FILE.h5 is required';
  const npt = Number(opts.get('npt') ?? 2000);
  if (!Number.isInteger(npt) || npt < 1 || npt > 1e6) return `--npt must be a positive integer, got '${opts.get('npt')}'`;
  const unit = UNITS[opts.get('unit') ?? '2th_deg'];
  if (!unit) return `--unit must be 2th_deg or q_nm^-1, got '${opts.get('unit')}'`;
  const method = (opts.get('method') ?? 'bbox') as SplitMethod;
  if (!SPLIT_METHODS.includes(method)) return `--method must be no, bbox or full, got '${method}'`;
  const polText = opts.get('polarization') ?? '0.99';
  const polarization = polText === 'none' ? null : Number(polText);
  if (polarization !== null && !(polarization >= -1 && polarization <= 1)) return `--polarization must be in [-1, 1] or 'none', got '${polText}'`;
  const workers = Number(opts.get('workers') ?? 2);
  if (!Number.isInteger(workers) || workers < 0) return `--workers must be a non-negative integer`;
  const dummyText = opts.get('dummy');
  const dummy = dummyText === undefined ? null : Number(dummyText);
  if (dummy !== null && !Number.isFinite(dummy)) return `--dummy must be a number`;
  return {
    frames: pos,
    poni,
    out,
    workers,
    setup: {
      npt,
      unit,
      method,
      polarization,
      solidAngle: !flags.has('no-solid-angle'),
      maskFile: opts.get('mask') ?? null,
      dummy,
      verifyMd5: !flags.has('no-md5'),
      logPlans: flags.has('verbose'),
    },
  };
}

/** Files named on the command line, directories expanded to their *.cbf files in name order. */
function expandFrames(args: readonly string[]): string[] {
  const out: string[] = [];
  for (const a of args) {
    let isDir = false;
    try {
      isDir = statSync(a).isDirectory();
    } catch {
      // A missing file is reported as that frame's error.
    }
    if (isDir) out.push(...readdirSync(a).filter((n) => /\.cbf$/i.test(n)).sort().map((n) => join(a, n)));
    else out.push(a);
  }
  return out;
}

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(HELP);
    return 0;
  }
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    console.error(`integrate: ${args}\n\n${HELP}`);
    return 2;
  }
  let setup: IntegrationSetup;
  try {
    setup = { ...args.setup, geometry: parsePoni(readFileSync(args.poni, 'utf8'), args.poni) };
  } catch (e) {
    console.error(`integrate: ${messageOf(e)}`);
    return 1;
  }
  const frames = expandFrames(args.frames);
  if (frames.length === 0) {
    console.error('integrate: no frames found');
    return 1;
  }
  const toH5 = /\.(h5|hdf5|nxs)$/i.test(args.out);
  if (!toH5) mkdirSync(args.out, { recursive: true });
  const progress = new Progress(frames.length);
  const good: Extract<FrameReply, { ok: true }>[] = [];
  let failed = 0;
  const onReply = (r: FrameReply): void => {
    if (r.ok) {
      if (toH5) good.push(r);
      else writeFileSync(join(args.out, `${basename(r.file, extname(r.file))}.csv`), patternCsv(r.radial, r.intensity, r.sigma));
    } else {
      failed++;
      progress.error(r.error.includes(r.file) ? r.error : `${r.file}: ${r.error}`);
    }
    progress.tick();
  };
  if (args.workers === 0 || frames.length === 1) {
    frames.forEach((file, index) => onReply(integrateFrameFile({ index, file, setup })));
  } else {
    const pool = new FramePool({ workers: args.workers });
    try {
      await new Promise<void>((resolve, reject) => {
        pool.integrate(from(frames), setup).subscribe({ next: onReply, error: reject, complete: resolve });
      });
    } finally {
      await pool.close();
    }
  }
  progress.done();
  if (toH5 && good.length > 0) {
    await writeNexus(args.out, {
      title: `azimuthal integration of ${good.length} frames`,
      blocks: [patternsBlock({ names: good.map((r) => basename(r.file, extname(r.file))), radial: good[0].radial, unit: setup.unit, intensity: good.map((r) => r.intensity), sigma: good.map((r) => r.sigma) })],
    });
  }
  if (failed > 0) console.error(`integrate: ${failed} of ${frames.length} frames failed`);
  return failed > 0 ? 1 : 0;
}
