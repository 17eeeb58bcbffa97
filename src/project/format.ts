/**
 * The project file: the whole engine document as versioned JSON. Data files are referred to by a path
 * relative to the project file (so a moved folder still works), with the absolute path as a fallback;
 * data can be embedded (typed arrays as {"$typed", "b64"}, bit-exact). Items without a file (streamed,
 * calculated) always carry their data. See docs/sessions.md.
 */
import type { ParamValue } from '../graph/types.ts';
import type { ItemSource, LastChange } from '../history/document.ts';

export const PROJECT_FORMAT = 'beamflow-project';
export const PROJECT_VERSION = 1;

export type JsonSource =
  | { readonly kind: 'data' }
  | { readonly kind: 'stream'; readonly stream: string }
  | {
      readonly kind: 'file';
      /** Relative to the project file's folder, '/' separators. */
      readonly path: string;
      /** Where it was when saved (used when the relative path does not resolve). */
      readonly absolutePath: string;
      readonly format?: string;
      readonly options?: Readonly<Record<string, string | number | boolean>>;
    }
  | Extract<ItemSource, { kind: 'combination' }>;

export interface JsonItem {
  readonly id: string;
  readonly name: string;
  readonly entry: string;
  readonly stop: string | null;
  readonly source: JsonSource;
  /** transform → parameter → value (all parameters, defaults included, so results stay reproducible). */
  readonly params: Readonly<Record<string, Readonly<Record<string, ParamValue>>>>;
  readonly meta: Readonly<Record<string, string | number | boolean>>;
  /** Entry data, encoded (embedded projects, and items that have no file). */
  readonly data?: unknown;
}

export interface JsonDocument {
  readonly items: readonly JsonItem[];
  readonly selection: readonly string[];
  readonly lastChange: LastChange | null;
}

export interface JsonHistory {
  readonly cursor: number;
  readonly steps: readonly { readonly label: string; readonly document: JsonDocument }[];
}

export interface ProjectFile extends JsonDocument {
  readonly format: typeof PROJECT_FORMAT;
  readonly version: number;
  readonly saved: string;
  /** Name of the pipeline the project was made with ('xas', 'xrd', ...), when known. */
  readonly pipeline: string | null;
  readonly embedded: boolean;
  readonly history?: JsonHistory;
}
