import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readSession, readSessionBytes } from '../../src/session/log-reader.ts';
import { SessionWriter } from '../../src/session/log-writer.ts';

const dir = mkdtempSync(join(tmpdir(), 'bf-session-'));
const REPO = fileURLToPath(new URL('../../', import.meta.url));

function nanWithPayload(): number {
  const b = new Uint8Array([1, 0, 0, 0, 0, 0, 0xf8, 0x7f]);
  return new Float64Array(b.buffer)[0];
}

describe.each(['jsonl', 'msgpack'] as const)('session log (%s)', (encoding) => {
  it('round-trips events bit for bit, typed arrays and -0 included', () => {
    const file = join(dir, `rt.${encoding}`);
    let now = 1_000;
    const w = new SessionWriter(file, { encoding, clock: () => now, fsync: { kind: 'always' }, meta: { pipeline: 'xas' } });
    const arr = new Float64Array([1.5, -0, nanWithPayload(), Infinity]);
    const events = [
      { type: 'addItems', items: [{ id: 'a', name: 'A', entry: 'raw', data: { e: arr, img: { kind: 'image', rows: 1, cols: 2, data: new Uint16Array([3, 4]) } } }] },
      { type: 'setParams', ids: ['a'], transform: 'bkg', values: { rbkg: -0, kw: 2, e0: null, win: 'hanning', ks: [1, 2.5] } },
      { type: 'undo' },
    ];
    for (const e of events) { now += 7; w.append(e); }
    w.close();
    const log = readSession(file);
    expect(log.problems).toEqual([]);
    expect(log.header).toMatchObject({ format: 'beamflow-session', version: 1, encoding, t0: 1000, meta: { pipeline: 'xas' } });
    expect(log.records.map((r) => r.t)).toEqual([7, 14, 21]);
    const back = log.records.map((r) => r.event) as typeof events;
    const e0 = (back[0] as unknown as { items: [{ data: { e: Float64Array; img: { data: Uint16Array } } }] }).items[0].data;
    expect(e0.e).toBeInstanceOf(Float64Array);
    expect(new Uint8Array(e0.e.buffer)).toEqual(new Uint8Array(arr.buffer));
    expect(e0.img.data).toEqual(new Uint16Array([3, 4]));
    expect(Object.is((back[1] as { values: { rbkg: number } }).values.rbkg, -0)).toBe(true);
    expect(back[1]).toEqual(events[1]);
    expect(back[2]).toEqual({ type: 'undo' });
  });

  it('a file cut at any byte gives a prefix of the records and at most one problem', () => {
    const file = join(dir, `cut.${encoding}`);
    const w = new SessionWriter(file, { encoding, fsync: { kind: 'never' } });
    for (let i = 0; i < 20; i++) w.append({ type: 'appendData', id: 'x', data: { y: new Float64Array([i, i * 2]) } }, i);
    w.close();
    const bytes = readFileSync(file);
    const full = readSessionBytes(bytes, file).records;
    const head = join(dir, `head.${encoding}`);
    new SessionWriter(head, { encoding }).close();
    const headerEnd = statSync(head).size;
    for (let cut = headerEnd; cut <= bytes.length; cut += 3) {
      const log = readSessionBytes(bytes.subarray(0, cut), file);
      expect(log.problems.length).toBeLessThanOrEqual(1);
      expect(log.records).toEqual(full.slice(0, log.records.length));
      expect(log.records.length).toBeGreaterThanOrEqual(full.length - Math.ceil((bytes.length - cut) / 20) - 1);
    }
  });

  it('kill -9 of a recording child process loses at most the last incomplete record', async () => {
    const file = join(dir, `crash.${encoding}`);
    const child = spawn(process.execPath, [join(REPO, 'bin/run-ts.js'), join(REPO, 'tests/session/helpers/record-child.ts'), file], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (b: Buffer) => { if (b.toString().includes('ready')) resolve(); });
      child.on('exit', (code) => reject(new Error(`child exited early (${code})`)));
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    const log = readSession(file);
    expect(log.problems.length).toBeLessThanOrEqual(1);
    expect(log.records.length).toBeGreaterThanOrEqual(2000);
    log.records.forEach((r, i) => expect((r.event as { seq: number }).seq).toBe(i));
    const last = log.records[log.records.length - 1].event as { data: { energy: Float64Array } };
    expect(last.data.energy[1]).toBe(log.records.length - 1 + 0.5);
    expect(statSync(file).size).toBeGreaterThan(0);
  });
});

describe('bad logs', () => {
  it('a file that is not a session log is an error naming it', () => {
    const file = join(dir, 'not-a-log.jsonl');
    writeFileSync(file, '{"hello": 1}\n');
    expect(() => readSession(file)).toThrow(/not-a-log\.jsonl: not a beamflow session log/);
    expect(() => readSession(join(dir, 'missing.jsonl'))).toThrow(/missing\.jsonl: cannot read/);
  });
  it('a corrupt record in the middle is skipped and reported', () => {
    const file = join(dir, 'mid.jsonl');
    const w = new SessionWriter(file, { fsync: { kind: 'never' } });
    for (let i = 0; i < 3; i++) w.append({ type: 'select', ids: [String(i)] }, i);
    w.close();
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[2] = lines[2].slice(0, 5);
    writeFileSync(file, lines.join('\n'));
    const log = readSession(file);
    expect(log.records).toHaveLength(2);
    expect(log.problems).toEqual(['line 3: corrupt record skipped']);
  });
});
