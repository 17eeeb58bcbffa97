/**
 * WGSL batched radix-2 FFT: one workgroup per spectrum, the whole transform in workgroup memory (N complex
 * float32: 16 KiB at N = 2048, larch's default nfft). The input is real (χ(k) on its grid) times a per-point
 * factor (kʷ·window), zero-padded to N; the first nOut complex values are written, times `scale`. Twiddles
 * come from a table computed in float64 on the host, so only the butterflies round in float32.
 */
export const fftWgsl = /* wgsl */ `
override N: u32 = 2048u;
override LOG2N: u32 = 11u;
struct Params { batch: u32, nIn: u32, nOut: u32, scale: f32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> input: array<f32>;
@group(0) @binding(2) var<storage, read> pre: array<f32>;
@group(0) @binding(3) var<storage, read> tw: array<vec2<f32>>;
@group(0) @binding(4) var<storage, read_write> out: array<vec2<f32>>;

var<workgroup> re: array<f32, N>;
var<workgroup> im: array<f32, N>;

@compute @workgroup_size(256)
fn fft(@builtin(workgroup_id) w: vec3<u32>, @builtin(num_workgroups) n: vec3<u32>,
       @builtin(local_invocation_index) lid: u32) {
  let b = w.x + w.y * n.x;
  if (b >= P.batch) { return; }
  for (var i = lid; i < N; i += 256u) {
    let r = reverseBits(i) >> (32u - LOG2N);
    var v = 0.0;
    if (i < P.nIn) { v = input[b * P.nIn + i] * pre[i]; }
    re[r] = v;
    im[r] = 0.0;
  }
  workgroupBarrier();
  for (var s = 1u; s <= LOG2N; s++) {
    let half = 1u << (s - 1u);
    for (var t = lid; t < N / 2u; t += 256u) {
      let pos = t & (half - 1u);
      let i = ((t >> (s - 1u)) << s) + pos;
      let j = i + half;
      let c = tw[pos << (LOG2N - s)];
      let xr = re[j] * c.x - im[j] * c.y;
      let xi = re[j] * c.y + im[j] * c.x;
      re[j] = re[i] - xr;
      im[j] = im[i] - xi;
      re[i] = re[i] + xr;
      im[i] = im[i] + xi;
    }
    workgroupBarrier();
  }
  for (var i = lid; i < P.nOut; i += 256u) {
    out[b * P.nOut + i] = vec2<f32>(re[i], im[i]) * P.scale;
  }
}
`;
