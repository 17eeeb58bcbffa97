/**
 * The executor's two ends of a job: building it (input stored under a key, or inline when small) and
 * collecting its result (read, then free both payloads).
 */
import type { ChainableCommander, Redis } from 'ioredis';
import type { NodeData } from '../graph/types.ts';
import { defaults } from './options.ts';
import { keys, type JobData, type PayloadRef } from './job.ts';
import { decodePayload, encodePayload } from './payload.ts';
import type { Pending } from './executor.ts';

export interface BuiltJob {
  readonly name: string;
  readonly data: JobData;
  readonly opts: {
    readonly jobId: string;
    readonly attempts: number;
    readonly removeOnComplete: { readonly age: number };
    readonly removeOnFail: { readonly age: number };
  };
}

/** Encodes the task's input; queues a SET on `store` when it is larger than `inlineBytes`. */
export function jobFor(queue: string, p: Pending, inlineBytes: number, attempts: number, store: ChainableCommander): BuiltJob {
  const bytes = encodePayload(p.task.input);
  const key = keys.input(queue, p.jobId);
  if (bytes.byteLength <= inlineBytes) p.input = { kind: 'inline', base64: Buffer.from(bytes).toString('base64') };
  else {
    store.set(key, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'EX', defaults.payloadTtlS);
    p.input = { kind: 'redis', key, bytes: bytes.byteLength };
  }
  p.submittedAt = Date.now();
  const { item, transform, location, params } = p.task;
  const data: JobData = { v: 1, item, transform, location, params, input: p.input, resultKey: keys.result(queue, p.jobId) };
  // No backoff: a retry goes straight back to the wait list (a delayed job could wait for an idle worker's poll).
  return { name: transform, data, opts: { jobId: p.jobId, attempts, removeOnComplete: { age: 600 }, removeOnFail: { age: 3600 } } };
}

/**
 * Reads the result, then frees both payloads. Not one GET+DEL transaction: a command in flight when Redis
 * restarts is sent again after reconnecting, and a repeated GET+DEL would find nothing the second time.
 */
export async function collect(conn: Redis, p: Pending, ref: PayloadRef): Promise<NodeData> {
  let data: NodeData;
  if (ref.kind === 'inline') data = decodePayload(Buffer.from(ref.base64, 'base64'));
  else {
    const bytes = await conn.getBuffer(ref.key);
    if (bytes === null) throw new Error(`result payload ${ref.key} is missing`);
    data = decodePayload(bytes);
  }
  const free = [ref.kind === 'redis' ? ref.key : null, p.input?.kind === 'redis' ? p.input.key : null].filter((k): k is string => k !== null);
  if (free.length > 0) await conn.del(...free);
  return data;
}
