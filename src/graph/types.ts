/**
 * The vocabulary of the engine: nodes, transforms, node data and parameter schemas.
 * Everything here is plain data or pure functions, so it runs the same in a worker, a test or the GUI.
 */

/** Numeric arrays a node may hold. Never mutated after creation. */
export type NumArray =
  | Float64Array
  | Float32Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Int8Array
  | Uint8Array;

/** A 2D array (detector frame, sinogram, tomogram), row-major. */
export interface Image2D {
  readonly kind: 'image';
  readonly rows: number;
  readonly cols: number;
  readonly data: NumArray;
}

/** One value held by a node for one item: a 1D array, a 2D image or a scalar. */
export type ArrayValue = NumArray | Image2D | number;

/** What a node holds for one item: array name → value. */
export type NodeData = Readonly<Record<string, ArrayValue>>;

export type ArrayRole = 'x' | 'y' | '2D' | 'scalar';

export interface ArraySpec {
  readonly name: string;
  readonly role: ArrayRole;
  /** Physical unit, e.g. 'eV', 'Å⁻¹', 'deg'. Empty for dimensionless. */
  readonly unit: string;
  readonly label?: string;
  /** Items may lack an optional array (e.g. a reference channel). */
  readonly optional?: boolean;
}

export interface NodeSpec {
  readonly id: string;
  readonly label: string;
  readonly arrays: readonly ArraySpec[];
  /** The node also accepts arrays it does not declare (a raw node holding a file's columns). */
  readonly openArrays?: boolean;
}

/** Parameter declarations: data, so a GUI panel and a project file can be generated from them. */
export type ParamSpec =
  | { readonly kind: 'number'; readonly default: number | null; readonly nullable?: boolean; readonly min?: number; readonly max?: number; readonly step?: number; readonly unit?: string; readonly label?: string }
  | { readonly kind: 'integer'; readonly default: number; readonly min?: number; readonly max?: number; readonly label?: string }
  | { readonly kind: 'boolean'; readonly default: boolean; readonly label?: string }
  | { readonly kind: 'choice'; readonly default: string; readonly options: readonly string[]; readonly label?: string }
  | { readonly kind: 'string'; readonly default: string; readonly label?: string }
  | { readonly kind: 'numbers'; readonly default: readonly number[]; readonly label?: string; readonly unit?: string };

export type ParamSchema = Readonly<Record<string, ParamSpec>>;

/** The value type a ParamSpec describes. */
export type ParamValueOf<S extends ParamSpec> = S extends { kind: 'number' }
  ? S extends { nullable: true }
    ? number | null
    : number
  : S extends { kind: 'integer' }
    ? number
    : S extends { kind: 'boolean' }
      ? boolean
      : S extends { kind: 'choice' }
        ? string
        : S extends { kind: 'string' }
          ? string
          : S extends { kind: 'numbers' }
            ? readonly number[]
            : never;

export type ParamValues<S extends ParamSchema> = { readonly [K in keyof S]: ParamValueOf<S[K]> };

/** Any single parameter value (what a document stores). */
export type ParamValue = number | boolean | string | null | readonly number[];

/** Where the worker pool finds a transform: the module URL and the export holding the transform object. */
export interface TransformLocation {
  readonly module: string;
  readonly exportName: string;
}

export interface TransformSpec<S extends ParamSchema = ParamSchema> {
  readonly name: string;
  readonly label?: string;
  /** Node it reads. Equal to `to` for a transform that works in place at one node. */
  readonly from: string;
  readonly to: string;
  readonly params: S;
  readonly inArrays: readonly string[];
  readonly outArrays: readonly string[];
  /** Pure: must not mutate its input and must return fresh arrays (or input arrays passed through unchanged). */
  run(input: NodeData, params: ParamValues<S>): NodeData;
  /** Set to run only on the main thread (e.g. a transform that is too cheap to ship, or not importable). */
  readonly sequential?: boolean;
  /** Where a worker can import this transform from; without it the transform runs on the main thread. */
  readonly location?: TransformLocation;
}

/** A transform with its parameter types erased (how the engine stores them). */
export type AnyTransform = TransformSpec<ParamSchema>;

export function isImage2D(v: ArrayValue | undefined): v is Image2D {
  return typeof v === 'object' && v !== null && (v as Image2D).kind === 'image';
}

export function isNumArray(v: ArrayValue | undefined): v is NumArray {
  return typeof v === 'object' && v !== null && ArrayBuffer.isView(v);
}
