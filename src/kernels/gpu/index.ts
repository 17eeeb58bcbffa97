/** Public API of the GPU backends (see docs/gpu.md). */
export { getGpu, releaseGpu, SWIFTSHADER_ICD, type GpuAcquisition, type GpuContext } from './device.ts';
export { GpuByteOffsetDecoder, destroySlot, type DecodePass, type DecodeSlot } from './byte-offset-decoder.ts';
export { GpuCsrIntegrator, releaseBinding, type FrameBinding } from './csr-integrator.ts';
export { GpuHistogramIntegrator, binOfPixels } from './histogram-integrator.ts';
export { GpuFrameChain, type FrameChainOptions } from './frame-chain.ts';
export { GpuFftBatch, xftfBatchGpu } from './xftf-batch.ts';
export { GpuJsCsrIntegrator } from './gpujs-csr.ts';
export { WorkersIntegrator } from './workers-integrator.ts';
export { KernelRegistry, type Backend, type Choice, type ChooseOptions, type Tier } from './registry.ts';
export { createIntegrateBackends, type IntegrateAsync, type IntegrateBackends } from './integrate-backends.ts';
