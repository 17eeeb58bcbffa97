import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/commands/replay.ts';
import { createEngine } from '../../src/graph/index.ts';
import { recordSession } from '../../src/session/record.ts';
import { rawPipeline } from '../../src/session/pipelines.ts';
import { APS_SCAN, SIM_IMG } from '../streams/fixtures.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'bf-replay-cli-'));

function cli(...args: string[]): { code: number; out: string[]; err: string } {
  const r = spawnSync(process.execPath, [join(REPO, 'bin/beamflow.js'), 'replay', ...args], { cwd: REPO, encoding: 'utf8' });
  return { code: r.status ?? -1, out: r.stdout.trim().split('\n'), err: r.stderr };
}

/** The command in this process (fast); the spawned tests above check the real entry point. */
async function inProcess(...args: string[]): Promise<{ code: number; out: string[]; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((m: string) => { out.push(m); });
  const error = vi.spyOn(console, 'error').mockImplementation((m: string) => { err.push(m); });
  try {
    const code = await run(args);
    return { code, out: out.join('\n').split('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe('beamflow replay', () => {
  it('--instant --summary on the real APS scan (spawned CLI): last line is the JSON counts', () => {
    const r = cli(APS_SCAN, '--instant', '--summary');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out.at(-1)!);
    expect(Object.keys(s).slice(0, 3)).toEqual(['documents', 'events', 'items']);
    expect(s).toMatchObject({ documents: { start: 1, descriptor: 2, event_page: 185, stop: 1 }, events: 185, items: 1, problems: 0 });
  });
  it('the simulated run with unreadable external frames: 3 failed items, problems on stderr', async () => {
    const r = await inProcess(SIM_IMG, '--instant', '--summary');
    const s = JSON.parse(r.out.at(-1)!);
    expect(s).toMatchObject({ documents: { start: 1, descriptor: 1, resource: 1, datum_page: 1, event_page: 3, stop: 1 }, events: 3, items: 3, nodes: { raw: { failed: 3 } } });
    expect(r.err).toContain('/tmp/tmpp5_kcw9q/f48217_0.npy: cannot read');
  });
  it('--speed replays in real time (the 12 ms simulated run at speed 1)', async () => {
    const r = await inProcess(SIM_IMG, '--speed', '1', '--summary');
    expect(JSON.parse(r.out.at(-1)!).events).toBe(3);
  });
  it('a recorded session log replays to the same items', async () => {
    const file = join(dir, 'session.jsonl');
    const engine = createEngine(rawPipeline);
    const rec = recordSession(engine, file, { meta: { pipeline: 'raw' } });
    engine.addItem({ id: 'a', name: 'A', entry: 'raw', data: { x: new Float64Array([1, 2]) } });
    engine.appendData('a', { x: new Float64Array([3]) });
    engine.addItem({ id: 'b', name: 'B', entry: 'raw', data: { x: new Float64Array([1]) } });
    engine.undo();
    await engine.settled();
    rec.stop();
    await engine.close();
    const r = await inProcess(file, '--instant', '--summary');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out.at(-1)!)).toMatchObject({ documents: { addItems: 2, appendData: 1, undo: 1 }, events: 4, items: 1, kind: 'session' });
  });
  it('bad arguments and bad files give clear errors', async () => {
    expect((await inProcess()).err).toMatch(/FILE is missing/);
    expect((await inProcess(APS_SCAN, '--speed', '0')).err).toMatch(/--speed must be a positive number/);
    expect((await inProcess(APS_SCAN, '--speed', '2', '--instant')).err).toMatch(/exclude each other/);
    expect((await inProcess(APS_SCAN, '--map', 'energy')).err).toMatch(/--map expects COL=KEY/);
    const junk = join(dir, 'junk.bin');
    writeFileSync(junk, 'hello');
    const r = await inProcess(junk, '--instant');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/junk\.bin: neither a beamflow session log nor a recorded bluesky run/);
  });
});

describe('replay from the API', () => {
  it('an AbortSignal stops a real-time replay where it is', async () => {
    const { replayFile } = await import('../../src/session/replay-file.ts');
    const ac = new AbortController();
    const seen: string[] = [];
    setTimeout(() => ac.abort(), 1500);
    const t0 = Date.now();
    const { summary, engine } = await replayFile(APS_SCAN, { pace: { kind: 'speed', speed: 10 }, signal: ac.signal, onEvent: (e) => seen.push(e.type) });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(summary.items).toBe(1);
    expect(summary.events).toBeLessThan(185);
    expect(seen[0]).toBe('addItems');
    await engine.close();
  });
});
