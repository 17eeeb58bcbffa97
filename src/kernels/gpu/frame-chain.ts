/**
 * Compressed CBF payloads → decoded frames → integrated patterns, all on the GPU, with several frames in
 * flight. Each slot owns one frame's buffers; frame i uses slot i mod inFlight, so while the host waits for
 * the oldest frame's sums the GPU already works on the next ones. Only the compressed payload goes up and
 * only the bin sums (16 bytes a bin) come back: the decoded frame never leaves the GPU.
 */
import type { CsrPlan } from '../xrd/csr.ts';
import type { IntegrateOptions, Pattern1D } from '../xrd/integrate.ts';
import { destroySlot, GpuByteOffsetDecoder, type DecodeSlot } from './byte-offset-decoder.ts';
import { GpuCsrIntegrator, releaseBinding, type FrameBinding } from './csr-integrator.ts';
import type { GpuContext } from './device.ts';

interface Slot {
  readonly decode: DecodeSlot;
  readonly binding: FrameBinding;
  pending: Promise<Pattern1D> | null;
}

export interface FrameChainOptions {
  /** Frames submitted before the host waits for the oldest (1 = fully sequential). */
  readonly inFlight: number;
  /** Largest compressed payload expected, in bytes (a Pilatus 2M frame is ~2.5-4 MB). */
  readonly maxPayloadBytes: number;
  readonly integrate?: IntegrateOptions;
  /**
   * 'mapped' (default) writes each payload into a mapped staging buffer; 'writeBuffer' goes through Dawn's
   * queue.writeBuffer, which copies it once more on the host (measured slower in bench/RESULTS-gpu.md).
   */
  readonly upload?: 'mapped' | 'writeBuffer';
}

export class GpuFrameChain {
  readonly decoder: GpuByteOffsetDecoder;
  readonly integrator: GpuCsrIntegrator;
  private readonly slots: Slot[];
  private next = 0;

  constructor(readonly gpu: GpuContext, readonly plan: CsrPlan, readonly options: FrameChainOptions) {
    if (!(options.inFlight >= 1)) throw new RangeError('inFlight must be ≥ 1');
    this.decoder = GpuByteOffsetDecoder.create(gpu);
    this.integrator = new GpuCsrIntegrator(gpu, plan);
    const n = plan.rows * plan.cols;
    this.slots = Array.from({ length: options.inFlight }, () => {
      const decode = this.decoder.createSlot(options.maxPayloadBytes, n);
      return { decode, binding: this.integrator.bindFrame(decode.frame, options.integrate ?? {}), pending: null };
    });
  }

  /**
   * Submits one payload. Resolves with the pattern of the frame submitted `inFlight` calls earlier (null
   * while the pipeline fills), so results come out in submission order; `drain()` returns the rest.
   */
  async push(payload: Uint8Array): Promise<Pattern1D | null> {
    const slot = this.slots[this.next];
    this.next = (this.next + 1) % this.slots.length;
    const done = slot.pending ? await slot.pending : null;
    const d = this.gpu.device;
    if (this.options.upload === 'writeBuffer') this.decoder.upload(slot.decode, payload);
    else await this.decoder.stage(slot.decode, payload);
    const enc = d.createCommandEncoder({ label: 'decode + integrate' });
    this.decoder.encode(enc, slot.decode);
    this.integrator.encode(enc, slot.binding);
    d.queue.submit([enc.finish()]);
    this.decoder.remap(slot.decode);
    slot.pending = this.integrator.read(slot.binding, this.options.integrate?.empty ?? 0);
    return done;
  }

  /** Waits for every submitted frame; returns their patterns in submission order. */
  async drain(): Promise<Pattern1D[]> {
    const out: Pattern1D[] = [];
    for (let k = 0; k < this.slots.length; k++) {
      const slot = this.slots[(this.next + k) % this.slots.length];
      if (slot.pending) out.push(await slot.pending);
      slot.pending = null;
    }
    return out;
  }

  /** All payloads through the chain, patterns in order. */
  async run(payloads: Iterable<Uint8Array>): Promise<Pattern1D[]> {
    const out: Pattern1D[] = [];
    for (const p of payloads) {
      const r = await this.push(p);
      if (r) out.push(r);
    }
    out.push(...(await this.drain()));
    return out;
  }

  destroy(): void {
    for (const s of this.slots) {
      s.pending?.catch(() => {}); // frames never drained: their read-backs fail once the buffers are gone
      s.pending = null;
      destroySlot(s.decode);
      releaseBinding(s.binding);
    }
    this.integrator.destroy();
  }
}
