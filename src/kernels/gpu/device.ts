/**
 * WebGPU device acquisition in Node through the npm package `webgpu` (Dawn).
 *
 * One device serves every GPU kernel of the process. The object that `create()` returns must stay referenced
 * while the device lives (if the GC frees it the process aborts), and it must be dropped for Node to exit, so
 * both live here and `releaseGpu()` ends them. Acquisition never throws: no adapter is a normal answer
 * (CI machines without Vulkan), reported with the reason.
 */
import { existsSync } from 'node:fs';
import { create, globals } from 'webgpu';

export interface GpuContext {
  readonly device: GPUDevice;
  /** Vendor / architecture / description as the adapter reports them, e.g. "nvidia hopper NVIDIA H200". */
  readonly adapterName: string;
  /** True for CPU implementations (SwiftShader, lavapipe): correctness only, never a speed claim. */
  readonly isSoftware: boolean;
}

export type GpuAcquisition =
  | { readonly ok: true; readonly gpu: GpuContext }
  | { readonly ok: false; readonly reason: string };

let gpuFactory: GPU | null = null;
let pending: Promise<GpuAcquisition> | null = null;
let current: GpuContext | null = null;

/** Installs Dawn's WebGPU classes (GPUBufferUsage …) on globalThis once; gpu.js also needs `navigator.gpu`. */
function installGlobals(): GPU {
  if (!gpuFactory) {
    Object.assign(globalThis, globals);
    gpuFactory = create([]);
  }
  return gpuFactory;
}

function describe(info: GPUAdapterInfo): string {
  return [info.vendor, info.architecture, info.device, info.description].filter((s) => s && s.length > 0).join(' ');
}

function looksSoftware(name: string): boolean {
  return /swiftshader|llvmpipe|lavapipe|software|cpu/i.test(name);
}

/** Debian's chromium ships SwiftShader's Vulkan driver here; CI machines (no GPU) test on it. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

async function firstAdapter(): Promise<GPUAdapter | null> {
  const gpu = installGlobals();
  return gpu.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null);
}

async function acquire(): Promise<GpuAcquisition> {
  if (process.env.BEAMFLOW_NO_GPU === '1') return { ok: false, reason: 'disabled by BEAMFLOW_NO_GPU=1' };
  let adapter: GPUAdapter | null;
  try {
    adapter = await firstAdapter();
    // No usable driver: degrade to SwiftShader when it is installed and no driver was chosen explicitly.
    if (!adapter && !process.env.VK_ICD_FILENAMES && !process.env.VK_DRIVER_FILES && existsSync(SWIFTSHADER_ICD)) {
      process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
      gpuFactory = null;
      adapter = await firstAdapter();
    }
  } catch (err) {
    return { ok: false, reason: `Dawn failed to load: ${(err as Error).message}` };
  }
  if (!adapter) return { ok: false, reason: 'no WebGPU adapter (no Vulkan driver, and no SwiftShader; see docs/gpu.md)' };
  const lim = adapter.limits;
  // Defaults cap storage bindings at 128 MiB and workgroup memory at 16 KiB; ask for what the adapter has.
  const device = await adapter.requestDevice({
    requiredLimits: {
      maxStorageBufferBindingSize: lim.maxStorageBufferBindingSize,
      maxBufferSize: lim.maxBufferSize,
      maxComputeWorkgroupStorageSize: lim.maxComputeWorkgroupStorageSize,
      maxStorageBuffersPerShaderStage: lim.maxStorageBuffersPerShaderStage,
      maxComputeWorkgroupsPerDimension: lim.maxComputeWorkgroupsPerDimension,
    },
  });
  const adapterName = describe(adapter.info);
  current = { device, adapterName, isSoftware: looksSoftware(adapterName) };
  return { ok: true, gpu: current };
}

/** The process's GPU, acquired on first call; later calls return the same answer. */
export function getGpu(): Promise<GpuAcquisition> {
  pending ??= acquire().catch((err: unknown) => ({ ok: false as const, reason: String(err) }));
  return pending;
}

/** The Dawn factory for libraries that look for `navigator.gpu` (gpu.js); null before `getGpu()`. */
export function dawnFactory(): GPU | null {
  return gpuFactory;
}

/** Destroys the device and drops Dawn so that Node can exit. A later `getGpu()` starts afresh. */
export function releaseGpu(): void {
  // gpu.js was lent the factory as navigator.gpu (gpujs-csr.ts); a live reference keeps Node from exiting.
  const nav = (globalThis as { navigator?: { gpu?: unknown } }).navigator;
  if (nav && gpuFactory && nav.gpu === gpuFactory) delete nav.gpu;
  current?.device.destroy();
  current = null;
  pending = null;
  gpuFactory = null;
}
