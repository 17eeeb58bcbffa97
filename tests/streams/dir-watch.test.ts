import { mkdtempSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, take, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { DirView } from '../../src/streams/dir-view.ts';
import { watchDirectory, type DirEvent } from '../../src/streams/dir-watch.ts';
import { fileItems } from '../../src/streams/file-items.ts';

/** An in-memory folder whose files a test grows at chosen virtual times. */
class FakeDir implements DirView {
  readonly files = new Map<string, Uint8Array>();
  write(name: string, text: string): void {
    const old = this.files.get(name) ?? new Uint8Array(0);
    const add = new TextEncoder().encode(text);
    const next = new Uint8Array(old.length + add.length);
    next.set(old);
    next.set(add, old.length);
    this.files.set(name, next);
  }
  list() { return [...this.files].map(([name, b]) => ({ name, size: b.length })); }
  read(path: string, start: number, end: number) { return this.files.get(path.split('/').pop()!)!.slice(start, end); }
}

const ts = () => new TestScheduler((a, e) => expect(a).toEqual(e));
const short = (e: DirEvent) => (e.kind === 'complete' ? `done ${e.name}` : `grow ${e.name} ${new TextDecoder().decode(e.bytes).trim().replace(/\n/g, '|')}`);

describe('directory watch in virtual time', () => {
  it('a file enters once its size is stable for 2 polls; the pattern filters', () => {
    const s = ts();
    const dir = new FakeDir();
    const seen: string[] = [];
    s.run(({ flush }) => {
      const sub = watchDirectory('/d', { pattern: '*.xdi', pollMs: 10, scheduler: s, view: dir }).subscribe((e) => seen.push(`${s.now()} ${short(e)}`));
      s.schedule(() => dir.write('a.xdi', '1 2\n'), 5);
      s.schedule(() => dir.write('notes.txt', 'x'), 5);
      s.schedule(() => dir.write('a.xdi', '3 4\n'), 15);
      s.schedule(() => sub.unsubscribe(), 100);
      flush();
    });
    // seen at 10 (size 4), 20 (size 8), stable at 30 and 40
    expect(seen).toEqual(['40 done a.xdi']);
  });
  it('a closing marker completes a file at once; markers are not items', () => {
    const s = ts();
    const dir = new FakeDir();
    const seen: string[] = [];
    s.run(({ flush }) => {
      const sub = watchDirectory('/d', { marker: (n) => `${n}.done`, pollMs: 10, scheduler: s, view: dir }).subscribe((e) => seen.push(`${s.now()} ${short(e)}`));
      s.schedule(() => dir.write('f1.cbf', 'xxxx'), 1);
      s.schedule(() => dir.write('f1.cbf.done', ''), 31);
      s.schedule(() => sub.unsubscribe(), 60);
      flush();
    });
    expect(seen).toEqual(['40 done f1.cbf']);
  });
  it('every Nth file, in arrival order', () => {
    const s = ts();
    const dir = new FakeDir();
    const seen: string[] = [];
    s.run(({ flush }) => {
      const sub = watchDirectory('/d', { everyNth: 3, stablePolls: 1, pollMs: 10, scheduler: s, view: dir }).subscribe((e) => seen.push(short(e)));
      for (let i = 0; i < 7; i++) s.schedule(() => dir.write(`f${i}`, 'x'), 1 + 10 * i);
      s.schedule(() => sub.unsubscribe(), 200);
      flush();
    });
    expect(seen).toEqual(['done f0', 'done f3', 'done f6']);
  });
  it('a growing scan file extends its item point by point', () => {
    const s = ts();
    const dir = new FakeDir();
    const events: unknown[] = [];
    s.run(({ flush }) => {
      const sub = watchDirectory('/d', { growing: true, pollMs: 10, scheduler: s, view: dir })
        .pipe(fileItems({ entry: 'raw', rename: { E: 'energy' } }))
        .subscribe((e) => events.push(e));
      s.schedule(() => dir.write('scan.dat', '# E i0 it\n8900 1 0.5\n89'), 1);
      s.schedule(() => dir.write('scan.dat', '10 1 0.4\n8920 1 0.3\n'), 11);
      s.schedule(() => dir.write('scan.dat', '8930 1'), 21);
      s.schedule(() => dir.write('scan.dat', ' 0.2\n'), 31);
      s.schedule(() => sub.unsubscribe(), 100);
      flush();
    });
    expect(events).toEqual([
      { type: 'addItems', items: [{ id: 'file-scan.dat', name: 'scan.dat', entry: 'raw', source: { kind: 'file', path: '/d/scan.dat' }, data: { energy: new Float64Array([8900]), i0: new Float64Array([1]), it: new Float64Array([0.5]) } }] },
      { type: 'appendData', id: 'file-scan.dat', data: { energy: new Float64Array([8910, 8920]), i0: new Float64Array([1, 1]), it: new Float64Array([0.4, 0.3]) } },
      { type: 'appendData', id: 'file-scan.dat', data: { energy: new Float64Array([8930]), i0: new Float64Array([1]), it: new Float64Array([0.2]) } },
    ]);
  });
  it('whole files go through the loader; a loader error names the file', () => {
    const s = ts();
    const dir = new FakeDir();
    const events: unknown[] = [];
    const problems: string[] = [];
    s.run(({ flush }) => {
      const sub = watchDirectory('/d', { stablePolls: 1, pollMs: 10, scheduler: s, view: dir })
        .pipe(fileItems({ entry: 'raw', load: (p) => { if (p.endsWith('bad')) throw new Error('truncated'); return { y: new Float64Array([1]) }; }, onProblem: (f, p) => problems.push(`${f}: ${p}`) }))
        .subscribe((e) => events.push(e));
      s.schedule(() => { dir.write('good', '1'); dir.write('bad', '1'); }, 1);
      s.schedule(() => sub.unsubscribe(), 50);
      flush();
    });
    expect(events).toHaveLength(1);
    expect(problems).toEqual(['/d/bad: truncated']);
  });
});

describe('directory watch on the real file system', () => {
  it('sees a file written in a temporary folder', async () => {
    const d = mkdtempSync(join(tmpdir(), 'bf-watch-'));
    writeFileSync(join(d, 'scan1.dat'), '# x y\n1 2\n');
    appendFileSync(join(d, 'scan1.dat'), '2 3\n');
    const events = await firstValueFrom(watchDirectory(d, { growing: true, pollMs: 20 }).pipe(take(2), toArray()));
    expect(events.map((e) => e.kind)).toEqual(['grow', 'complete']);
    expect(events[1]).toMatchObject({ name: 'scan1.dat', size: 14 });
  });
  it('a missing folder is an error naming it', async () => {
    await expect(firstValueFrom(watchDirectory('/no/such/dir', { pollMs: 10 }))).rejects.toThrow(/\/no\/such\/dir: cannot list/);
  });
});

describe('directory watch into the XAFS pipeline', () => {
  it('XDI files copied into a watched folder become XAFS items with their µ expression', async () => {
    const { copyFileSync, mkdtempSync: mk } = await import('node:fs');
    const { fileURLToPath } = await import('node:url');
    const { createEngine } = await import('../../src/graph/index.ts');
    const { xasPipeline } = await import('../../src/pipelines/xas.ts');
    const { xasItemsFromFile } = await import('../../src/pipelines/xas-items.ts');
    const xafs = fileURLToPath(new URL('../../../shared/data/xafs/', import.meta.url));
    const d = mk(join(tmpdir(), 'bf-watch-xas-'));
    const engine = createEngine(xasPipeline);
    const problems: string[] = [];
    const sub = watchDirectory(d, { pattern: '*.xdi', pollMs: 20, stablePolls: 1 })
      .pipe(fileItems({ entry: 'raw', loadItems: (p) => xasItemsFromFile(p), onProblem: (f, p) => problems.push(`${f}: ${p}`) }))
      .subscribe((e) => engine.apply(e));
    copyFileSync(`${xafs}transmission/Cu_Foil_rt_2016Foils.xdi`, join(d, 'cu.xdi'));
    writeFileSync(join(d, 'broken.xdi'), '# XDI/1.0\n# Column.1: energy\n1 2 3\nnot numbers\n');
    copyFileSync(`${xafs}transmission/Fe_Foil_rt_2016Foils.xdi`, join(d, 'fe.xdi'));
    const until = Date.now() + 10_000;
    while (engine.document.items.size < 3 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    await engine.settled();
    sub.unsubscribe();
    expect([...engine.document.items.keys()].sort()).toEqual(['file-broken.xdi', 'file-cu.xdi', 'file-fe.xdi']);
    expect(engine.state('norm', 'file-cu.xdi')?.status).toBe('ok');
    expect(engine.state('norm', 'file-fe.xdi')?.status).toBe('ok');
    expect(engine.state('raw', 'file-broken.xdi')?.status).toBe('failed');
    expect(problems.join('\n')).toMatch(/broken\.xdi/);
    await engine.close();
  });
});
