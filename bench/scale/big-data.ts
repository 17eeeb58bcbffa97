/**
 * Larger-than-memory check: generates a chunked stack of 1024×1024 uint32 frames (HDF5 or Zarr v3) chunk
 * by chunk, then streams it back slice by slice, verifying every frame, and reports throughput and peak RSS.
 *   node bin/run-ts.js bench/scale/big-data.ts gen    h5|zarr DIR GB
 *   node bin/run-ts.js bench/scale/big-data.ts stream h5|zarr DIR
 * Prints one JSON line. Each step runs in its own process so its peak RSS is its own; each format's reader
 * is imported only when used (h5wasm alone takes ~600 MB of RSS when loaded, a constant).
 */
import { join } from 'node:path';
import { lastValueFrom, reduce } from 'rxjs';
import { mapSlices, type SliceSource } from '../../src/formats/chunked/source.ts';
import { isImage2D } from '../../src/graph/types.ts';

const ROWS = 1024;
const COLS = 1024;
const PER = ROWS * COLS;
const BATCH = 8; // frames per write call (32 MiB)

function fill(out: Uint32Array, frame: number): void {
  const a = Math.imul(frame, 2654435761) >>> 0;
  for (let j = 0; j < PER; j++) out[j] = (a + Math.imul(j, 40503)) >>> 0;
}

function checksum(d: ArrayLike<number>): number {
  let s = 0;
  for (let j = 0; j < d.length; j += 97) s = (s * 31 + d[j]) % 4294967291;
  return s;
}

const maxRssMB = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

async function gen(format: string, dir: string, gb: number): Promise<object> {
  const frames = Math.max(BATCH, Math.round((gb * 2 ** 30) / (PER * 4) / BATCH) * BATCH);
  const buf = new Uint32Array(PER * BATCH);
  const t0 = performance.now();
  if (format === 'h5') {
    const { createH5Writer } = await import('../../src/formats/chunked/h5.ts');
    const w = await createH5Writer(join(dir, 'frames.h5'), { dataset: '/entry/data', sliceShape: [ROWS, COLS], dtype: 'uint32', total: frames });
    for (let i = 0; i < frames; i += BATCH) {
      for (let k = 0; k < BATCH; k++) fill(buf.subarray(k * PER, (k + 1) * PER), i + k);
      w.append(buf, BATCH);
    }
    w.close();
  } else {
    const { createZarrWriter } = await import('../../src/formats/chunked/zarr.ts');
    const w = await createZarrWriter(join(dir, 'frames.zarr'), { sliceShape: [ROWS, COLS], dtype: 'uint32', total: frames });
    for (let i = 0; i < frames; i++) {
      fill(buf.subarray(0, PER), i);
      await w.write(i, buf.subarray(0, PER));
    }
  }
  const s = (performance.now() - t0) / 1000;
  return { step: 'gen', format, frames, gib: (frames * PER * 4) / 2 ** 30, seconds: s, mibPerS: (frames * PER * 4) / 2 ** 20 / s, maxRssMB: maxRssMB() };
}

async function stream(format: string, dir: string): Promise<object> {
  const src: SliceSource =
    format === 'h5'
      ? await (await import('../../src/formats/chunked/h5.ts')).openH5Source(join(dir, 'frames.h5'), '/entry/data')
      : await (await import('../../src/formats/chunked/zarr.ts')).openZarrSource(join(dir, 'frames.zarr'));
  const baseRssMB = Math.round(process.memoryUsage().rss / 2 ** 20);
  const expect = new Uint32Array(PER);
  const t0 = performance.now();
  let rssSamples = 0;
  const result = await lastValueFrom(
    mapSlices(src, async ({ index, value }) => {
      if (!isImage2D(value) || value.rows !== ROWS) throw new Error(`frame ${index}: bad shape`);
      fill(expect, index);
      if (index % 500 === 0) rssSamples = Math.max(rssSamples, process.memoryUsage().rss);
      return checksum(value.data) === checksum(expect) ? 0 : 1;
    }, { concurrency: 2 }).pipe(reduce((acc, bad) => ({ frames: acc.frames + 1, mismatches: acc.mismatches + bad }), { frames: 0, mismatches: 0 })),
  );
  const s = (performance.now() - t0) / 1000;
  const gib = (result.frames * PER * 4) / 2 ** 30;
  return { step: 'stream', format, ...result, gib, seconds: s, mibPerS: (gib * 1024) / s, baseRssMB, maxRssMB: maxRssMB(), sampledRssMB: Math.round(rssSamples / 2 ** 20) };
}

const [step, format, dir, gb] = process.argv.slice(2);
if (!['gen', 'stream'].includes(step ?? '') || !['h5', 'zarr'].includes(format ?? '') || !dir) {
  console.error('usage: big-data.ts gen|stream h5|zarr DIR [GB]');
  process.exit(2);
}
const out = step === 'gen' ? await gen(format, dir, Number(gb ?? 1)) : await stream(format, dir);
console.log(JSON.stringify(out));
