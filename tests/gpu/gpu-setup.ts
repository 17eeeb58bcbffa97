/**
 * Shared by the GPU tests: points Vulkan at Chromium's SwiftShader when no ICD is chosen (CI machines have no
 * GPU), acquires the device once, and names the reason in the suite title when there is none, so that a skip
 * is visible in the test report.
 */
import { existsSync } from 'node:fs';
import { getGpu, type GpuAcquisition } from '../../src/kernels/gpu/device.ts';

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

export async function acquireForTests(): Promise<GpuAcquisition> {
  if (!process.env.VK_ICD_FILENAMES && !process.env.VK_DRIVER_FILES && existsSync(SWIFTSHADER_ICD)) {
    process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  }
  return getGpu();
}

export function suiteTitle(name: string, acq: GpuAcquisition): string {
  return acq.ok ? `${name} [${acq.gpu.adapterName}]` : `${name} [SKIPPED: ${acq.reason}]`;
}
