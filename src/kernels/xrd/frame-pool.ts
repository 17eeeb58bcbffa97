/**
 * The frame stream: frames (file names, from a list or a live directory) are read, decoded and integrated in
 * a piscina pool, each carrying its index, and come out in arrival order whatever order workers finish in
 * (the paper's pool of readers). At most `inFlight` frames (default two per worker) are queued at once, which
 * bounds memory to the plan plus two frames per worker.
 */
import { Piscina } from 'piscina';
import { Observable } from 'rxjs';
import type { FrameReply, FrameTask, IntegrationSetup } from './frame-task.ts';

export interface FramePoolOptions {
  readonly workers?: number;
  /** Frames queued or running at once (default 2 × workers). */
  readonly inFlight?: number;
}

export class FramePool {
  private readonly pool: Piscina;
  readonly workers: number;
  readonly inFlight: number;

  constructor(opts: FramePoolOptions = {}) {
    this.workers = Math.max(1, opts.workers ?? 2);
    this.inFlight = Math.max(1, opts.inFlight ?? 2 * this.workers);
    this.pool = new Piscina({
      filename: new URL('./frame-worker-boot.js', import.meta.url).href,
      minThreads: this.workers,
      maxThreads: this.workers,
      idleTimeout: 60_000,
    });
  }

  run(task: FrameTask): Promise<FrameReply> {
    return this.pool.run(task) as Promise<FrameReply>;
  }

  /**
   * Integrates the files an observable emits; emits one reply per file, in the order the files came.
   * A bad frame gives an `ok: false` reply and the stream goes on. Completes after the last file's reply.
   */
  integrate(files$: Observable<string>, setup: IntegrationSetup): Observable<FrameReply> {
    return new Observable<FrameReply>((sub) => {
      const queue: string[] = [];
      const done = new Map<number, FrameReply>();
      let nextIndex = 0;
      let nextToEmit = 0;
      let running = 0;
      let sourceDone = false;
      let closed = false;
      const pump = (): void => {
        while (!closed && running < this.inFlight && queue.length > 0) {
          const index = nextIndex++;
          const file = queue.shift()!;
          running++;
          this.run({ index, file, setup }).then(
            (r) => finish(r),
            (e: unknown) => finish({ ok: false, index, file, error: `${file}: worker failed: ${e instanceof Error ? e.message : String(e)}` }),
          );
        }
        if (!closed && sourceDone && running === 0 && queue.length === 0) sub.complete();
      };
      const finish = (r: FrameReply): void => {
        running--;
        if (closed) return;
        done.set(r.index, r);
        while (done.has(nextToEmit)) {
          const out = done.get(nextToEmit)!;
          done.delete(nextToEmit++);
          sub.next(out);
        }
        pump();
      };
      const src = files$.subscribe({
        next: (f) => {
          queue.push(f);
          pump();
        },
        error: (e: unknown) => sub.error(e),
        complete: () => {
          sourceDone = true;
          pump();
        },
      });
      return () => {
        closed = true;
        src.unsubscribe();
      };
    });
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
