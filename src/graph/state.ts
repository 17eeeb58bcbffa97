import type { OrderedMap } from 'immutable';
import type { NodeData } from './types.ts';

/** One item's state at one node. `version` identifies the value: equal versions mean identical results. */
export type ItemAtNode =
  | { readonly status: 'ok'; readonly data: NodeData; readonly version: number; readonly backend: string }
  | {
      readonly status: 'failed';
      readonly error: string;
      /** node where it failed first (downstream nodes carry the same error) */
      readonly origin: string;
      readonly transform: string | null;
      readonly version: number;
    }
  | { readonly status: 'pending'; readonly version: number };

/** What a node emits: every item present at the node, in document order. */
export type NodeOutput = OrderedMap<string, ItemAtNode>;

/** A record of one transform that actually ran (cache hits are not recorded). */
export interface RunRecord {
  readonly item: string;
  readonly transform: string;
  readonly node: string;
  readonly backend: string;
}
