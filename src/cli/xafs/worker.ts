/** A `beamflow xafs` pool worker: reduces the files it is sent (reduceFile) and answers with each result. */
import { parentPort, workerData } from 'node:worker_threads';
import { reduceFile, type XafsJob } from './reduce-file.ts';

export interface FileTask {
  readonly index: number;
  readonly file: string;
  readonly base: string;
}

const job = workerData as XafsJob;

parentPort!.on('message', (t: FileTask) => {
  const r = reduceFile(job, t.file, t.base);
  const transfer = r.spectra.flatMap((s) => [s.energy.buffer, s.mu.buffer]).filter((b, i, all) => all.indexOf(b) === i) as ArrayBuffer[];
  parentPort!.postMessage({ index: t.index, result: r }, transfer);
});
