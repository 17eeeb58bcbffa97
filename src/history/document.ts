/**
 * The document: everything the user decided, as one Immutable value. Items with their sources, per-transform
 * parameters, stop nodes and display metadata; the selection; the last parameter change. Data arrays are not
 * in the document (they live in the engine's data store, outside history), so undo never loses data.
 */
import { Map as IMap, OrderedMap, OrderedSet, Record } from 'immutable';
import type { ParamMap } from '../graph/params.ts';
import type { ParamValue } from '../graph/types.ts';

export type CombinationOp = 'average' | 'sum' | 'rms' | 'pca-component' | 'pca-reconstruction';

/** Where an item's data comes from. */
export type ItemSource =
  | { readonly kind: 'data' }
  | { readonly kind: 'file'; readonly path: string; readonly format?: string; readonly options?: { readonly [key: string]: string | number | boolean } }
  | { readonly kind: 'stream'; readonly stream: string }
  | {
      readonly kind: 'combination';
      /** a CombinationOp, or an op a pipeline registered (e.g. 'merge') */
      readonly op: string;
      readonly parents: readonly string[];
      /** pca-component: which component (0-based); pca-reconstruction: which parent is reconstructed. */
      readonly index?: number;
      /** pca-reconstruction: how many components. */
      readonly ncomp?: number;
      /** 'linear' (default) or 'cubic' interpolation onto the first parent's grid. */
      readonly interp?: 'linear' | 'cubic';
    };

export interface ItemDocProps {
  id: string;
  name: string;
  entry: string;
  stop: string | null;
  source: ItemSource;
  /** transform name → its parameters (defaults shared between items until changed). */
  params: IMap<string, ParamMap>;
  /** display metadata (colour, visibility, group): changes it never trigger recomputation. */
  meta: IMap<string, string | number | boolean>;
}

export const ItemDoc = Record<ItemDocProps>(
  {
    id: '',
    name: '',
    entry: '',
    stop: null,
    source: { kind: 'data' },
    params: IMap(),
    meta: IMap(),
  },
  'ItemDoc',
);
export type ItemDoc = Record<ItemDocProps> & Readonly<ItemDocProps>;

export interface LastChange {
  readonly transform: string;
  readonly values: { readonly [param: string]: ParamValue };
}

export interface DocumentProps {
  items: OrderedMap<string, ItemDoc>;
  selection: OrderedSet<string>;
  lastChange: LastChange | null;
}

export const Document = Record<DocumentProps>(
  {
    items: OrderedMap(),
    selection: OrderedSet(),
    lastChange: null,
  },
  'Document',
);
export type Document = Record<DocumentProps> & Readonly<DocumentProps>;

export const emptyDocument: Document = Document();
