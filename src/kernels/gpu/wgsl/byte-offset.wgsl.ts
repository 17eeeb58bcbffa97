/**
 * WGSL for the parallel CBF byte-offset decoder (after Kieffer et al., J. Synchrotron Rad. 2018): mark the
 * exceptions, decode every start byte, prefix-sum the deltas (values) and the start flags (output positions),
 * scatter.
 *
 * Which bytes start an element is sequential in principle: a byte is a start unless it lies inside the 2-, 4-
 * or 8-byte payload of an earlier escape (0x80). An escape covers at most the 14 bytes after it, so a 0x80
 * with no 0x80 among the 14 bytes before it is certainly a start ("leader"). `mark` lets each leader walk
 * forward through its cluster of escapes (a few bytes in real frames) and set the covered bytes in a bitmask;
 * every other byte is a start. The walk stops at the next leader, which has its own thread. A 0x80 that no
 * possible escape before it can reach is a leader too, so in escape-dense regions (bright rings) nearly every
 * escape is its own leader and walks stay short instead of running along a whole ring.
 *
 * Bytes are read from u32 words (WGSL has no 8-bit storage). Values wrap modulo 2^32, exactly like fabio's
 * int32 decoder; the 64-bit escape keeps the low 32 bits of the delta.
 */

const common = /* wgsl */ `
struct Params { nBytes: u32, nElems: u32, nTiles: u32, pad: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> src: array<u32>;

fn byteAt(i: u32) -> u32 {
  if (i >= P.nBytes) { return 0u; }
  return (src[i >> 2u] >> ((i & 3u) * 8u)) & 0xffu;
}
fn le16(i: u32) -> u32 { return byteAt(i) | (byteAt(i + 1u) << 8u); }
fn le32(i: u32) -> u32 { return le16(i) | (le16(i + 2u) << 16u); }

// Length in bytes of the element that starts at p.
fn elemLen(p: u32) -> u32 {
  if (byteAt(p) != 0x80u) { return 1u; }
  if (le16(p + 1u) != 0x8000u) { return 3u; }
  if (le32(p + 3u) != 0x80000000u) { return 7u; }
  return 15u;
}

// Delta of the element that starts at p, as the bits of a wrapped int32.
fn deltaAt(p: u32) -> u32 {
  let b = byteAt(p);
  if (b != 0x80u) { return bitcast<u32>(bitcast<i32>(b << 24u) >> 24u); }
  let s = le16(p + 1u);
  if (s != 0x8000u) { return bitcast<u32>(bitcast<i32>(s << 16u) >> 16u); }
  let w = le32(p + 3u);
  if (w != 0x80000000u) { return w; }
  return le32(p + 7u);
}
`;

/** Pass 1: leaders walk their clusters and mark covered bytes. One thread per 4 bytes. */
export const markWgsl = /* wgsl */ `${common}
@group(0) @binding(2) var<storage, read_write> cover: array<atomic<u32>>;

// i is certainly a start when no escape before it could reach it, taking every 0x80 in the 14 bytes before
// it as a possible escape start with its speculative length (exact if it is a start, harmless if not).
fn isLeader(i: u32) -> bool {
  let lo = select(0u, i - 14u, i >= 14u);
  for (var j = lo; j < i; j++) {
    if (byteAt(j) == 0x80u && j + elemLen(j) > i) { return false; }
  }
  return true;
}

// Marks bytes [a, b) as covered, one atomic per 32-bit word of the mask.
fn coverRange(a: u32, b: u32) {
  var q = a;
  loop {
    if (q >= b) { break; }
    let hi = min(b, ((q >> 5u) + 1u) << 5u);
    let nb = hi - q;
    var m = 0xffffffffu;
    if (nb < 32u) { m = ((1u << nb) - 1u) << (q & 31u); }
    atomicOr(&cover[q >> 5u], m);
    q = hi;
  }
}

fn walk(first: u32) {
  var p = first;
  loop {
    let len = elemLen(p);
    coverRange(p + 1u, min(p + len, P.nBytes));
    p += len;
    // Skip plain bytes; after 14 of them the next escape is a leader and belongs to another thread.
    var plain = 0u;
    loop {
      if (p >= P.nBytes || plain >= 14u) { return; }
      if (byteAt(p) == 0x80u) { break; }
      p++;
      plain++;
    }
    if (isLeader(p)) { return; }
  }
}

// Bytes [4·word − 16, 4·word + 12) held in registers: every leader test of a thread's 4 bytes reads only these.
struct MarkWin { w: array<u32, 7>, base: i32 }

fn markByte(win: ptr<function, MarkWin>, i: u32) -> u32 {
  let o = i32(i) - (*win).base;
  if (i >= P.nBytes) { return 0u; }
  return ((*win).w[u32(o) >> 2u] >> ((u32(o) & 3u) * 8u)) & 0xffu;
}
fn markLen(win: ptr<function, MarkWin>, p: u32) -> u32 {
  if (markByte(win, p) != 0x80u) { return 1u; }
  if ((markByte(win, p + 1u) | (markByte(win, p + 2u) << 8u)) != 0x8000u) { return 3u; }
  let w = markByte(win, p + 3u) | (markByte(win, p + 4u) << 8u) | (markByte(win, p + 5u) << 16u) | (markByte(win, p + 6u) << 24u);
  if (w != 0x80000000u) { return 7u; }
  return 15u;
}
fn isLeaderW(win: ptr<function, MarkWin>, i: u32) -> bool {
  let lo = select(0u, i - 14u, i >= 14u);
  for (var j = lo; j < i; j++) {
    if (markByte(win, j) == 0x80u && j + markLen(win, j) > i) { return false; }
  }
  return true;
}

@compute @workgroup_size(256)
fn mark(@builtin(global_invocation_id) g: vec3<u32>, @builtin(num_workgroups) n: vec3<u32>) {
  let word = g.x + g.y * n.x * 256u;
  if (word * 4u >= P.nBytes) { return; }
  let own = src[word];
  // Most words hold no escape at all: nothing to do.
  if (((own & 0xffu) != 0x80u) && (((own >> 8u) & 0xffu) != 0x80u) && (((own >> 16u) & 0xffu) != 0x80u) && ((own >> 24u) != 0x80u)) { return; }
  var win: MarkWin;
  win.base = i32(word * 4u) - 16;
  let last = i32(arrayLength(&src)) - 1;
  for (var k = 0; k < 7; k++) {
    let wi = i32(word) - 4 + k;
    win.w[k] = select(0u, src[u32(clamp(wi, 0, last))], wi >= 0);
  }
  for (var k = 0u; k < 4u; k++) {
    let i = word * 4u + k;
    if (i < P.nBytes && markByte(&win, i) == 0x80u && isLeaderW(&win, i)) { walk(i); }
  }
}
`;

const tile = /* wgsl */ `
const T = 16u;          // bytes per thread
const WG = 256u;        // threads per tile; a tile is WG*T bytes
@group(0) @binding(2) var<storage, read> cover: array<u32>;

var<workgroup> shared_: array<vec2<u32>, 256>;

// Exclusive scan of one vec2 per thread over the workgroup (Hillis-Steele, then shift); returns the prefix.
fn workgroupExclusive(lid: u32, v: vec2<u32>) -> vec2<u32> {
  shared_[lid] = v;
  workgroupBarrier();
  for (var off = 1u; off < WG; off <<= 1u) {
    var add = vec2<u32>(0u, 0u);
    if (lid >= off) { add = shared_[lid - off]; }
    workgroupBarrier();
    shared_[lid] += add;
    workgroupBarrier();
  }
  let inclusive = shared_[lid];
  workgroupBarrier();
  return inclusive - v;
}

// A thread's T bytes and the 14 after them (enough for an escape that starts at its last byte), read once
// into registers, with a bit per byte that starts an element.
struct Win { w: array<u32, 8>, starts: u32 }

fn loadWin(base: u32) -> Win {
  var r: Win;
  let w0 = base >> 2u;
  let last = arrayLength(&src) - 1u;
  for (var k = 0u; k < 8u; k++) { r.w[k] = src[min(w0 + k, last)]; }
  r.starts = 0u;
  if (base < P.nBytes) {
    r.starts = ~(cover[base >> 5u] >> (base & 31u)) & 0xffffu;
    let valid = P.nBytes - base;
    if (valid < T) { r.starts &= (1u << valid) - 1u; }
  }
  return r;
}
fn wb(win: ptr<function, Win>, o: u32) -> u32 { return ((*win).w[o >> 2u] >> ((o & 3u) * 8u)) & 0xffu; }
fn w16(win: ptr<function, Win>, o: u32) -> u32 { return wb(win, o) | (wb(win, o + 1u) << 8u); }
fn w32(win: ptr<function, Win>, o: u32) -> u32 { return w16(win, o) | (w16(win, o + 2u) << 16u); }

// deltaAt for the element starting at offset o of the window.
fn deltaW(win: ptr<function, Win>, o: u32) -> u32 {
  let b = wb(win, o);
  if (b != 0x80u) { return bitcast<u32>(bitcast<i32>(b << 24u) >> 24u); }
  let s = w16(win, o + 1u);
  if (s != 0x8000u) { return bitcast<u32>(bitcast<i32>(s << 16u) >> 16u); }
  let w = w32(win, o + 3u);
  if (w != 0x80000000u) { return w; }
  return w32(win, o + 7u);
}

// (number of starts, wrapped sum of deltas) over the window's T bytes.
fn windowTotals(win: ptr<function, Win>) -> vec2<u32> {
  var acc = vec2<u32>(0u, 0u);
  for (var k = 0u; k < T; k++) {
    if ((((*win).starts >> k) & 1u) != 0u) { acc += vec2<u32>(1u, deltaW(win, k)); }
  }
  return acc;
}
`;

/** Pass 2: per tile, count the starts and sum the deltas. */
export const reduceWgsl = /* wgsl */ `${common}${tile}
@group(0) @binding(3) var<storage, read_write> tileSums: array<vec2<u32>>;

@compute @workgroup_size(256)
fn reduce(@builtin(workgroup_id) w: vec3<u32>, @builtin(num_workgroups) n: vec3<u32>,
          @builtin(local_invocation_index) lid: u32) {
  let t = w.x + w.y * n.x;
  if (t >= P.nTiles) { return; }
  var win = loadWin(t * WG * T + lid * T);
  let v = windowTotals(&win);
  let ex = workgroupExclusive(lid, v);
  if (lid == WG - 1u) { tileSums[t] = ex + v; }
}
`;

/** Pass 3: exclusive scan of the tile totals, in place, by one workgroup. */
export const scanTilesWgsl = /* wgsl */ `
struct Params { nBytes: u32, nElems: u32, nTiles: u32, pad: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read_write> tileSums: array<vec2<u32>>;
var<workgroup> s: array<vec2<u32>, 256>;

@compute @workgroup_size(256)
fn scanTiles(@builtin(local_invocation_index) lid: u32) {
  let per = (P.nTiles + 255u) / 256u;
  let lo = min(lid * per, P.nTiles);
  let hi = min(lo + per, P.nTiles);
  var total = vec2<u32>(0u, 0u);
  for (var t = lo; t < hi; t++) { total += tileSums[t]; }
  s[lid] = total;
  workgroupBarrier();
  for (var off = 1u; off < 256u; off <<= 1u) {
    var add = vec2<u32>(0u, 0u);
    if (lid >= off) { add = s[lid - off]; }
    workgroupBarrier();
    s[lid] += add;
    workgroupBarrier();
  }
  var run = s[lid] - total;
  for (var t = lo; t < hi; t++) {
    let v = tileSums[t];
    tileSums[t] = run;
    run += v;
  }
}
`;

/** Pass 4: rescan each tile with its offset and scatter the running values to their output positions. */
export const scatterWgsl = /* wgsl */ `${common}${tile}
@group(0) @binding(3) var<storage, read> tileOffsets: array<vec2<u32>>;
@group(0) @binding(4) var<storage, read_write> out: array<u32>;

@compute @workgroup_size(256)
fn scatter(@builtin(workgroup_id) w: vec3<u32>, @builtin(num_workgroups) n: vec3<u32>,
           @builtin(local_invocation_index) lid: u32) {
  let t = w.x + w.y * n.x;
  if (t >= P.nTiles) { return; }
  var win = loadWin(t * WG * T + lid * T);
  let v = windowTotals(&win);
  let ex = workgroupExclusive(lid, v);
  var acc = tileOffsets[t] + ex;
  for (var k = 0u; k < T; k++) {
    if (((win.starts >> k) & 1u) != 0u) {
      acc.y += deltaW(&win, k);
      if (acc.x < P.nElems) { out[acc.x] = acc.y; }
      acc.x += 1u;
    }
  }
}
`;

/**
 * Pass 4, coalesced: as `scatter`, but each tile first collects its values in workgroup memory (≤ 4 096 of
 * them, 16 KiB) and then writes them out with neighbouring threads on neighbouring pixels. Needs 18 KiB of
 * workgroup memory; the decoder uses plain `scatter` on devices that allow less.
 */
export const scatterCoalescedWgsl = /* wgsl */ `${common}${tile}
@group(0) @binding(3) var<storage, read> tileOffsets: array<vec2<u32>>;
@group(0) @binding(4) var<storage, read_write> out: array<u32>;
var<workgroup> tileOut: array<u32, 4096>;
var<workgroup> tileCount: u32;

@compute @workgroup_size(256)
fn scatter(@builtin(workgroup_id) w: vec3<u32>, @builtin(num_workgroups) n: vec3<u32>,
           @builtin(local_invocation_index) lid: u32) {
  let t = w.x + w.y * n.x;
  if (t >= P.nTiles) { return; }
  var win = loadWin(t * WG * T + lid * T);
  let v = windowTotals(&win);
  let ex = workgroupExclusive(lid, v);
  if (lid == WG - 1u) { tileCount = ex.x + v.x; }
  let first = tileOffsets[t];
  var value = first.y + ex.y;
  var local = ex.x;
  for (var k = 0u; k < T; k++) {
    if (((win.starts >> k) & 1u) != 0u) {
      value += deltaW(&win, k);
      tileOut[local] = value;
      local += 1u;
    }
  }
  let count = workgroupUniformLoad(&tileCount);
  for (var k = lid; k < count; k += WG) {
    let o = first.x + k;
    if (o < P.nElems) { out[o] = tileOut[k]; }
  }
}
`;
