import { describe, expect, it } from 'vitest';
import { mergeSpectra } from '../../src/kernels/xafs/merge.ts';
import { reduceSpectrum } from '../../src/kernels/xafs/reduce.ts';
import { preEdge } from '../../src/kernels/xafs/pre-edge.ts';
import { findE0 } from '../../src/kernels/xafs/find-e0.ts';
import { CHI_SPECTRA, REF, XANES_SPECTRA, maxAbs, maxDiff, readCsv, refParams } from './reference.ts';
import { MERGES, loadRaw } from './spectra.ts';

function input(name: string): { energy: Float64Array; mu: Float64Array } {
  const parents = MERGES[name];
  return parents ? mergeSpectra(parents.map(loadRaw)) : loadRaw(name);
}

describe('parity with larch 2026.3 from the raw files', () => {
  for (const name of [...CHI_SPECTRA, ...XANES_SPECTRA]) {
    it(name, () => {
      const ref = refParams(name);
      const mu = readCsv(`${REF}${name}_mu.csv`);
      const raw = input(name);
      // the readers and column expressions give larch's µ (merged µ within 1e-6)
      expect(raw.energy.length).toBe(ref.npts);
      expect(maxDiff(raw.energy, mu.energy)).toBe(0);
      expect(maxDiff(raw.mu, mu.mu) / maxAbs(mu.mu)).toBeLessThan(MERGES[name] ? 1e-6 : 1e-12);
      expect(findE0(raw.energy, raw.mu).e0).toBe(ref.find_e0);
      const pre = preEdge(raw.energy, raw.mu);
      const p = ref.pre_edge;
      expect([pre.e0, pre.pre1, pre.pre2, pre.norm1, pre.norm2, pre.nnorm, pre.ie0]).toEqual([p.e0, p.pre1, p.pre2, p.norm1, p.norm2, p.nnorm, p.ie0]);
      const scale = maxAbs(mu.norm);
      expect(maxDiff(pre.norm, mu.norm) / scale).toBeLessThan(1e-9);
      expect(maxDiff(pre.flat, mu.flat) / scale).toBeLessThan(1e-9);
      expect(maxDiff(pre.preEdge, mu.pre_edge) / maxAbs(mu.mu)).toBeLessThan(1e-9);
      expect(maxDiff(pre.postEdge, mu.post_edge) / maxAbs(mu.mu)).toBeLessThan(1e-9);
      expect(maxDiff(pre.dmude, mu.dmude) / maxAbs(mu.dmude)).toBeLessThan(1e-8);
      if (!ref.autobk) return;
      const red = reduceSpectrum(raw.energy, raw.mu, name);
      const a = ref.autobk;
      expect([red.bkg.nspl, red.bkg.irbkg, red.bkg.iek0, red.bkg.iemax]).toEqual([a.nspl, a.irbkg, a.iek0, a.iemax]);
      expect(red.bkg.kmax).toBeCloseTo(a.kmax, 12);
      expect(red.xftfKmax).toBe(ref.xftf?.kmax);
      const chi = readCsv(`${REF}${name}_chi.csv`);
      expect(red.bkg.k.length).toBe(chi.k.length);
      expect(maxDiff(red.bkg.chi, chi.chi) / maxAbs(chi.chi)).toBeLessThan(1e-5);
      expect(maxDiff(red.ft.kwin, chi.kwin)).toBeLessThan(1e-12);
      expect(maxDiff(red.bkg.bkg, mu.bkg) / maxAbs(mu.mu)).toBeLessThan(1e-5);
      const chir = readCsv(`${REF}${name}_chir.csv`);
      expect(red.ft.r.length).toBe(chir.r.length);
      expect(maxDiff(red.ft.r, chir.r)).toBeLessThan(1e-12);
      const rs = maxAbs(chir.chir_mag);
      expect(maxDiff(red.ft.chirMag, chir.chir_mag) / rs).toBeLessThan(1e-5);
      expect(maxDiff(red.ft.chirRe, chir.chir_re) / rs).toBeLessThan(1e-5);
      expect(maxDiff(red.ft.chirIm, chir.chir_im) / rs).toBeLessThan(1e-5);
    });
  }
});
