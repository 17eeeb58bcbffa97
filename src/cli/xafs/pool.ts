/**
 * `beamflow xafs` on several threads: files go to N worker threads (two queued per worker, so none waits
 * between files), results come back in input order whatever order the workers finish in, so progress,
 * errors and the merge's order are those of a single-threaded run.
 */
import { Worker } from 'node:worker_threads';
import type { FileResult, XafsJob } from './reduce-file.ts';
import type { FileTask } from './worker.ts';

export async function reduceInPool(job: XafsJob, files: readonly string[], bases: readonly string[], workers: number, onResult: (r: FileResult, index: number) => void): Promise<void> {
  const boot = new URL('./worker-boot.js', import.meta.url);
  const pool = Array.from({ length: Math.max(1, Math.min(workers, files.length)) }, () => new Worker(boot, { workerData: job }));
  const done = new Map<number, FileResult>();
  let next = 0;
  let emitted = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const send = (w: Worker): void => {
        if (next >= files.length) return;
        const index = next++;
        const task: FileTask = { index, file: files[index], base: bases[index] };
        w.postMessage(task);
      };
      for (const w of pool) {
        w.on('message', (m: { index: number; result: FileResult }) => {
          done.set(m.index, m.result);
          while (done.has(emitted)) {
            const r = done.get(emitted)!;
            done.delete(emitted);
            onResult(r, emitted++);
          }
          if (emitted === files.length) resolve();
          else send(w);
        });
        w.on('error', reject);
        w.on('exit', (code) => {
          if (emitted < files.length) reject(new Error(`a worker stopped (exit code ${code}) before all files were reduced`));
        });
        send(w);
        send(w);
      }
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
