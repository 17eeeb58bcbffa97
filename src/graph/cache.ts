/**
 * Result cache keyed by (item, transform, input version, parameters). Bounded by the bytes of the arrays it
 * holds, least recently used first out. Entries currently shown at a node are also referenced by the node
 * outputs, so eviction never loses a live result; it only makes a later undo recompute instead of hit.
 */
import type { ItemAtNode } from './state.ts';
import { isImage2D } from './types.ts';

function bytesOf(at: ItemAtNode): number {
  if (at.status !== 'ok') return 64;
  let b = 64;
  for (const v of Object.values(at.data)) {
    if (typeof v === 'number') b += 8;
    else if (isImage2D(v)) b += v.data.byteLength;
    else b += v.byteLength;
  }
  return b;
}

export class ResultCache {
  private readonly map = new Map<string, { at: ItemAtNode; bytes: number }>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string): ItemAtNode | undefined {
    const e = this.map.get(key);
    if (!e) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.map.delete(key);
    this.map.set(key, e);
    return e.at;
  }

  set(key: string, at: ItemAtNode): void {
    const old = this.map.get(key);
    if (old) {
      this.bytes -= old.bytes;
      this.map.delete(key);
    }
    const bytes = bytesOf(at);
    this.map.set(key, { at, bytes });
    this.bytes += bytes;
    for (const [k, e] of this.map) {
      if (this.bytes <= this.maxBytes) break;
      this.map.delete(k);
      this.bytes -= e.bytes;
    }
  }

  get size(): number {
    return this.map.size;
  }

  get totalBytes(): number {
    return this.bytes;
  }
}
