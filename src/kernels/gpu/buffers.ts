/** Small helpers over the WebGPU API: buffers, pipelines, bind groups, read-back. */

export const STORAGE = 0x0080; // GPUBufferUsage.STORAGE (constants spelled out: globals exist only after getGpu())
export const COPY_SRC = 0x0004;
export const COPY_DST = 0x0008;
export const MAP_READ = 0x0001;
export const MAP_WRITE = 0x0002;
export const UNIFORM = 0x0040;
const MAP_MODE_READ = 0x0001;

/** Rounds up to a multiple of 4 (WebGPU copies and bindings work in 4-byte units). */
export function align4(n: number): number {
  return (n + 3) & ~3;
}

export function storageBuffer(device: GPUDevice, bytes: number, label: string, extraUsage = 0): GPUBuffer {
  return device.createBuffer({ label, size: Math.max(16, align4(bytes)), usage: STORAGE | COPY_DST | COPY_SRC | extraUsage });
}

/** A storage buffer holding a copy of `data`. */
export function uploadBuffer(device: GPUDevice, data: ArrayBufferView, label: string): GPUBuffer {
  const buf = storageBuffer(device, data.byteLength, label);
  writeBytes(device, buf, data);
  return buf;
}

/** queue.writeBuffer wants 4-byte multiples; pads the tail through a small copy when needed. */
export function writeBytes(device: GPUDevice, buf: GPUBuffer, data: ArrayBufferView, offset = 0): void {
  const whole = data.byteLength & ~3;
  if (whole > 0) device.queue.writeBuffer(buf, offset, data.buffer, data.byteOffset, whole);
  const rest = data.byteLength - whole;
  if (rest > 0) {
    const tail = new Uint8Array(4);
    tail.set(new Uint8Array(data.buffer, data.byteOffset + whole, rest));
    device.queue.writeBuffer(buf, offset + whole, tail);
  }
}

export function uniformBuffer(device: GPUDevice, words: Uint32Array, label: string): GPUBuffer {
  const buf = device.createBuffer({ label, size: Math.max(16, align4(words.byteLength)), usage: UNIFORM | COPY_DST });
  device.queue.writeBuffer(buf, 0, words.buffer, words.byteOffset, words.byteLength);
  return buf;
}

export function readbackBuffer(device: GPUDevice, bytes: number, label: string): GPUBuffer {
  return device.createBuffer({ label, size: Math.max(16, align4(bytes)), usage: MAP_READ | COPY_DST });
}

export function computePipeline(
  device: GPUDevice,
  code: string,
  entryPoint: string,
  constants: Record<string, number> = {},
): GPUComputePipeline {
  const module = device.createShaderModule({ code, label: entryPoint });
  return device.createComputePipeline({ layout: 'auto', label: entryPoint, compute: { module, entryPoint, constants } });
}

/** A bind group for group 0 binding the buffers in order (binding i = buffers[i]). */
export function bindGroup(device: GPUDevice, pipeline: GPUComputePipeline, buffers: readonly GPUBuffer[]): GPUBindGroup {
  return device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
}

export function dispatch(
  pass: GPUComputePassEncoder,
  pipeline: GPUComputePipeline,
  group: GPUBindGroup,
  x: number,
  y = 1,
): void {
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, group);
  pass.dispatchWorkgroups(x, y);
}

/** Maps a MAP_READ buffer and copies `bytes` out of it (the copy survives the unmap). */
export async function readBytes(buf: GPUBuffer, bytes: number): Promise<ArrayBuffer> {
  await buf.mapAsync(MAP_MODE_READ, 0, align4(bytes));
  const copy = buf.getMappedRange(0, align4(bytes)).slice(0, bytes);
  buf.unmap();
  return copy;
}

/** Splits a 1-D workgroup count over x and y (each dimension is capped at 65535). */
export function grid(workgroups: number): [number, number] {
  if (workgroups <= 65535) return [Math.max(1, workgroups), 1];
  const y = Math.ceil(workgroups / 65535);
  return [Math.ceil(workgroups / y), y];
}
