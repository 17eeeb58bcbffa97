#!/usr/bin/env python3
"""Writes bench/RESULTS-gpu.md from the device runs kept in bench/gpu/runs (latest run = main table; runs 2-5,
which share the current upload path, give the range). Usage: python3 bench/gpu/write-results.py"""
import json, os
here = os.path.dirname(os.path.abspath(__file__))
runs = {n: json.load(open(f'{here}/runs/h200-run{n}.json')) for n in (1, 2, 3, 4, 5)}
latest = runs[5]
GPU = 'NVIDIA H200'

def rows(r): return {x['what']: x for x in r['rows']}
def val(r, prefix):
    for k, v in rows(r).items():
        if k.startswith(prefix): return v['value']
    return None
def fmt(v):
    if v is None: return '—'
    return f"{v:.0f}" if v >= 100 else (f"{v:.1f}" if v >= 10 else f"{v:.2f}")
def rng(prefix):
    vs = [val(runs[n], prefix) for n in (2, 3, 4, 5)]
    vs = [v for v in vs if v is not None]
    return f"{fmt(min(vs))} – {fmt(max(vs))}" if vs else '—'

CH = 'whole chain: payload → decode → integrate (CSR bbox) → pattern, '
L = []
L += ['# GPU results (WebGPU through Dawn, measured on an NVIDIA H200)', '']
L += [f"Latest run {latest['date'][:16].replace('T', ' ')} UTC on the lent accelerator machine: **{GPU}** (143 GB HBM3e, PCIe 5.0 x16, "
      "driver 580.159.04; Dawn's Vulkan backend from the npm package `webgpu` 0.6.2; Node 20), 16-core Xeon host. "
      "Command: `bash bench/gpu/prepare-device.sh` here, then `bash bench/gpu/device-run.sh` there with carry `.gpubench`, `.gl` "
      "(docs/gpu.md). Data: the real fabio-written Pilatus 2M frames 100, 101, 102 and 0 of ../shared/data/xrd (1679 × 1475 int32, "
      "2.5-3.2 MB compressed, 2.94 MB mean), cycled from memory; integration plan from the real geometry (pilatus2m_87keV.poni, mask), "
      "2000 bins in 2θ, bbox splitting (7.57 M non-zeros), solid angle, polarization 0.99. Raw output of each run: bench/gpu/runs/. "
      "Runs 2-5 share the current upload path and differ only in small decoder changes (table at the end); each ran on a freshly lent machine, "
      "and even code that did not change between them (the CSR product, the CPU baselines) moved by 5-15 % (the CPU baselines up to 2.5×), so the "
      "range over runs 2-5 is given beside the latest value.", '']
L += ['## Headline (issue 7: ≥ 1000 frames/s for in-memory frames → decode → integrate on one H200)', '']
L += ['| GPU | what | frames/s (latest) | runs 2-5 |', '| --- | --- | ---: | ---: |']
L += [f"| {GPU} | decode only (CBF byte-offset in WGSL; 4 of 4 frames bit-identical to the CPU decoder) | {fmt(val(latest, 'decode, kernels only'))} | {rng('decode, kernels only')} |"]
L += [f"| {GPU} | integrate only (CSR bbox, 2000 bins, frame already on the GPU) | {fmt(val(latest, 'integrate, WGSL CSR bbox'))} | {rng('integrate, WGSL CSR bbox')} |"]
for n in (1, 4, 16):
    p = f'{CH}{n} in flight, mapped'
    L += [f"| {GPU} | whole chain, {n} frame{'s' if n > 1 else ''} in flight (payload up, decode, integrate, pattern back) | {fmt(val(latest, p))} | {rng(p)} |"]
p = f'{CH}16 in flight, writeBuffer'
L += [f"| {GPU} | whole chain, 16 in flight, payload through queue.writeBuffer instead of a mapped staging buffer | {fmt(val(latest, p))} | {rng(p)} |"]
L += [f"| CPU of the same host, 1 thread | decode (TypeScript `decodeByteOffsetInt32`) | {fmt(val(latest, 'CPU (this host, one thread): decode'))} | {rng('CPU (this host, one thread): decode')} |"]
L += [f"| CPU of the same host, 1 thread | integrate (TypeScript `integrate1d`, CSR bbox) | {fmt(val(latest, 'CPU (this host, one thread): integrate'))} | {rng('CPU (this host, one thread): integrate')} |"]
L += ['', 'Every chain run checks its patterns against CPU decode + `integrate1d`: 2.4e-7 relative at most (float32 sums on the GPU, float64 on the CPU). '
      'For scale: the paper this project follows reached 253 frames/s (Titan-X, OpenCL) and 28 frames/s sequentially on a CPU.', '']
pd = 2.94e6
h2d_w, h2d_m = val(latest, 'host → GPU, 3.0 MB chunks, queue.writeBuffer'), val(latest, 'host → GPU, 3.0 MB chunks, mapped')
dev = val(latest, 'GPU memory, WGSL copy kernel')
dec, integ = val(latest, 'decode, kernels only'), val(latest, 'integrate, WGSL CSR bbox')
gpu_fps = 1 / (1 / dec + 1 / integ)
passes = {p: val(latest, f'decode pass {p} alone') for p in ('mark', 'reduce', 'scanTiles', 'scatter')}
L += ['## Bounds (estimates, H200)', '']
L += [f"- **PCIe.** A frame sends only its compressed payload up (2.94 MB) and 32 KB of bin sums back. PCIe 5.0 x16 (64 GB/s nominal, ~50 usable) "
      f"would allow ≈ 17 000 frames/s. Node + Dawn get far less across: 3 MB chunks written into mapped staging buffers by one host thread move at "
      f"{fmt(h2d_m)} GB/s (runs 2-5: {rng('host → GPU, 3.0 MB chunks, mapped')}) → ≈ {fmt(h2d_m * 1e9 / pd)} frames/s; through `queue.writeBuffer`, which copies "
      f"once more inside Dawn, {fmt(h2d_w)} GB/s → ≈ {fmt(h2d_w * 1e9 / pd)} frames/s, which is where the first run's chain stalled "
      f"({fmt(val(runs[1], CH + '16 in flight'))} frames/s, bench/gpu/runs/h200-run1.json). The mapped path is the default."]
L += [f"- **GPU memory.** A WGSL copy kernel moves {fmt(dev)} GB/s (read + write; 4.8 TB/s nominal). A frame touches ≈ 100 MB: decode ≈ 19 MB "
      "(payload read by three passes, covered-byte mask, 9.9 MB of int32 pixels written) and the CSR product ≈ 80 MB (8 bytes per non-zero, "
      f"pixel and norm gathers) → bound ≈ {fmt(dev * 1e9 / 99.7e6)} frames/s (≈ 48 000 at the nominal bandwidth)."]
L += [f"- **Where the chain sits.** GPU time per frame is decode ({1e6 / dec:.0f} µs) + integration ({1e6 / integ:.0f} µs) → ≈ {fmt(gpu_fps)} frames/s, "
      f"about what the chain reaches ({fmt(val(latest, CH + '4 in flight, mapped'))}-{fmt(val(latest, CH + '16 in flight, mapped'))} frames/s with 4-16 frames in flight; frames in flight overlap part of the per-pass barriers): "
      "it is bound by the decoder's kernels, with one host thread's payload copies close behind. "
      f"The decoder's passes alone: mark {fmt(passes['mark'])} µs (with the mask clear; the escape walks and their atomics), reduce {fmt(passes['reduce'])} µs, "
      f"scanTiles {fmt(passes['scanTiles'])} µs, scatter {fmt(passes['scatter'])} µs (118 µs in run 4, before its writes were staged in workgroup memory and coalesced). "
      f"It moves ≈ {19e6 * dec / 1e9:.0f} GB/s: latency-bound, far from the memory bound; the CSR product runs at ≈ {80e6 * integ / 1e12:.2f} TB/s (gather-bound)."]
L += ['', '## gpu.js 2.24 against hand-written WGSL, and the other kernels', '']
L += ['| GPU | what | latest | runs 2-5 | unit |', '| --- | --- | ---: | ---: | --- |']
for k in ['integrate per call from host memory, WGSL CSR bbox', 'integrate per call from host memory, gpu.js 2.24', 'integrate, WGSL CSR no split',
          'integrate, WGSL histogram', 'χ(R) (xftf, nfft 2048) of 20000', 'χ(R) (xftf) one spectrum']:
    for w, r in rows(latest).items():
        if w.startswith(k):
            who = 'CPU of the same host, 1 thread' if w.startswith('χ(R) (xftf) one') else GPU
            L += [f"| {who} | {w} ({r['note']}) | {fmt(r['value'])} | {rng(k)} | {r['unit']} |"]
L += ['']
L += ["- **gpu.js vs WGSL.** The CSR product fits gpu.js's kernel model (one output cell per thread, a loop over the row) and runs in its `webgpu` mode "
      "on Dawn, but per call from host memory it is about half as fast as the WGSL kernel on the same work: gpu.js converts every frame to float32 on the "
      "host and uploads it, and its float32 indices limit plans to 2^24 pixels. The decoder cannot be written in it (prefix sums, atomics, "
      "data-dependent output positions), and gpu.js takes GPU-resident inputs only from its own kernels (on the device it acquires itself), so with "
      "gpu.js a decoded frame would have to come back to the host and go up again. **Kept: WGSL** for decode, integration and FFT; gpu.js stays "
      "registered as the second GPU backend of integration (registry order WGSL → gpu.js → workers → TypeScript)."]
L += ["- **Histogram vs CSR.** The atomic histogram (float adds as compare-exchange loops: WGSL has integer atomics only) needs no plan beyond a bin "
      "index per pixel, but it is ~5× slower than CSR on the same no-split plan; CSR is the default."]
L += ["- **χ(R).** 20 000 spectra (321 points on the k grid, nfft 2048) in one batch, upload and read-back included, against one CPU thread running "
      "the TypeScript xftf; error 9e-8 of the peak."]
L += ['', '## Full table of the latest run', '']
L += [open(f'{here}/runs/h200-run5.md').read().strip().replace('nvidia nvidia-h200 NVIDIA: 580.159.04 580.159.4.0', GPU)]
L += ['', '## Runs', '']
L += ['| run | code | chain 1 / 4 / 16 in flight (frames/s) | decode | integrate bbox |', '| --- | --- | --- | ---: | ---: |']
notes = {1: 'queue.writeBuffer upload; decoder walking whole escape clusters', 2: 'mapped staging upload; short walks', 3: '+ reduce/scatter read bytes into registers',
         4: '+ mark reads its window into registers', 5: '+ coalesced scatter through workgroup memory (latest)'}

for n in (1, 2, 3, 4, 5):
    r = runs[n]
    c = ' / '.join(fmt(val(r, f'{CH}{k} in flight')) for k in (1, 4, 16))
    L += [f"| {n} ({GPU}) | {notes[n]} | {c} | {fmt(val(r, 'decode, kernels only'))} | {fmt(val(r, 'integrate, WGSL CSR bbox'))} |"]
L += ['', 'The CSR kernel was the same in all five runs: its 6 248 frames/s in run 1 against ~11 000 later is machine-to-machine variance.']
open(os.path.join(here, '..', 'RESULTS-gpu.md'), 'w').write('\n'.join(L) + '\n')
