import { getGpu, releaseGpu } from '../../src/kernels/gpu/device.ts';
const r = await getGpu();
console.log(r.ok ? r.gpu.adapterName + ' sw=' + r.gpu.isSoftware + ' ' + JSON.stringify({ws: r.gpu.device.limits.maxComputeWorkgroupStorageSize, sb: r.gpu.device.limits.maxStorageBufferBindingSize}) : r.reason);
releaseGpu();
