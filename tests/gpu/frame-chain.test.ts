import { afterAll, describe, expect, it } from 'vitest';
import { encodeByteOffset } from '../../src/formats/cbf-byte-offset.ts';
import { releaseGpu } from '../../src/kernels/gpu/device.ts';
import { GpuFrameChain } from '../../src/kernels/gpu/frame-chain.ts';
import { integrate1d } from '../../src/kernels/xrd/integrate.ts';
import { acquireForTests, suiteTitle } from './gpu-setup.ts';
import { randomFrame, randomPlan } from './random-plan.ts';

const acq = await acquireForTests();
afterAll(() => releaseGpu());

describe.skipIf(!acq.ok)(suiteTitle('GPU decode → integrate chain, frames in flight', acq), () => {
  for (const [inFlight, upload] of [[1, 'mapped'], [3, 'mapped'], [2, 'writeBuffer']] as const) {
    it(`7 frames, ${inFlight} in flight, ${upload} upload: in order, matching decode + integrate1d on the CPU`, async () => {
      const rows = 50, cols = 70;
      const plan = randomPlan(rows, cols, 120, true, 11);
      const frames = Array.from({ length: 7 }, (_, i) => randomFrame(rows * cols, 100 + i));
      const payloads = frames.map((f) => encodeByteOffset(f));
      const chain = new GpuFrameChain(acq.ok ? acq.gpu : (null as never), plan, {
        inFlight, upload, maxPayloadBytes: Math.max(...payloads.map((p) => p.length)),
      });
      const got = await chain.run(payloads);
      chain.destroy();
      expect(got.length).toBe(frames.length);
      got.forEach((pattern, i) => {
        const ref = integrate1d(plan, frames[i]);
        for (let b = 0; b < plan.npt; b++) {
          expect(Math.abs(pattern.sumSignal[b] - ref.sumSignal[b])).toBeLessThanOrEqual(2e-5 * Math.max(1, Math.abs(ref.sumSignal[b])));
          expect(pattern.count[b]).toBeCloseTo(ref.count[b], 3);
        }
      });
    });
  }
});
