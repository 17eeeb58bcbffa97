/**
 * The messages between the page and the server. Text frames carry JSON (these types); node outputs travel
 * as binary frames (wire.ts) so typed arrays are never turned into text.
 */
import type { NodeSpec, ParamSchema, ParamValue } from '../../src/graph/types.ts';
import type { ReplaySummary } from '../../src/session/replay-file.ts';

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

/** A file the server offers for replay: in one of its data folders (`<root>:<path>`) or uploaded. */
export interface ReplayFileInfo {
  readonly id: string;
  readonly label: string;
  readonly size: number;
}

/** Which file, how fast (null: instant), from an empty document or not, and for bluesky runs the entry node and column mapping. */
export interface ReplayRequest {
  readonly file: string;
  readonly speed: number | null;
  readonly clear?: boolean;
  readonly entry?: string;
  /** `COL=KEY[*SCALE]`, comma separated, as `beamflow replay --map`. */
  readonly map?: string;
}

export interface ReplayState {
  readonly status: 'idle' | 'playing' | 'paused' | 'done' | 'stopped' | 'failed';
  readonly file: string | null;
  /** Records (session log) or documents (bluesky run) replayed, of `total`. */
  readonly done: number;
  readonly total: number;
  readonly speed: number | null;
  /** What `beamflow replay --summary` prints, when the replay ended. */
  readonly summary: ReplaySummary | null;
  readonly error: string | null;
  readonly problems: readonly string[];
}

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
  | { readonly kind: 'addCombination'; readonly name: string; readonly op: CombineOp; readonly parents: readonly string[]; readonly node: string; readonly ncomp?: number; readonly stopParentsAt?: string | null }
  | { readonly kind: 'replayList' }
  | ({ readonly kind: 'replayStart' } & ReplayRequest)
  | { readonly kind: 'replayPause' }
  | { readonly kind: 'replayResume' }
  | { readonly kind: 'replayStop' };

export type ReplayAction = Extract<ClientAction, { kind: `replay${string}` }>;

export type ClientMessage = { readonly type: 'action'; readonly seq: number; readonly action: ClientAction };

/**
 * A file uploaded for replay travels as one binary WebSocket message: 4 bytes (little endian) name length,
 * the name in UTF-8, then the file's bytes.
 */
export function encodeUpload(name: string, bytes: Uint8Array): Uint8Array {
  const n = new TextEncoder().encode(name);
  const out = new Uint8Array(4 + n.length + bytes.length);
  new DataView(out.buffer).setUint32(0, n.length, true);
  out.set(n, 4);
  out.set(bytes, 4 + n.length);
  return out;
}

export function decodeUpload(msg: Uint8Array): { name: string; bytes: Uint8Array } {
  if (msg.length < 4) throw new Error('upload: message too short');
  const len = new DataView(msg.buffer, msg.byteOffset, msg.byteLength).getUint32(0, true);
  if (4 + len > msg.length || len > 1000) throw new Error('upload: bad name length');
  return { name: new TextDecoder().decode(msg.subarray(4, 4 + len)), bytes: msg.subarray(4 + len) };
}

export type ServerMessage =
  | { readonly type: 'hello'; readonly version: 1; readonly pipeline: PipelineInfo }
  /**
   * The document. `full`: `items` are all items, in order. Otherwise `items` are only those that changed
   * since the last document message (new ones included), and `order` lists every item id in document
   * order (so the page drops removed items): a stream of arriving items costs its new items, not the
   * whole document, each time.
   */
  | { readonly type: 'document'; readonly full: boolean; readonly items: readonly ItemInfo[]; readonly order: readonly string[]; readonly selection: readonly string[] }
  | { readonly type: 'history'; readonly history: HistoryInfo }
  | { readonly type: 'live'; readonly streaming: boolean; readonly busy: boolean; readonly detail: string }
  | { readonly type: 'ack'; readonly seq: number }
  | { readonly type: 'error'; readonly seq: number | null; readonly message: string }
  | { readonly type: 'replay'; readonly files: readonly ReplayFileInfo[]; readonly state: ReplayState };

export function isClientAction(v: unknown): v is ClientAction {
  if (typeof v !== 'object' || v === null) return false;
  const k = (v as { kind?: unknown }).kind;
  return typeof k === 'string' && ['select', 'setParams', 'undo', 'redo', 'jump', 'rename', 'setStop', 'setMeta', 'removeItems', 'addCombination', ...REPLAY_KINDS].includes(k);
}

const REPLAY_KINDS = ['replayList', 'replayStart', 'replayPause', 'replayResume', 'replayStop'];

export function isReplayAction(a: ClientAction): a is ReplayAction {
  return REPLAY_KINDS.includes(a.kind);
}
