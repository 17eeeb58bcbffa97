/**
 * CBF byte-offset decoding on the GPU (WGSL through Dawn). Pixels are bit-identical to the CPU decoder:
 * int32 values wrapping modulo 2^32 like fabio's.
 *
 * A slot holds the buffers of one frame in flight; `encode` records the decode of the payload already written
 * into the slot, so that a caller can chain more work (integration) on the decoded frame without a copy back.
 */
import type { GpuContext } from './device.ts';
import {
  bindGroup, COPY_DST, computePipeline, dispatch, grid, readBytes, readbackBuffer, storageBuffer, UNIFORM, writeBytes,
} from './buffers.ts';
import { markWgsl, reduceWgsl, scanTilesWgsl, scatterWgsl } from './wgsl/byte-offset.wgsl.ts';

const TILE_BYTES = 256 * 16;
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

  static create(gpu: GpuContext): GpuByteOffsetDecoder {
    const d = gpu.device;
    return new GpuByteOffsetDecoder(
      gpu,
      computePipeline(d, markWgsl, 'mark'),
      computePipeline(d, reduceWgsl, 'reduce'),
      computePipeline(d, scanTilesWgsl, 'scanTiles'),
      computePipeline(d, scatterWgsl, 'scatter'),
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
    const groups = {
      mark: bindGroup(d, this.mark, [params, src, cover]),
      reduce: bindGroup(d, this.reduce, [params, src, cover, tileSums]),
      scanTiles: bindGroup(d, this.scanTiles, [params, tileSums]),
      scatter: bindGroup(d, this.scatter, [params, src, cover, tileSums, frame]),
    };
    return { maxBytes, nElems, frame, src, cover, tileSums, params, groups, nBytes: 0 };
  }

  /** Queues the payload upload (bytes after the 4 magic bytes, X-Binary-Size of them). */
  upload(slot: DecodeSlot, payload: Uint8Array): void {
    if (payload.byteLength > slot.maxBytes) throw new RangeError(`payload ${payload.byteLength} B > slot ${slot.maxBytes} B`);
    slot.nBytes = payload.byteLength;
    const tiles = Math.max(1, Math.ceil(payload.byteLength / TILE_BYTES));
    this.gpu.device.queue.writeBuffer(slot.params, 0, new Uint32Array([payload.byteLength, slot.nElems, tiles, 0]));
    writeBytes(this.gpu.device, slot.src, payload);
  }

  /** Records the decode passes of the uploaded payload into `encoder`. */
  encode(encoder: GPUCommandEncoder, slot: DecodeSlot): void {
    const tiles = Math.max(1, Math.ceil(slot.nBytes / TILE_BYTES));
    encoder.clearBuffer(slot.cover);
    const pass = encoder.beginComputePass({ label: 'byte-offset decode' });
    const [mx, my] = grid(Math.ceil(slot.nBytes / 4 / 256));
    dispatch(pass, this.mark, slot.groups.mark, mx, my);
    const [tx, ty] = grid(tiles);
    dispatch(pass, this.reduce, slot.groups.reduce, tx, ty);
    dispatch(pass, this.scanTiles, slot.groups.scanTiles, 1);
    dispatch(pass, this.scatter, slot.groups.scatter, tx, ty);
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
  for (const b of [slot.src, slot.cover, slot.tileSums, slot.frame, slot.params]) b.destroy();
}
