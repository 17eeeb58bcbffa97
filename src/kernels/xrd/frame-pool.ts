/**
 * The frame stream: frames (file names, from a list or a live directory) are read, decoded and integrated in
 * a piscina pool, each carrying its index, and come out in arrival order whatever order workers finish in
 * (the paper's pool of readers). The plan is built once, here, in a shared WebAssembly memory that every
 * worker integrates from (shared-plan.ts); each worker adds to it only its file, pixel and sum regions. At
 * most `inFlight` frames (default two per worker) are queued at once, which bounds memory to the plan plus
 * two frames per worker.
 */
import { Piscina } from 'piscina';
import { Observable } from 'rxjs';
import { planOptionsOf } from './frame-task.ts';
import type { FrameReply, FrameTask, IntegrationSetup } from './frame-task.ts';
import { planKey } from './plan.ts';
import { buildSharedPlan } from './shared-plan.ts';
import type { SharedPlanHandle } from './shared-plan.ts';

export interface FramePoolOptions {
  readonly workers?: number;
  /** Frames queued or running at once (default 2 × workers). */
  readonly inFlight?: number;
  /** Build the plan once and share it with the workers (default true); false: each worker builds its own. */
  readonly sharePlan?: boolean;
}

export class FramePool {
  private readonly pool: Piscina;
  readonly workers: number;
  readonly inFlight: number;
  readonly sharePlan: boolean;
  /** The last shared plan, reused by streams with the same plan options. */
  private shared: { key: string; handle: SharedPlanHandle } | null = null;

  constructor(opts: FramePoolOptions = {}) {
    this.workers = Math.max(1, opts.workers ?? 2);
    this.inFlight = Math.max(1, opts.inFlight ?? 2 * this.workers);
    this.sharePlan = opts.sharePlan ?? true;
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
      let shared: SharedPlanHandle | undefined;
      let sharing = this.sharePlan;
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
          if (sharing) {
            sharing = false;
            try {
              shared = this.sharedPlanFor(setup);
            } catch {
              // A bad mask or geometry: the workers build their own plans, so each frame reports it.
            }
          }
          this.run({ index, file, setup, ...(shared ? { shared } : {}) }).then(
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

  /** The plan of `setup` in a shared memory: built on the first frame of a stream, reused while the options stay. */
  private sharedPlanFor(setup: IntegrationSetup): SharedPlanHandle {
    const options = planOptionsOf(setup);
    const key = planKey(setup.geometry, options);
    if (this.shared?.key !== key) {
      const t0 = performance.now();
      this.shared = null;
      const handle = buildSharedPlan(setup.geometry, options);
      this.shared = { key, handle };
      const log = `integrator plan built once for ${this.workers} workers (shared, ${(handle.bytes / 2 ** 20).toFixed(0)} MB): ${options.method}, ${options.unit}, npt ${options.npt}, ${handle.entries} entries, ${(performance.now() - t0).toFixed(0)} ms`;
      if (setup.logPlans) console.error(log);
    }
    return this.shared.handle;
  }

  async close(): Promise<void> {
    this.shared = null;
    await this.pool.destroy();
  }
}
