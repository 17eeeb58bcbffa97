/**
 * Larger-than-memory streaming: generates a chunked frame stack (HDF5 and Zarr v3) chunk by chunk in a temp
 * dir, streams it back slice by slice in a separate process, checks every frame, and bounds peak RSS.
 * The default run uses a small set (64 MiB) to keep the suite short; BEAMFLOW_BIG_GB=24 runs the real
 * larger-than-RAM check (about 10 minutes here). The data are deleted afterwards.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const gb = Number(process.env.BEAMFLOW_BIG_GB ?? '0.0625');
const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(process.env.BEAMFLOW_BIG_DIR ?? tmpdir(), 'bf-big-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function step(...args: string[]): Record<string, number | string> {
  const out = execFileSync(process.execPath, ['bin/run-ts.js', 'bench/scale/big-data.ts', ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 20 });
  const line = out.trim().split('\n').pop() ?? '{}';
  console.log(line);
  return JSON.parse(line) as Record<string, number | string>;
}

describe.each(['h5', 'zarr'])('%s stack of %s GiB streamed slice by slice', (format) => {
  it('reads back every frame exactly, with peak RSS bounded independently of the data size', () => {
    const g = step('gen', format, dir, String(gb));
    const s = step('stream', format, dir);
    expect(s.frames).toBe(g.frames);
    expect(s.mismatches).toBe(0);
    // h5wasm's wasm memory is a constant ~600 MB once loaded; beyond it only a few 4 MiB frames live.
    expect(s.maxRssMB as number).toBeLessThan((s.baseRssMB as number) + 400);
    rmSync(join(dir, format === 'h5' ? 'frames.h5' : 'frames.zarr'), { recursive: true, force: true });
  }, Math.max(120_000, gb * 60_000));
});
