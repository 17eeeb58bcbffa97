/**
 * The distributed executor: the engine's Executor over a BullMQ queue. Each task becomes one job whose
 * input travels by reference (a Redis key, freed only once its result has been collected); results come
 * back through QueueEvents and are returned in task order. A sliding window (maxInFlight) bounds how much
 * of a large batch sits in Redis at once. A periodic reconcile pass (reconcile.ts) catches what events
 * cannot: completions missed across a Redis restart, and jobs lost by a Redis that came back empty.
 */
import { Queue, QueueEvents } from 'bullmq';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Executor, TaskResult, TransformTask } from '../graph/exec/executor.ts';
import { connect, defaults, waitReachable } from './options.ts';
import { parseJobReturn, type JobReturn, type PayloadRef } from './job.ts';
import { collect, jobFor } from './submit.ts';
import { reconcile } from './reconcile.ts';

export interface DistributedOptions {
  readonly redis: string;
  readonly queue?: string;
  /** Attempts per job when its transform throws. */
  readonly attempts?: number;
  readonly inlineBytes?: number;
  /** Jobs of one executor in Redis at once (bounds Redis memory for huge batches). */
  readonly maxInFlight?: number;
  /** Without any completion for this long, ask Redis about the outstanding jobs. */
  readonly reconcileMs?: number;
  /** Give up at open if Redis does not answer within this long (afterwards, outages are waited out). */
  readonly connectMs?: number;
}

export interface Pending {
  /** Changes when a job whose result was lost is submitted again. */
  jobId: string;
  readonly task: TransformTask;
  input: PayloadRef | null;
  submittedAt: number;
  /** Set while its result is being read (an event and a reconcile pass may both report it). */
  collecting?: boolean;
  lost?: number;
  resolve(r: TaskResult): void;
}

export class DistributedExecutor implements Executor {
  readonly name: string;
  readonly queueName: string;
  readonly conn: Redis;
  readonly queue: Queue;
  private readonly events: QueueEvents;
  private readonly eventsConn: Redis;
  private readonly attempts: number;
  private readonly inlineBytes: number;
  private readonly maxInFlight: number;
  private readonly runId = `${hostname().replace(/[^\w.-]/g, '_')}-${process.pid}-${randomBytes(4).toString('hex')}`;
  private seq = 0;
  readonly inFlight = new Map<string, Pending>();
  private readonly waiting: Pending[] = [];
  lastProgress = Date.now();
  /** Quiet time before the next reconcile pass: doubles (to 16 s) while passes find nothing, so long jobs cost little. */
  private quietMs = 0;
  private readonly every: number;
  private readonly timer: NodeJS.Timeout;
  private reconciling = false;
  /** Counters for tests and the bench. */
  readonly stats = { submitted: 0, resubmitted: 0, completed: 0, failed: 0 };

  private constructor(opts: DistributedOptions) {
    this.queueName = opts.queue ?? defaults.queue;
    this.name = `bullmq(${this.queueName})`;
    this.attempts = opts.attempts ?? defaults.attempts;
    this.inlineBytes = opts.inlineBytes ?? defaults.inlineBytes;
    this.maxInFlight = Math.max(1, opts.maxInFlight ?? 512);
    this.conn = connect(opts.redis, `beamflow-executor-${process.pid}`);
    this.eventsConn = connect(opts.redis, `beamflow-events-${process.pid}`);
    this.queue = new Queue(this.queueName, { connection: this.conn });
    this.events = new QueueEvents(this.queueName, { connection: this.eventsConn });
    this.queue.on('error', () => undefined);
    this.events.on('error', () => undefined);
    this.events.on('completed', ({ jobId, returnvalue }) => void this.onCompleted(jobId, returnvalue));
    this.events.on('failed', ({ jobId }) => void this.onFailed(jobId));
    const every = opts.reconcileMs ?? 1000;
    this.every = every;
    this.quietMs = every;
    this.timer = setInterval(() => void this.tick(every), every);
    this.timer.unref();
  }

  /** Opens the connections and waits until Redis answers. */
  static async open(opts: DistributedOptions): Promise<DistributedExecutor> {
    const ex = new DistributedExecutor(opts);
    try {
      await waitReachable(ex.conn, opts.redis, opts.connectMs ?? 10_000);
      await Promise.all([ex.queue.waitUntilReady(), ex.events.waitUntilReady()]);
    } catch (e) {
      ex.abort();
      throw e;
    }
    return ex;
  }

  run(tasks: readonly TransformTask[]): Promise<TaskResult[]> {
    const results = tasks.map(
      (task) =>
        new Promise<TaskResult>((resolve) => {
          const jobId = `${this.runId}-${this.seq++}`;
          this.waiting.push({ jobId, task, input: null, submittedAt: 0, resolve });
        }),
    );
    this.pump();
    return Promise.all(results);
  }

  private pump(): void {
    const n = Math.min(this.waiting.length, this.maxInFlight - this.inFlight.size);
    if (n <= 0) return;
    const batch = this.waiting.splice(0, n);
    for (const p of batch) this.inFlight.set(p.jobId, p);
    this.submit(batch).catch((e: unknown) => {
      for (const p of batch) this.finish(p, { ok: false, error: `cannot submit: ${e instanceof Error ? e.message : String(e)}`, backend: this.name });
    });
  }

  /** Stores the inputs, then adds the jobs (a job never names a key that is not there yet). */
  async submit(batch: readonly Pending[]): Promise<void> {
    const store = this.conn.pipeline();
    const jobs = batch.map((p) => jobFor(this.queueName, p, this.inlineBytes, this.attempts, store));
    if (store.length > 0) await store.exec();
    await this.queue.addBulk(jobs);
    this.stats.submitted += batch.length;
  }

  async onCompleted(jobId: string, returnvalue: unknown): Promise<void> {
    const p = this.inFlight.get(jobId);
    if (!p || p.collecting) return;
    p.collecting = true;
    this.lastProgress = Date.now();
    let ret: JobReturn;
    try {
      ret = parseJobReturn(returnvalue);
    } catch (e) {
      return this.finish(p, { ok: false, error: e instanceof Error ? e.message : String(e), backend: this.name });
    }
    try {
      const data = await collect(this.conn, p, ret.result);
      this.stats.completed++;
      this.finish(p, { ok: true, data, backend: ret.backend });
    } catch (e) {
      // A Redis that came back empty lost the stored result: compute it again (at most twice).
      if ((p.lost ?? 0) < 2 && this.inFlight.get(jobId) === p) {
        p.lost = (p.lost ?? 0) + 1;
        p.collecting = false;
        this.inFlight.delete(jobId);
        p.jobId = `${jobId}r${p.lost}`;
        this.inFlight.set(p.jobId, p);
        this.stats.resubmitted++;
        return this.submit([p]).catch(() => undefined); // if Redis is away, reconcile resubmits it later
      }
      this.finish(p, { ok: false, error: `result of item '${p.task.item}': ${e instanceof Error ? e.message : String(e)}`, backend: ret.backend });
    }
  }

  async onFailed(jobId: string): Promise<void> {
    const p = this.inFlight.get(jobId);
    if (!p) return;
    // QueueEvents reports a failed attempt; only a job that is in the failed set has used its retries.
    const job = await this.queue.getJob(jobId);
    if (!job || !(await job.isFailed())) return;
    this.lastProgress = Date.now();
    await this.fail(p, job.failedReason);
  }

  async fail(p: Pending, reason: string): Promise<void> {
    if (p.input?.kind === 'redis') await this.conn.del(p.input.key).catch(() => 0);
    this.stats.failed++;
    this.finish(p, { ok: false, error: reason, backend: this.name });
  }

  private finish(p: Pending, r: TaskResult): void {
    if (!this.inFlight.delete(p.jobId)) return;
    this.quietMs = this.every;
    p.resolve(r);
    this.pump();
  }

  private async tick(every: number): Promise<void> {
    if (this.reconciling || this.inFlight.size === 0 || Date.now() - this.lastProgress < this.quietMs) return;
    this.reconciling = true;
    try {
      const acted = await reconcile(this, every);
      this.quietMs = acted > 0 ? every : Math.min(this.quietMs * 2, 16 * every);
    } catch {
      // Redis is away; the next tick tries again.
    } finally {
      this.reconciling = false;
    }
  }

  /** Drops the connections without waiting for Redis (it never answered). */
  private abort(): void {
    clearInterval(this.timer);
    this.conn.disconnect();
    this.eventsConn.disconnect();
    void this.events.close().catch(() => undefined);
    void this.queue.close().catch(() => undefined);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    for (const p of [...this.waiting.splice(0), ...this.inFlight.values()]) {
      p.resolve({ ok: false, error: 'executor closed before the task finished', backend: this.name });
    }
    this.inFlight.clear();
    await this.events.close();
    await this.queue.close();
    this.conn.disconnect();
    this.eventsConn.disconnect();
  }
}

export function createDistributedExecutor(opts: DistributedOptions): Promise<DistributedExecutor> {
  return DistributedExecutor.open(opts);
}
