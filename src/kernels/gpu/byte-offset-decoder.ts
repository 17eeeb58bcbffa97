/**
 * CBF byte-offset decoding on the GPU (WGSL through Dawn). Pixels are bit-identical to the CPU decoder:
 * int32 values wrapping modulo 2^32 like fabio's.
 *
 * A slot holds the buffers of one frame in flight; `encode` records the decode of the payload already written
 * into the slot, so that a caller can chain more work (integration) on the decoded frame without a copy back.
 */
import type { GpuContext } from './device.ts';
import {
  align4, bindGroup, COPY_DST, COPY_SRC, computePipeline, dispatch, grid, MAP_WRITE, readBytes, readbackBuffer, storageBuffer, UNIFORM, writeBytes,
} from './buffers.ts';

const MAP_MODE_WRITE = 0x0002;
import { markWgsl, reduceWgsl, scanTilesWgsl, scatterCoalescedWgsl, scatterWgsl } from './wgsl/byte-offset.wgsl.ts';

const TILE_BYTES = 256 * 16;

export type DecodePass = 'mark' | 'reduce' | 'scanTiles' | 'scatter';
const ALL_PASSES: readonly DecodePass[] = ['mark', 'reduce', 'scanTiles', 'scatter'];
const MAX_TILES = 256 * 4096; // scanTiles: one workgroup, 4096 tiles per thread at most

export interface DecodeSlot {
  readonly maxBytes: number;
  readonly nElems: number;
  /** The decoded frame (int32, row-major), left on the GPU for the next kernel. */
  readonly frame: GPUBuffer;
  readonly src: GPUBuffer;
  readonly cover: GPUBuffer;
  readonly tileSums: GPUBuffer;
  readonly params: GPUBuffer;
  /** Host-visible staging buffer (MAP_WRITE): the payload is written into it directly, one copy fewer. */
  readonly staging: GPUBuffer;
  /** Resolves when `staging` is mapped and free to write (it is re-mapped as soon as its copy is queued). */
  mapped: Promise<void>;
  /** Whether the next `encode` copies the payload from `staging` (set by `stage`, cleared by `upload`). */
  staged: boolean;
  readonly groups: { mark: GPUBindGroup; reduce: GPUBindGroup; scanTiles: GPUBindGroup; scatter: GPUBindGroup };
  nBytes: number;
}

export class GpuByteOffsetDecoder {
  private constructor(
    readonly gpu: GpuContext,
    private readonly mark: GPUComputePipeline,
    private readonly reduce: GPUComputePipeline,
    private readonly scanTiles: GPUComputePipeline,
    private readonly scatter: GPUComputePipeline,
  ) {}

  /** `coalesced`: stage each tile's values in workgroup memory (default: where the device allows 18 KiB). */
  static create(gpu: GpuContext, opts: { coalesced?: boolean } = {}): GpuByteOffsetDecoder {
    const d = gpu.device;
    // The coalesced scatter needs 18 KiB of workgroup memory; WebGPU only promises 16 KiB.
    const coalesced = opts.coalesced ?? d.limits.maxComputeWorkgroupStorageSize >= 18_432;
    return new GpuByteOffsetDecoder(
      gpu,
      computePipeline(d, markWgsl, 'mark'),
      computePipeline(d, reduceWgsl, 'reduce'),
      computePipeline(d, scanTilesWgsl, 'scanTiles'),
      computePipeline(d, coalesced ? scatterCoalescedWgsl : scatterWgsl, 'scatter'),
    );
  }

  /** Buffers for one frame of at most `maxBytes` compressed bytes and exactly `nElems` pixels. */
  createSlot(maxBytes: number, nElems: number): DecodeSlot {
    const d = this.gpu.device;
    const tiles = Math.ceil(Math.max(1, maxBytes) / TILE_BYTES);
    if (tiles > MAX_TILES) throw new RangeError(`payload of ${maxBytes} bytes exceeds the GPU decoder's limit`);
    const src = storageBuffer(d, maxBytes + 16, 'cbf payload');
    const cover = storageBuffer(d, (Math.ceil(maxBytes / 32) + 1) * 4, 'covered-byte mask');
    const tileSums = storageBuffer(d, tiles * 8, 'tile sums');
    const frame = storageBuffer(d, nElems * 4, 'decoded frame');
    const params = d.createBuffer({ label: 'decode params', size: 16, usage: UNIFORM | COPY_DST });
    const staging = d.createBuffer({ label: 'payload staging', size: align4(Math.max(16, maxBytes)), usage: MAP_WRITE | COPY_SRC, mappedAtCreation: true });
    const groups = {
      mark: bindGroup(d, this.mark, [params, src, cover]),
      reduce: bindGroup(d, this.reduce, [params, src, cover, tileSums]),
      scanTiles: bindGroup(d, this.scanTiles, [params, tileSums]),
      scatter: bindGroup(d, this.scatter, [params, src, cover, tileSums, frame]),
    };
    return { maxBytes, nElems, frame, src, cover, tileSums, params, staging, mapped: Promise.resolve(), staged: false, groups, nBytes: 0 };
  }

  private setSize(slot: DecodeSlot, payload: Uint8Array): void {
    if (payload.byteLength > slot.maxBytes) throw new RangeError(`payload ${payload.byteLength} B > slot ${slot.maxBytes} B`);
    slot.nBytes = payload.byteLength;
    const tiles = Math.max(1, Math.ceil(payload.byteLength / TILE_BYTES));
    this.gpu.device.queue.writeBuffer(slot.params, 0, new Uint32Array([payload.byteLength, slot.nElems, tiles, 0]));
  }

  /** Queues the payload (bytes after the 4 magic bytes, X-Binary-Size of them) through queue.writeBuffer. */
  upload(slot: DecodeSlot, payload: Uint8Array): void {
    this.setSize(slot, payload);
    writeBytes(this.gpu.device, slot.src, payload);
    slot.staged = false;
  }

  /**
   * Writes the payload straight into the slot's mapped staging buffer (no intermediate copy in Dawn); the
   * next `encode` copies it to the GPU. Waits until the staging buffer is free.
   */
  async stage(slot: DecodeSlot, payload: Uint8Array): Promise<void> {
    await slot.mapped;
    this.setSize(slot, payload);
    new Uint8Array(slot.staging.getMappedRange(0, align4(payload.byteLength) || 4)).set(payload);
    slot.staging.unmap();
    slot.staged = true;
  }

  /** After the submit that holds the copy: map the staging buffer again, ready for the next payload. */
  remap(slot: DecodeSlot): void {
    if (!slot.staged) return;
    slot.staged = false;
    const mapped = slot.staging.mapAsync(MAP_MODE_WRITE);
    mapped.catch(() => {}); // destroying the slot while the map is pending rejects it; nobody waits then
    slot.mapped = mapped;
  }

  /** Records the decode passes of the uploaded payload into `encoder`. */
  encode(encoder: GPUCommandEncoder, slot: DecodeSlot): void {
    this.encodePasses(encoder, slot, ALL_PASSES);
  }

  /** Some of the passes only (the bench times them one by one); `encode` records them all, in order. */
  encodePasses(encoder: GPUCommandEncoder, slot: DecodeSlot, passes: readonly DecodePass[]): void {
    const tiles = Math.max(1, Math.ceil(slot.nBytes / TILE_BYTES));
    if (slot.staged) encoder.copyBufferToBuffer(slot.staging, 0, slot.src, 0, align4(slot.nBytes) || 4);
    if (passes.includes('mark')) encoder.clearBuffer(slot.cover);
    const pass = encoder.beginComputePass({ label: 'byte-offset decode' });
    const [mx, my] = grid(Math.ceil(slot.nBytes / 4 / 256));
    const [tx, ty] = grid(tiles);
    if (passes.includes('mark')) dispatch(pass, this.mark, slot.groups.mark, mx, my);
    if (passes.includes('reduce')) dispatch(pass, this.reduce, slot.groups.reduce, tx, ty);
    if (passes.includes('scanTiles')) dispatch(pass, this.scanTiles, slot.groups.scanTiles, 1);
    if (passes.includes('scatter')) dispatch(pass, this.scatter, slot.groups.scatter, tx, ty);
    pass.end();
  }

  /** One-shot decode with read-back (tests, single files). For streams use slots and keep frames on the GPU. */
  async decode(payload: Uint8Array, nElems: number): Promise<Int32Array> {
    const d = this.gpu.device;
    const slot = this.createSlot(payload.byteLength, nElems);
    const rb = readbackBuffer(d, nElems * 4, 'decoded read-back');
    try {
      this.upload(slot, payload);
      const enc = d.createCommandEncoder();
      this.encode(enc, slot);
      enc.copyBufferToBuffer(slot.frame, 0, rb, 0, Math.max(4, nElems * 4));
      d.queue.submit([enc.finish()]);
      return new Int32Array(await readBytes(rb, nElems * 4));
    } finally {
      destroySlot(slot);
      rb.destroy();
    }
  }
}

export function destroySlot(slot: DecodeSlot): void {
  for (const b of [slot.src, slot.cover, slot.tileSums, slot.frame, slot.params, slot.staging]) b.destroy();
}
