/**
 * WGSL CSR sparse matrix-vector product with pyFAI's per-pixel preprocessing folded in: one workgroup per
 * radial bin, threads striding over the bin's row, then a tree reduction in workgroup memory. Produces the
 * four sums (Σw·signal, Σw²·max(signal,1), Σw·norm, Σw) per bin in float32; the host divides in float64.
 * A pixel is invalid when its norm is 0 (masked), it is NaN, or it equals the dummy value.
 */
export const frameValueWgsl = /* wgsl */ `
override FRAME_F32: bool = false;
struct Dummy { use_: u32, useDelta: u32, value: f32, delta: f32 }

// Frame value as f32, and whether it is a valid signal (not NaN, not the dummy).
fn pixel(bits: u32, d: Dummy) -> vec2<f32> {
  var x: f32;
  if (FRAME_F32) {
    if ((bits & 0x7f800000u) == 0x7f800000u && (bits & 0x7fffffu) != 0u) { return vec2<f32>(0.0, 0.0); }
    x = bitcast<f32>(bits);
  } else {
    x = f32(bitcast<i32>(bits));
  }
  if (d.use_ != 0u) {
    if (d.useDelta != 0u) {
      if (abs(x - d.value) <= d.delta) { return vec2<f32>(0.0, 0.0); }
    } else if (x == d.value) { return vec2<f32>(0.0, 0.0); }
  }
  return vec2<f32>(x, 1.0);
}
`;

export const csrSpmvWgsl = /* wgsl */ `${frameValueWgsl}
struct Params { nBins: u32, pad0: u32, pad1: u32, pad2: u32, dummy: Dummy }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> indptr: array<u32>;
@group(0) @binding(2) var<storage, read> indices: array<u32>;
@group(0) @binding(3) var<storage, read> weights: array<f32>;
@group(0) @binding(4) var<storage, read> norm: array<f32>;
@group(0) @binding(5) var<storage, read> frame: array<u32>;
@group(0) @binding(6) var<storage, read_write> sums: array<vec4<f32>>;

const WG = 128u;
var<workgroup> acc: array<vec4<f32>, 128>;

@compute @workgroup_size(128)
fn spmv(@builtin(workgroup_id) w: vec3<u32>, @builtin(num_workgroups) n: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let b = w.x + w.y * n.x;
  if (b >= P.nBins) { return; }
  var s = vec4<f32>(0.0);
  let end = indptr[b + 1u];
  for (var j = indptr[b] + lid; j < end; j += WG) {
    let idx = indices[j];
    let nm = norm[idx];
    let px = pixel(frame[idx], P.dummy);
    if (nm != 0.0 && px.y != 0.0) {
      let wt = weights[j];
      let x = px.x;
      s += vec4<f32>(wt * x, wt * wt * max(x, 1.0), wt * nm, wt);
    }
  }
  acc[lid] = s;
  workgroupBarrier();
  for (var off = WG / 2u; off > 0u; off >>= 1u) {
    if (lid < off) { acc[lid] += acc[lid + off]; }
    workgroupBarrier();
  }
  if (lid == 0u) { sums[b] = acc[0]; }
}
`;
