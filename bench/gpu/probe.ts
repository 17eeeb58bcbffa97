/** Prints the WebGPU adapter this machine gives (or why none): node bin/run-ts.js bench/gpu/probe.ts */
import { getGpu, releaseGpu } from '../../src/kernels/gpu/device.ts';

const r = await getGpu();
if (r.ok) {
  const l = r.gpu.device.limits;
  console.log(`${r.gpu.adapterName}${r.gpu.isSoftware ? ' (software)' : ''}; workgroup memory ${l.maxComputeWorkgroupStorageSize} B, storage binding ${l.maxStorageBufferBindingSize} B`);
} else {
  console.log(`no adapter: ${r.reason}`);
}
releaseGpu();
