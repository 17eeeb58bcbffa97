/**
 * Memory for the WebAssembly kernels (CBF decoder, integrator): a WebAssembly.Memory that regions are carved
 * from by growing it. A thread's own arena (not shared) or a shared one, whose bytes every worker sees: the
 * frame pool puts the integration plan there once, and each worker adds its own regions (file, pixels, sums).
 *
 * A region is a fresh run of pages got by memory.grow, which returns where they start; for a shared memory
 * that is atomic, so threads never get overlapping regions. Regions are never freed (callers keep and reuse
 * them). Growing a thread's own memory detaches views made before: make views after allocating.
 */
import { MAX_PAGES } from './wasm-asm.ts';

const PAGE = 65536;

export class WasmArena {
  private constructor(readonly memory: WebAssembly.Memory, readonly shared: boolean) {}

  /** A memory of this thread only. */
  static local(): WasmArena {
    return new WasmArena(new WebAssembly.Memory({ initial: 1 }), false);
  }

  /** A memory that can be posted to workers and used by all of them at once. */
  static createShared(): WasmArena {
    return new WasmArena(new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES, shared: true }), true);
  }

  /** The arena of a shared memory received from another thread. */
  static ofShared(memory: WebAssembly.Memory): WasmArena {
    return new WasmArena(memory, true);
  }

  /** Offset of `bytes` fresh bytes (64 KiB aligned) for the caller's use; throws past 4 GiB. */
  alloc(bytes: number): number {
    const pages = Math.max(1, Math.ceil(bytes / PAGE));
    return this.memory.grow(pages) * PAGE;
  }

  /** Current size in bytes. */
  get size(): number {
    return this.memory.buffer.byteLength;
  }

  u8(offset: number, length: number): Uint8Array {
    return new Uint8Array(this.memory.buffer, offset, length);
  }
}
