import type { NodeData, ParamValue, TransformLocation } from '../types.ts';

/** One transform run for one item, shippable to another thread or machine (no functions inside). */
export interface TransformTask {
  readonly item: string;
  readonly transform: string;
  readonly location: TransformLocation;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly input: NodeData;
  /**
   * Transforms to run next on this task's output, in the same place, each on the previous one's output
   * (a linear chain of nodes). An executor may ignore it (results then carry no `chain`) and the engine runs
   * those steps itself later; one that honours it saves a round trip and a barrier per node.
   */
  readonly then?: readonly ChainLink[];
}

/** One further step of a chained task. */
export interface ChainLink {
  readonly transform: string;
  readonly location: TransformLocation;
  readonly params: Readonly<Record<string, ParamValue>>;
  /** Input arrays that must be present (the non-optional inArrays): if one is missing the chain stops there. */
  readonly required: readonly string[];
}

/** The outcome of one task; a thrown error becomes `ok: false` for that item only. */
export type TaskResult =
  | { readonly ok: true; readonly data: NodeData; readonly backend: string; readonly ms?: number; readonly chain?: readonly TaskResult[] }
  | { readonly ok: false; readonly error: string; readonly backend: string; readonly ms?: number };

/**
 * Where transforms run. The engine hands a batch of independent tasks and gets one result per task, in order.
 * Implementations: the main thread (reference), the worker pool (piscina), the distributed queue (BullMQ).
 */
export interface Executor {
  readonly name: string;
  /** Whether it runs the `then` links of a task (see TransformTask.then). */
  readonly chains?: boolean;
  run(tasks: readonly TransformTask[]): Promise<TaskResult[]>;
  close(): Promise<void>;
}
