/**
 * The worker-pool executor (piscina): splits a batch of tasks into a few sub-batches per thread, ships each
 * as one packed buffer, and reassembles the results in order. A crashed worker is replaced by piscina; its
 * sub-batch is retried once, then each task of it alone, so one poisonous item cannot fail its neighbours.
 */
import { Piscina } from 'piscina';
import { availableParallelism } from 'node:os';
import type { Executor, TaskResult, TransformTask } from './executor.ts';
import { pack, unpack } from './pack.ts';
import type { BatchOutcome, BatchReply, BatchRequest } from './pool-worker.ts';
import { isImage2D } from '../types.ts';

export interface PoolOptions {
  readonly threads?: number;
  /** Target bytes of input per sub-batch (small items are grouped, large ones go alone). */
  readonly batchBytes?: number;
  /** Test hook, see BatchRequest.crashOn: crash when this item id is met. */
  readonly crashOnItem?: string;
}

export class PoolExecutor implements Executor {
  readonly name: string;
  readonly chains = true;
  private readonly pool: Piscina;
  private readonly threads: number;
  private readonly batchBytes: number;
  private readonly crashOnItem: string | undefined;
  crashes = 0;

  constructor(opts: PoolOptions = {}) {
    this.threads = Math.max(1, opts.threads ?? availableParallelism());
    this.batchBytes = opts.batchBytes ?? 4 << 20;
    this.crashOnItem = opts.crashOnItem;
    this.pool = new Piscina({
      filename: new URL('./worker-boot.js', import.meta.url).href,
      minThreads: this.threads,
      maxThreads: this.threads,
      idleTimeout: 60_000,
      // A second task waits in the worker's port, so a thread never idles while the main thread hands it the next one.
      concurrentTasksPerWorker: 2,
      resourceLimits: { maxYoungGenerationSizeMb: 64 },
    });
    this.name = `pool(${this.threads})`;
  }

  async run(tasks: readonly TransformTask[]): Promise<TaskResult[]> {
    const groups = this.split(tasks);
    const parts = await Promise.all(groups.map((g) => this.runGroup(g, 0)));
    return parts.flat();
  }

  private split(tasks: readonly TransformTask[]): TransformTask[][] {
    const total = tasks.reduce((s, t) => s + bytesOf(t), 0);
    // About four sub-batches per thread when there is enough work (threads that finish early take the next
    // one, so uneven item costs balance out), more when that would put over MAX_TASKS tasks in one; their
    // number a multiple of the threads and their sizes within one task of each other, so the threads end
    // together. Never more bytes than batchBytes in one (a large item goes alone).
    const wanted = Math.max(this.threads * 4, Math.ceil(tasks.length / MAX_TASKS));
    const count = Math.min(tasks.length, Math.ceil(wanted / this.threads) * this.threads);
    const target = Math.max(1, Math.min(this.batchBytes, Math.ceil(total / (this.threads * 4))));
    const groups: TransformTask[][] = [];
    let cur: TransformTask[] = [];
    let bytes = 0;
    let done = 0;
    for (const t of tasks) {
      const b = bytesOf(t);
      // Tasks this group should hold for the rest to split evenly over the remaining groups.
      const quota = Math.ceil((tasks.length - done + cur.length) / Math.max(1, count - groups.length));
      if (cur.length > 0 && (bytes + b > target || cur.length >= quota)) {
        groups.push(cur);
        cur = [];
        bytes = 0;
      }
      cur.push(t);
      bytes += b;
      done++;
    }
    if (cur.length > 0) groups.push(cur);
    return groups;
  }

  private async runGroup(group: readonly TransformTask[], attempt: number): Promise<TaskResult[]> {
    const input = pack(group.map((t) => t.input));
    const crashIndex = this.crashOnItem === undefined ? -1 : group.findIndex((t) => t.item === this.crashOnItem);
    const req: BatchRequest = {
      tasks: group.map((t) => ({ location: t.location, params: t.params, ...(t.then ? { then: t.then.map((l) => ({ location: l.location, params: l.params, required: l.required })) } : {}) })),
      input,
      ...(crashIndex >= 0 ? { crashOn: crashIndex } : {}),
    };
    try {
      // Retries run one at a time, so a retried batch never shares a worker with another retry (a worker
      // holds two tasks at once, and a crash fails both).
      const send = () => this.pool.run(req, { transferList: [input.buffer] }) as Promise<BatchReply>;
      const reply = attempt === 0 ? await send() : await this.serially(send);
      const outputs = unpack(reply.output);
      const result = (o: BatchOutcome): TaskResult =>
        o.ok
          ? { ok: true, data: outputs[o.index], backend: this.name, ms: o.ms, ...(o.chain ? { chain: o.chain.map(result) } : {}) }
          : { ok: false, error: o.error, backend: this.name, ms: o.ms };
      return reply.outcomes.map(result);
    } catch (e) {
      this.crashes++;
      const why = e instanceof Error ? e.message : String(e);
      if (attempt === 0) return this.runGroup(group, 1);
      if (group.length > 1) return (await Promise.all(group.map((t) => this.runGroup([t], 2)))).flat();
      return [{ ok: false, error: `worker crashed twice on this item: ${why}`, backend: this.name }];
    }
  }

  private retries: Promise<unknown> = Promise.resolve();

  private serially<T>(f: () => Promise<T>): Promise<T> {
    const next = this.retries.then(f, f);
    this.retries = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}

/**
 * At most this many tasks per sub-batch: a worker holds a sub-batch's outputs until it packs them, and holding
 * hundreds of items' arrays made the kernels measurably slower (GC of the retained arrays: the XAFS chain's
 * worker time per item fell ~15-20 % from sub-batches of 500 to 8-16). Smaller caps cost the CPU-heavy engine
 * bench a few per cent (more, smaller messages), so 64.
 */
const MAX_TASKS = 64;

function bytesOf(t: TransformTask): number {
  let b = 64;
  for (const v of Object.values(t.input)) {
    if (typeof v === 'number') b += 8;
    else if (isImage2D(v)) b += v.data.byteLength;
    else b += v.byteLength;
  }
  return b;
}
