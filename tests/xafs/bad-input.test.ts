import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { loadSpectra } from '../../src/formats/xafs-load.ts';
import { isBeamflowError } from '../../src/graph/errors.ts';
import { reduceSpectrum } from '../../src/kernels/xafs/reduce.ts';
import { DATA, maxAbs, maxDiff } from './reference.ts';

/** Broken variants of the shared files are generated here, never committed. */
const dir = mkdtempSync(join(tmpdir(), 'beamflow-xafs-bad-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cuText = readFileSync(`${DATA}transmission/Cu_Foil_rt_2016Foils.xdi`, 'utf8');
const cuLines = cuText.split('\n');
const firstData = cuLines.findIndex((l) => /^\s*\d/.test(l));

function write(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

function withLines(f: (lines: string[]) => string[]): string {
  return f([...cuLines]).join('\n');
}

/** Loads and reduces; returns the BeamflowError message (or throws if something else was thrown). */
function failure(path: string, mu?: string): string {
  try {
    for (const s of loadSpectra(path, mu ? { mu } : {})) reduceSpectrum(s.energy, s.mu, s.file);
  } catch (e) {
    if (isBeamflowError(e, 'BadFile')) {
      expect(e.detail.file).toBe(path);
      return e.message;
    }
    throw e;
  }
  throw new Error(`${path}: no error`);
}

describe('bad input gives a clear error naming the file and the problem', () => {
  it('truncated file (last row cut mid-number)', () => {
    const p = write('truncated.xdi', cuText.trimEnd().replace(/\s+[\d.]+\s*$/, ''));
    expect(failure(p)).toMatch(/truncated\.xdi: line \d+: 2 values, expected 3 \(truncated file\?\)/);
  });
  it('truncated gzip', () => {
    const gz = readFileSync(`${DATA}transmission/cur-Cu-foil_EXAFS_23070.txt.gz`);
    const p = write('cut.txt.gz', gz.subarray(0, gz.length >> 1));
    expect(failure(p)).toMatch(/cut\.txt\.gz: corrupt gzip data/);
  });
  it('NaN in a column used for mu', () => {
    const p = write('nan.xdi', withLines((l) => {
      l[firstData + 16] = l[firstData + 16].replace(/^(\s*\S+\s+)\S+/, '$1nan');
      return l;
    }));
    expect(failure(p)).toMatch(/nan\.xdi: mu is NaN at row 17 \(energy 8959\)/);
  });
  it('text in a number', () => {
    const p = write('text.xdi', withLines((l) => {
      l[firstData + 5] = l[firstData + 5].replace(/^(\s*\S+\s+)\S+/, '$112O.5');
      return l;
    }));
    expect(failure(p)).toMatch(new RegExp(`text\\.xdi: line ${firstData + 6}: '12O\\.5' is not a number`));
  });
  it('missing column', () => {
    const p = write('noi0.xdi', cuText.replace('# Column.3: i0', '# Column.3: monitor'));
    expect(failure(p)).toMatch(/noi0\.xdi: missing column i0 for mu = ln\(i0\/itrans\) \(columns: energy, itrans, monitor\); give --mu EXPR/);
    const fixed = loadSpectra(p, { mu: 'ln(monitor/itrans)' })[0];
    expect(fixed.muExpr).toBe('ln(monitor/itrans)');
    expect(reduceSpectrum(fixed.energy, fixed.mu, p).pre.e0).toBe(8980.1);
  });
  it('unknown column in a --mu expression', () => {
    const p = write('expr.xdi', cuText);
    expect(failure(p, 'ln(i0/i9)')).toMatch(/expr\.xdi: mu expression 'ln\(i0\/i9\)': unknown column 'i9' \(columns: energy, itrans, i0\)/);
    expect(failure(p, 'ln(i0/')).toMatch(/expr\.xdi: mu expression 'ln\(i0\/': unexpected end of expression/);
  });
  it('fewer than 10 points', () => {
    const p = write('short.xdi', cuLines.slice(0, firstData + 8).join('\n'));
    expect(failure(p)).toMatch(/short\.xdi: only 8 points \(at least 10 are needed\)/);
  });
  it('no edge (flat, noisy µ)', () => {
    let seed = 7;
    const rnd = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647) - 0.5;
    const p = write('flat.xdi', withLines((l) => l.map((line, i) => {
      if (i < firstData || line.trim() === '') return line;
      const [e] = line.trim().split(/\s+/);
      return `${e} ${(100000 * (1 + 0.001 * rnd())).toFixed(2)} 100000`;
    })));
    expect(failure(p)).toMatch(/flat\.xdi: no absorption edge: edge step .* is within the pre-edge noise/);
  });
  it('empty and binary files', () => {
    expect(failure(write('empty.xdi', ''))).toMatch(/empty\.xdi: empty file/);
    expect(failure(write('bin.dat', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2])))).toMatch(/bin\.dat: binary data, not a text file/);
    expect(failure(join(dir, 'absent.xdi'))).toMatch(/absent\.xdi: no such file/);
    expect(failure(write('header.xdi', cuLines.slice(0, firstData).join('\n')))).toMatch(/header\.xdi: no data rows/);
  });
});

describe('documented repairs', () => {
  const good = loadSpectra(`${DATA}transmission/Cu_Foil_rt_2016Foils.xdi`)[0];
  const ref = reduceSpectrum(good.energy, good.mu, 'good');

  it('non-monotonic energies are sorted and give the same result', () => {
    const p = write('swapped.xdi', withLines((l) => {
      const a = firstData + 200;
      [l[a], l[a + 1]] = [l[a + 1], l[a]];
      [l[firstData + 3], l[firstData + 50]] = [l[firstData + 50], l[firstData + 3]];
      return l;
    }));
    const s = loadSpectra(p)[0];
    const r = reduceSpectrum(s.energy, s.mu, p);
    expect(r.repairs).toContain('energies were not increasing: sorted by energy');
    expect(maxDiff(r.energy, ref.energy)).toBe(0);
    expect(maxDiff(r.bkg.chi, ref.bkg.chi)).toBe(0);
  });
  it('a duplicated energy row is nudged apart as larch remove_dups does', () => {
    const p = write('dup.xdi', withLines((l) => {
      l.splice(firstData + 300, 0, l[firstData + 300]);
      return l;
    }));
    const s = loadSpectra(p)[0];
    const r = reduceSpectrum(s.energy, s.mu, p);
    expect(r.repairs.join()).toMatch(/1 repeated energies nudged apart/);
    expect(r.energy[301] - r.energy[300]).toBeCloseTo(0.0005, 12);
    expect(r.pre.e0).toBe(ref.pre.e0);
    expect(maxDiff(r.ft.chirMag, ref.ft.chirMag) / maxAbs(ref.ft.chirMag)).toBeLessThan(0.02);
  });
  it('gzip of a file reads the same as the file', () => {
    const p = write('cu.xdi.gz', gzipSync(cuText));
    const s = loadSpectra(p)[0];
    expect(s.name).toBe('cu');
    expect(maxDiff(s.mu, good.mu)).toBe(0);
  });
});
