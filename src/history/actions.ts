/**
 * User actions: plain serialisable objects (so a session log can record and replay them). Each one is one
 * history step; `reduce` turns (document, action) into the next document.
 */
import type { CombinationOp, Document, ItemSource } from './document.ts';
import type { NodeData, ParamValue } from '../graph/types.ts';

export interface ItemInit {
  readonly id: string;
  readonly name: string;
  readonly entry: string;
  readonly source: ItemSource;
  /** Per-transform parameter overrides over the defaults (or over `paramsFrom`). */
  readonly params?: Readonly<Record<string, Readonly<Record<string, ParamValue>>>>;
  /** Start from this item's parameters instead of the defaults. */
  readonly paramsFrom?: string;
  readonly stop?: string | null;
  readonly meta?: Readonly<Record<string, string | number | boolean>>;
  /** Entry data; stored in the data store, not in the document. */
  readonly data?: NodeData;
  /** The data could not be loaded: the item enters in the failed state with this message. */
  readonly error?: string;
}

export type Action =
  | { readonly type: 'addItems'; readonly items: readonly ItemInit[]; readonly label?: string }
  | { readonly type: 'removeItems'; readonly ids: readonly string[] }
  | { readonly type: 'setParams'; readonly ids: readonly string[]; readonly transform: string; readonly values: Readonly<Record<string, ParamValue>> }
  | { readonly type: 'applyLastChange'; readonly ids: readonly string[] }
  | { readonly type: 'copyParams'; readonly from: string; readonly to: readonly string[]; readonly transforms?: readonly string[] }
  | { readonly type: 'select'; readonly ids: readonly string[] }
  | { readonly type: 'setStop'; readonly ids: readonly string[]; readonly node: string | null }
  | { readonly type: 'rename'; readonly id: string; readonly name: string }
  | { readonly type: 'setMeta'; readonly ids: readonly string[]; readonly key: string; readonly value: string | number | boolean };

/** Data arriving: not a history step (undo never removes measured data), but recorded in sessions. */
export type DataEvent =
  | { readonly type: 'setData'; readonly id: string; readonly data: NodeData }
  | { readonly type: 'appendData'; readonly id: string; readonly data: NodeData }
  | { readonly type: 'failData'; readonly id: string; readonly error: string };

export type NavigationEvent = { readonly type: 'undo' } | { readonly type: 'redo' } | { readonly type: 'jump'; readonly index: number };

/**
 * A whole document replacing the current one (a project being loaded) as one history step, with the entry
 * data it brings by item id. Holds the Immutable document: a session log records it in plain form
 * (src/session/load-record.ts).
 */
export type LoadEvent = { readonly type: 'load'; readonly doc: Document; readonly data: ReadonlyMap<string, NodeData>; readonly label: string };

/**
 * A whole history replacing the current one (a project saved with its undo history being loaded): the
 * steps' documents and labels, where the cursor stands, and the entry data by item id.
 */
export type RestoreHistoryEvent = {
  readonly type: 'restoreHistory';
  readonly steps: readonly { readonly doc: Document; readonly label: string }[];
  readonly cursor: number;
  readonly data: ReadonlyMap<string, NodeData>;
};

/** Everything that changes the engine's state, in the order it happened. */
export type EngineEvent = Action | DataEvent | NavigationEvent | LoadEvent | RestoreHistoryEvent;

export type { CombinationOp };
