/**
 * WGSL histogram integration (pyFAI's no-split "histogram" method): every pixel adds itself to its bin with
 * atomics. WGSL has integer atomics only, so a float add is a compare-exchange loop on the f32 bits. Each
 * workgroup first accumulates into its own copy of a chunk of bins in workgroup memory (few collisions),
 * then adds that copy to the global bins. The order of additions varies, so results vary in the last bits.
 */
import { frameValueWgsl } from './csr-spmv.wgsl.ts';

export const histogramWgsl = /* wgsl */ `${frameValueWgsl}
override CHUNK: u32 = 1024u;        // bins per workgroup copy (4 sums each)
override PER_THREAD: u32 = 16u;     // pixels per thread
struct Params { nPixels: u32, nBins: u32, pad1: u32, pad2: u32, dummy: Dummy }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> binOf: array<i32>;
@group(0) @binding(2) var<storage, read> norm: array<f32>;
@group(0) @binding(3) var<storage, read> frame: array<u32>;
@group(0) @binding(4) var<storage, read_write> sums: array<atomic<u32>>;

var<workgroup> local_: array<atomic<u32>, CHUNK * 4u>;

fn addLocal(i: u32, v: f32) {
  var old = atomicLoad(&local_[i]);
  loop {
    let r = atomicCompareExchangeWeak(&local_[i], old, bitcast<u32>(bitcast<f32>(old) + v));
    if (r.exchanged) { break; }
    old = r.old_value;
  }
}
fn addGlobal(i: u32, v: f32) {
  var old = atomicLoad(&sums[i]);
  loop {
    let r = atomicCompareExchangeWeak(&sums[i], old, bitcast<u32>(bitcast<f32>(old) + v));
    if (r.exchanged) { break; }
    old = r.old_value;
  }
}

@compute @workgroup_size(256)
fn histogram(@builtin(workgroup_id) w: vec3<u32>, @builtin(local_invocation_index) lid: u32,
             @builtin(num_workgroups) n: vec3<u32>) {
  let lo = w.y * CHUNK;
  for (var k = lid; k < CHUNK * 4u; k += 256u) { atomicStore(&local_[k], 0u); }
  workgroupBarrier();
  let first = w.x * 256u * PER_THREAD;
  for (var k = 0u; k < PER_THREAD; k++) {
    let i = first + k * 256u + lid;     // coalesced: neighbouring threads read neighbouring pixels
    if (i < P.nPixels) {
      let b = binOf[i];
      let nm = norm[i];
      if (b >= i32(lo) && b < i32(lo + CHUNK) && nm != 0.0) {
        let px = pixel(frame[i], P.dummy);
        if (px.y != 0.0) {
          let at = (u32(b) - lo) * 4u;
          addLocal(at, px.x);
          addLocal(at + 1u, max(px.x, 1.0));
          addLocal(at + 2u, nm);
          addLocal(at + 3u, 1.0);
        }
      }
    }
  }
  workgroupBarrier();
  for (var k = lid; k < CHUNK * 4u; k += 256u) {
    let v = bitcast<f32>(atomicLoad(&local_[k]));
    if (v != 0.0 && lo * 4u + k < P.nBins * 4u) { addGlobal(lo * 4u + k, v); }
  }
}
`;
