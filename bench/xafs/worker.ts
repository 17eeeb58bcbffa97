/** One bench worker thread: reduces its share of noisy spectra (text → parse → µ → χ(R)) and reports times. */
import { parentPort, workerData } from 'node:worker_threads';
import { parseXafsText } from '../../src/formats/xafs-file.ts';
import { chooseMu } from '../../src/formats/xafs-mu.ts';
import { reduceSpectrum } from '../../src/kernels/xafs/reduce.ts';
import { loadBase, noisyText } from './noisy.ts';

interface Job {
  readonly files: readonly string[];
  readonly start: number;
  readonly count: number;
}

const { files } = workerData as { files: readonly string[] };
const bases = files.map(loadBase);

parentPort!.on('message', (job: Job) => {
  const t0 = performance.now();
  let pipeline = 0;
  let failed = 0;
  let check = 0;
  for (let i = job.start; i < job.start + job.count; i++) {
    const text = noisyText(bases[i % bases.length], i + 1);
    const a = performance.now();
    try {
      const c = chooseMu(parseXafsText(text, `noisy-${i}`));
      const r = reduceSpectrum(c.energy, c.mu, `noisy-${i}`);
      check += r.ft.chirMag[70];
    } catch {
      failed++;
    }
    pipeline += performance.now() - a;
  }
  parentPort!.postMessage({ wallMs: performance.now() - t0, pipelineMs: pipeline, failed, check });
});
