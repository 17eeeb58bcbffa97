/**
 * What travels in a BullMQ job: the task's identity and a reference to its input, never the arrays
 * themselves (a Redis key, or a small inline payload of at most `inlineBytes`).
 */
import type { ParamValue, TransformLocation } from '../graph/types.ts';

export type PayloadRef =
  | { readonly kind: 'redis'; readonly key: string; readonly bytes: number }
  | { readonly kind: 'inline'; readonly base64: string };

export interface JobData {
  readonly v: 1;
  readonly item: string;
  readonly transform: string;
  readonly location: TransformLocation;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly input: PayloadRef;
  /** Where the worker stores a large result (SET NX: a redelivered job stores it once). */
  readonly resultKey: string;
}

export interface JobReturn {
  readonly result: PayloadRef;
  /** Which worker produced it, e.g. 'bullmq(host:pid)'. */
  readonly backend: string;
}

function isRef(x: unknown): x is PayloadRef {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Record<string, unknown>;
  return (r.kind === 'redis' && typeof r.key === 'string') || (r.kind === 'inline' && typeof r.base64 === 'string');
}

/** Checks job data read from Redis (it may come from another version or another program). */
export function parseJobData(x: unknown): JobData {
  const d = x as Partial<JobData> | null;
  if (!d || d.v !== 1) throw new Error('job data is not a beamflow v1 task');
  if (typeof d.item !== 'string' || typeof d.transform !== 'string') throw new Error('job data lacks item or transform');
  if (!d.location || typeof d.location.module !== 'string' || typeof d.location.exportName !== 'string') {
    throw new Error(`job for item '${d.item}' lacks a transform location`);
  }
  if (!isRef(d.input) || typeof d.resultKey !== 'string') throw new Error(`job for item '${d.item}' lacks its input reference`);
  return d as JobData;
}

export function parseJobReturn(x: unknown): JobReturn {
  const v = typeof x === 'string' ? (JSON.parse(x) as unknown) : x;
  const r = v as Partial<JobReturn> | null;
  if (!r || !isRef(r.result) || typeof r.backend !== 'string') throw new Error('job return value is not a beamflow result');
  return r as JobReturn;
}

export const keys = {
  input: (queue: string, jobId: string): string => `bf:${queue}:in:${jobId}`,
  result: (queue: string, jobId: string): string => `bf:${queue}:out:${jobId}`,
};
