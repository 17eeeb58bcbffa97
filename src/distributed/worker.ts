/**
 * A beamflow worker: a BullMQ Worker that fetches a job's input by reference, runs the transform named by
 * its location, and stores the result once (SET NX), so a redelivered job changes nothing.
 * Transforms run on this process's thread: a job must not block it longer than lockMs, or its lock lapses
 * and the job is delivered again (still correct, thanks to idempotence, but wasted work).
 */
import { Worker, UnrecoverableError, type Job } from 'bullmq';
import { hostname } from 'node:os';
import { connect, defaults, waitReachable } from './options.ts';
import { parseJobData, type JobData, type JobReturn, type PayloadRef } from './job.ts';
import { decodePayload, encodePayload } from './payload.ts';
import { TransformLoader, type LoaderOptions } from './load-transform.ts';
import type { NodeData } from '../graph/types.ts';

export interface WorkerOptions extends LoaderOptions {
  readonly redis: string;
  readonly queue?: string;
  /** Jobs in flight in this process (overlaps Redis I/O; CPU-bound work wants one process per core). */
  readonly concurrency?: number;
  readonly lockMs?: number;
  readonly stalledMs?: number;
  readonly inlineBytes?: number;
  /** Give up at start if Redis does not answer within this long (afterwards, outages are waited out). */
  readonly connectMs?: number;
  readonly onEvent?: (e: WorkerEvent) => void;
}

export type WorkerEvent =
  | { readonly event: 'ready'; readonly queue: string; readonly backend: string }
  | { readonly event: 'active'; readonly job: string; readonly item: string; readonly attempt: number }
  | { readonly event: 'completed'; readonly job: string; readonly item: string; readonly ms: number }
  | { readonly event: 'failed'; readonly job: string; readonly item: string; readonly error: string }
  | { readonly event: 'error'; readonly error: string };

export interface WorkerHandle {
  readonly backend: string;
  close(): Promise<void>;
}

export async function startWorker(opts: WorkerOptions): Promise<WorkerHandle> {
  const queue = opts.queue ?? defaults.queue;
  const backend = `bullmq(${hostname()}:${process.pid})`;
  const inlineBytes = opts.inlineBytes ?? defaults.inlineBytes;
  const emit = opts.onEvent ?? (() => undefined);
  const loader = new TransformLoader(opts);
  const conn = connect(opts.redis, `beamflow-worker-${process.pid}`);
  try {
    await waitReachable(conn, opts.redis, opts.connectMs ?? 10_000);
  } catch (e) {
    conn.disconnect();
    throw e;
  }

  async function fetchInput(d: JobData): Promise<NodeData> {
    if (d.input.kind === 'inline') return decodePayload(Buffer.from(d.input.base64, 'base64'));
    const bytes = await conn.getBuffer(d.input.key);
    if (bytes === null) throw new UnrecoverableError(`input payload ${d.input.key} of item '${d.item}' is gone (freed or expired)`);
    return decodePayload(bytes);
  }

  async function storeResult(d: JobData, data: NodeData): Promise<PayloadRef> {
    const bytes = encodePayload(data);
    if (bytes.byteLength <= inlineBytes) return { kind: 'inline', base64: Buffer.from(bytes).toString('base64') };
    // NX: the first delivery to finish stores the result; a redelivered job's identical bytes are dropped.
    await conn.set(d.resultKey, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'EX', defaults.payloadTtlS, 'NX');
    return { kind: 'redis', key: d.resultKey, bytes: bytes.byteLength };
  }

  async function runJob(job: Job): Promise<JobReturn> {
    let d: JobData;
    try {
      d = parseJobData(job.data);
    } catch (e) {
      throw new UnrecoverableError(e instanceof Error ? e.message : String(e));
    }
    emit({ event: 'active', job: job.id ?? '?', item: d.item, attempt: job.attemptsMade + 1 });
    const t0 = performance.now();
    // A previous delivery may have stored the result and died before completing the job (only a job
    // started before, or recovered from a stalled worker, can have one: skip the round trip otherwise).
    const redelivered = job.attemptsStarted > 1 || job.stalledCounter > 0;
    if (redelivered && (await conn.exists(d.resultKey))) return { result: { kind: 'redis', key: d.resultKey, bytes: -1 }, backend };
    const transform = await loader.load(d.location).catch((e: unknown) => {
      throw new UnrecoverableError(e instanceof Error ? e.message : String(e));
    });
    const input = await fetchInput(d);
    const output = transform.run(input, d.params as never);
    const result = await storeResult(d, output);
    emit({ event: 'completed', job: job.id ?? '?', item: d.item, ms: performance.now() - t0 });
    return { result, backend };
  }

  const worker = new Worker(queue, runJob, {
    connection: conn,
    concurrency: Math.max(1, opts.concurrency ?? 1),
    lockDuration: opts.lockMs ?? defaults.lockMs,
    stalledInterval: opts.stalledMs ?? defaults.stalledMs,
    maxStalledCount: defaults.maxStalled,
    // Short blocking waits: an idle worker notices delayed work and a reconnected Redis within a second.
    drainDelay: 1,
    name: backend,
    autorun: false,
  });
  worker.on('failed', (job, err) => {
    const item = (job?.data as Partial<JobData> | undefined)?.item ?? '?';
    emit({ event: 'failed', job: job?.id ?? '?', item, error: err.message });
  });
  worker.on('error', (err) => emit({ event: 'error', error: err.message }));
  await worker.waitUntilReady();
  void worker.run();
  emit({ event: 'ready', queue, backend });
  return {
    backend,
    async close() {
      await worker.close();
      conn.disconnect();
    },
  };
}
