import type { NodeData, ParamValue, TransformLocation } from '../types.ts';

/** One transform run for one item, shippable to another thread or machine (no functions inside). */
export interface TransformTask {
  readonly item: string;
  readonly transform: string;
  readonly location: TransformLocation;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly input: NodeData;
}

/** The outcome of one task; a thrown error becomes `ok: false` for that item only. */
export type TaskResult =
  | { readonly ok: true; readonly data: NodeData; readonly backend: string; readonly ms?: number }
  | { readonly ok: false; readonly error: string; readonly backend: string; readonly ms?: number };

/**
 * Where transforms run. The engine hands a batch of independent tasks and gets one result per task, in order.
 * Implementations: the main thread (reference), the worker pool (piscina), the distributed queue (BullMQ).
 */
export interface Executor {
  readonly name: string;
  run(tasks: readonly TransformTask[]): Promise<TaskResult[]>;
  close(): Promise<void>;
}
