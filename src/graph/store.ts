/**
 * The data store: entry data of items, outside the document and its history (undoing "add item" hides the
 * item but never throws away measured data). Each update gets a new version. Items that grow point by point
 * append into capacity-doubling buffers and publish length-limited views, so earlier views never change.
 */
import type { NodeData, NumArray } from './types.ts';
import { isNumArray } from './types.ts';
import { BeamflowError } from './errors.ts';
import { nextVersion } from './version.ts';

export interface Stored {
  readonly data: NodeData;
  readonly version: number;
  /** Set when the item's data could not be loaded (bad file, bad points): the item shows as failed. */
  readonly error?: string;
}

interface Growable {
  buffers: Map<string, NumArray>;
  length: number;
}

type NumArrayCtor = { new (n: number): NumArray };

export class DataStore {
  private readonly entries = new Map<string, Stored>();
  private readonly growing = new Map<string, Growable>();

  get(id: string): Stored | undefined {
    return this.entries.get(id);
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  set(id: string, data: NodeData): Stored {
    const s = { data, version: nextVersion() };
    this.entries.set(id, s);
    this.growing.delete(id);
    return s;
  }

  /** Marks the item's data as unusable; keeps whatever data it had, so nothing loaded is lost. */
  fail(id: string, error: string): Stored {
    const s = { data: this.entries.get(id)?.data ?? {}, version: nextVersion(), error };
    this.entries.set(id, s);
    return s;
  }

  /** Appends points to every 1D array of the item (all the same count); scalars are replaced. */
  append(id: string, points: NodeData): Stored {
    const prev = this.entries.get(id)?.data ?? {};
    let g = this.growing.get(id);
    if (!g) {
      g = { buffers: new Map(), length: -1 };
      for (const [k, v] of Object.entries(prev)) if (isNumArray(v)) {
        g.buffers.set(k, v);
        g.length = v.length;
      }
      if (g.length < 0) g.length = 0;
      this.growing.set(id, g);
    }
    let added = -1;
    for (const [k, v] of Object.entries(points)) {
      if (!isNumArray(v)) continue;
      if (added >= 0 && v.length !== added) throw new BeamflowError({ kind: 'BadInput', item: id, field: k, problem: `appends ${v.length} points, other arrays append ${added}` });
      added = v.length;
      if (g.length > 0 && !g.buffers.has(k)) throw new BeamflowError({ kind: 'BadInput', item: id, field: k, problem: 'array not present in the earlier points' });
    }
    if (g.length > 0) for (const k of g.buffers.keys()) if (!(k in points)) throw new BeamflowError({ kind: 'BadInput', item: id, field: k, problem: 'missing from the appended points' });
    const next: Record<string, NodeData[string]> = { ...prev };
    const n = g.length + Math.max(0, added);
    for (const [k, v] of Object.entries(points)) {
      if (!isNumArray(v)) {
        next[k] = v;
        continue;
      }
      let buf = g.buffers.get(k);
      if (!buf || buf.length < n || buf.buffer.byteLength < n * buf.BYTES_PER_ELEMENT || !ownsCapacity(buf, n)) {
        const Ctor = v.constructor as NumArrayCtor;
        const grown = new Ctor(Math.max(16, n * 2));
        if (buf) grown.set(buf.subarray(0, g.length));
        buf = grown;
        g.buffers.set(k, buf);
      }
      buf.set(v, g.length);
      next[k] = buf.subarray(0, n);
    }
    g.length = n;
    const s = { data: next, version: nextVersion() };
    this.entries.set(id, s);
    return s;
  }
}

function ownsCapacity(buf: NumArray, n: number): boolean {
  return buf.byteOffset === 0 && buf.buffer.byteLength >= n * buf.BYTES_PER_ELEMENT && buf.length >= n;
}
