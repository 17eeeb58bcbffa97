/**
 * Shared by the GPU tests: acquires the device once (SwiftShader on CI machines, which have no GPU) and names
 * the reason in the suite title when there is none, so that a skip is visible in the test report.
 */
import { getGpu, type GpuAcquisition } from '../../src/kernels/gpu/device.ts';

/** getGpu() itself falls back to SwiftShader where no other Vulkan driver answers. */
export async function acquireForTests(): Promise<GpuAcquisition> {
  const acq = await getGpu();
  // The reporter only counts skips; say why, once per file, where CI logs show it.
  if (!acq.ok) console.warn(`[tests/gpu] GPU suites SKIPPED: ${acq.reason}`);
  return acq;
}

export function suiteTitle(name: string, acq: GpuAcquisition): string {
  return acq.ok ? `${name} [${acq.gpu.adapterName}]` : `${name} [SKIPPED: ${acq.reason}]`;
}
