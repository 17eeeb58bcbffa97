/**
 * The messages between the page and the server. Text frames carry JSON (these types); node outputs travel
 * as binary frames (wire.ts) so typed arrays are never turned into text.
 */
import type { NodeSpec, ParamSchema, ParamValue } from '../../src/graph/types.ts';

export interface TransformInfo {
  readonly name: string;
  readonly label: string;
  readonly from: string;
  readonly to: string;
  readonly params: ParamSchema;
}

export interface PipelineInfo {
  readonly title: string;
  /** Nodes in rank order. */
  readonly nodes: readonly NodeSpec[];
  readonly transforms: readonly TransformInfo[];
}

export type SourceInfo =
  | { readonly kind: 'data' | 'file' | 'stream' }
  | { readonly kind: 'combination'; readonly op: string; readonly parents: readonly string[] };

export interface ItemInfo {
  readonly id: string;
  readonly name: string;
  readonly entry: string;
  readonly stop: string | null;
  readonly source: SourceInfo;
  /** Effective parameters (defaults filled in) of every transform the item passes through. */
  readonly params: Readonly<Record<string, Readonly<Record<string, ParamValue>>>>;
  readonly meta: Readonly<Record<string, string | number | boolean>>;
}

export interface HistoryInfo {
  readonly labels: readonly string[];
  readonly cursor: number;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
}

export type CombineOp = 'average' | 'sum' | 'rms' | 'pca';

/** What the page asks the engine to do. Each is one engine call (and one history step where it changes the document). */
export type ClientAction =
  | { readonly kind: 'select'; readonly ids: readonly string[] }
  | { readonly kind: 'setParams'; readonly ids: readonly string[]; readonly transform: string; readonly values: Readonly<Record<string, ParamValue>> }
  | { readonly kind: 'undo' }
  | { readonly kind: 'redo' }
  | { readonly kind: 'jump'; readonly index: number }
  | { readonly kind: 'rename'; readonly id: string; readonly name: string }
  | { readonly kind: 'setStop'; readonly ids: readonly string[]; readonly node: string | null }
  | { readonly kind: 'setMeta'; readonly ids: readonly string[]; readonly key: string; readonly value: string | number | boolean }
  | { readonly kind: 'removeItems'; readonly ids: readonly string[] }
  | { readonly kind: 'addCombination'; readonly name: string; readonly op: CombineOp; readonly parents: readonly string[]; readonly node: string; readonly ncomp?: number; readonly stopParentsAt?: string | null };

export type ClientMessage = { readonly type: 'action'; readonly seq: number; readonly action: ClientAction };

export type ServerMessage =
  | { readonly type: 'hello'; readonly version: 1; readonly pipeline: PipelineInfo }
  | { readonly type: 'document'; readonly items: readonly ItemInfo[]; readonly selection: readonly string[] }
  | { readonly type: 'history'; readonly history: HistoryInfo }
  | { readonly type: 'live'; readonly streaming: boolean; readonly busy: boolean; readonly detail: string }
  | { readonly type: 'ack'; readonly seq: number }
  | { readonly type: 'error'; readonly seq: number | null; readonly message: string };

export function isClientAction(v: unknown): v is ClientAction {
  if (typeof v !== 'object' || v === null) return false;
  const k = (v as { kind?: unknown }).kind;
  return typeof k === 'string' && ['select', 'setParams', 'undo', 'redo', 'jump', 'rename', 'setStop', 'setMeta', 'removeItems', 'addCombination'].includes(k);
}
