/**
 * One bench worker thread. 'prepare' makes its share of noisy spectra as file contents (UTF-8 bytes, as a
 * file read gives them; not timed: that is the data source); 'run' reduces them all (bytes → parse → µ →
 * χ(R)) and reports the time.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parseXafsBytes } from '../../src/formats/xafs-file.ts';
import { chooseMu } from '../../src/formats/xafs-mu.ts';
import { reduceSpectrum } from '../../src/kernels/xafs/reduce.ts';
import { loadBase, noisyText } from './noisy.ts';

type Job = { readonly type: 'prepare'; readonly start: number; readonly count: number } | { readonly type: 'run' };

const { files } = workerData as { files: readonly string[] };
const bases = files.map(loadBase);
let texts: Uint8Array[] = [];
let first = 0;

parentPort!.on('message', (job: Job) => {
  if (job.type === 'prepare') {
    first = job.start;
    texts = Array.from({ length: job.count }, (_, j) => Buffer.from(noisyText(bases[(job.start + j) % bases.length], job.start + j + 1), 'utf8'));
    parentPort!.postMessage({ wallMs: 0, failed: 0, check: 0 });
    return;
  }
  const t0 = performance.now();
  let failed = 0;
  let check = 0;
  texts.forEach((text, j) => {
    try {
      const c = chooseMu(parseXafsBytes(text, `noisy-${first + j}`));
      check += reduceSpectrum(c.energy, c.mu, `noisy-${first + j}`).ft.chirMag[70];
    } catch {
      failed++;
    }
  });
  parentPort!.postMessage({ wallMs: performance.now() - t0, failed, check });
});
