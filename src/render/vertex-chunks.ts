/**
 * Curves packed into a few large vertex arrays ("chunks") as line segments: each segment is two vertices
 * [x - originX, y, colour], colour packed as r·65536 + g·256 + b (exact in float32) or -1 for "draw
 * nothing" (free space, hidden curves, gaps). A curve owns a slot of a chunk with spare room to grow point
 * by point; a write marks a dirty byte range, so a commit re-uploads only the changed part of one chunk.
 * Pure CPU code: the GPU side (line-layer.ts) only reads `chunks` and their dirty ranges.
 */

export const FLOATS_PER_VERTEX = 3;
export const HIDDEN = -1;
/**
 * Vertices per chunk at most by default (192 KiB): a software rasteriser draws one chunk in a few ms, so a
 * progressive render can spread a million segments over frames; a real GPU could take far larger chunks.
 */
export const MAX_CHUNK_VERTICES = 1 << 14;
const MIN_CHUNK_VERTICES = 1 << 12;

export interface Chunk {
  data: Float32Array;
  /** Vertices handed out so far (slots are contiguous from 0). */
  used: number;
  /** Dirty vertex range [lo, hi) since the last commit; lo > hi means clean. */
  dirtyLo: number;
  dirtyHi: number;
  /** The array was replaced (grown): the GPU buffer must be re-created, not sub-updated. */
  resized: boolean;
  /** Vertices of freed slots, for deciding when to repack. */
  wasted: number;
}

interface Slot {
  chunk: number;
  start: number;
  capacity: number;
}

export interface Segments {
  /** Polyline points; segments join consecutive finite points. */
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  readonly color: number;
  readonly visible: boolean;
}

export class VertexChunks {
  readonly chunks: Chunk[] = [];
  private readonly slots = new Map<string, Slot>();
  private readonly free: Slot[] = [];
  originX = 0;
  private originSet = false;

  constructor(readonly maxChunkVertices = MAX_CHUNK_VERTICES) {}

  has(id: string): boolean {
    return this.slots.has(id);
  }

  get size(): number {
    return this.slots.size;
  }

  /** Writes (or rewrites) one curve's segments; moves it to a larger slot when it outgrew its own. */
  set(id: string, s: Segments): void {
    const n = Math.min(s.x.length, s.y.length);
    if (!this.originSet && n > 0) {
      this.originX = s.x[0];
      this.originSet = true;
    }
    const need = Math.max(0, 2 * (n - 1));
    let slot = this.slots.get(id);
    if (slot && slot.capacity < need) {
      this.release(slot);
      slot = undefined;
    }
    if (!slot) {
      // Headroom so a scan growing point by point moves rarely.
      // Even capacity: line-list pairs vertices (2k, 2k+1), so every slot must start on an even vertex.
      slot = this.allocate((need + (need >> 2) + 8) & ~1);
      this.slots.set(id, slot);
    }
    this.write(slot, s, n);
  }

  /** Where a curve's segments lie: chunk index and vertex range [start, end) (its whole slot). */
  range(id: string): { readonly chunk: number; readonly start: number; readonly end: number } | undefined {
    const s = this.slots.get(id);
    return s ? { chunk: s.chunk, start: s.start, end: s.start + s.capacity } : undefined;
  }

  remove(id: string): void {
    const slot = this.slots.get(id);
    if (!slot) return;
    this.slots.delete(id);
    this.release(slot);
  }

  clear(): void {
    for (const id of [...this.slots.keys()]) this.remove(id);
  }

  /** Marks every chunk clean (after the GPU side consumed the dirty ranges). */
  markClean(): void {
    for (const c of this.chunks) {
      c.dirtyLo = Number.MAX_SAFE_INTEGER;
      c.dirtyHi = 0;
      c.resized = false;
    }
  }

  private write(slot: Slot, s: Segments, n: number): void {
    const c = this.chunks[slot.chunk];
    const d = c.data;
    const ox = this.originX;
    let o = slot.start * FLOATS_PER_VERTEX;
    const color = s.visible ? s.color : HIDDEN;
    for (let i = 0; i < n - 1; i++) {
      const x0 = s.x[i];
      const y0 = s.y[i];
      const x1 = s.x[i + 1];
      const y1 = s.y[i + 1];
      const ok = Number.isFinite(x0) && Number.isFinite(y0) && Number.isFinite(x1) && Number.isFinite(y1);
      const col = ok ? color : HIDDEN;
      d[o] = x0 - ox;
      d[o + 1] = y0;
      d[o + 2] = col;
      d[o + 3] = x1 - ox;
      d[o + 4] = y1;
      d[o + 5] = col;
      o += 6;
    }
    const end = (slot.start + slot.capacity) * FLOATS_PER_VERTEX;
    for (let k = o + 2; k < end; k += FLOATS_PER_VERTEX) d[k] = HIDDEN;
    this.markDirty(c, slot.start, slot.start + slot.capacity);
  }

  private release(slot: Slot): void {
    const c = this.chunks[slot.chunk];
    const d = c.data;
    for (let v = slot.start; v < slot.start + slot.capacity; v++) d[v * FLOATS_PER_VERTEX + 2] = HIDDEN;
    this.markDirty(c, slot.start, slot.start + slot.capacity);
    c.wasted += slot.capacity;
    this.free.push(slot);
  }

  private allocate(capacity: number): Slot {
    // First fit among freed slots of the same or somewhat larger size (avoid wasting big slots on small curves).
    for (let i = 0; i < this.free.length; i++) {
      const f = this.free[i];
      if (f.capacity >= capacity && f.capacity <= 2 * capacity) {
        this.free.splice(i, 1);
        this.chunks[f.chunk].wasted -= f.capacity;
        return f;
      }
    }
    let ci = this.chunks.findIndex((c) => c.used + capacity <= this.maxChunkVertices);
    if (ci < 0 || capacity > this.maxChunkVertices) {
      ci = this.chunks.length;
      this.chunks.push(newChunk(Math.max(Math.min(MIN_CHUNK_VERTICES, this.maxChunkVertices), Math.min(capacity, this.maxChunkVertices))));
    }
    const c = this.chunks[ci];
    const vertices = c.data.length / FLOATS_PER_VERTEX;
    if (c.used + capacity > vertices) {
      let grown = vertices;
      while (grown < c.used + capacity) grown *= 2;
      const data = new Float32Array(Math.max(grown, c.used + capacity) * FLOATS_PER_VERTEX);
      data.set(c.data);
      for (let k = c.data.length + 2; k < data.length; k += FLOATS_PER_VERTEX) data[k] = HIDDEN;
      c.data = data;
      c.resized = true;
    }
    const slot: Slot = { chunk: ci, start: c.used, capacity };
    c.used += capacity;
    return slot;
  }

  private markDirty(c: Chunk, lo: number, hi: number): void {
    if (lo < c.dirtyLo) c.dirtyLo = lo;
    if (hi > c.dirtyHi) c.dirtyHi = hi;
  }
}

function newChunk(vertices: number): Chunk {
  const data = new Float32Array(vertices * FLOATS_PER_VERTEX);
  for (let k = 2; k < data.length; k += FLOATS_PER_VERTEX) data[k] = HIDDEN;
  return { data, used: 0, dirtyLo: 0, dirtyHi: vertices, resized: true, wasted: 0 };
}

export function packColor(rgb: number): number {
  return rgb & 0xffffff;
}
