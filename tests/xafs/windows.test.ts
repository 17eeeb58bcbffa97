import { describe, expect, it } from 'vitest';
import { ftwindow, windowName, type WindowName } from '../../src/kernels/xafs/ftwindow.ts';
import { xftf, xftr } from '../../src/kernels/xafs/xftf.ts';
import { REF, maxAbs, maxDiff, readCsv } from './reference.ts';

const win = readCsv(`${REF}windows_k0-20.csv`);
const CASES: [string, WindowName, number, number, number, number][] = [
  ['hanning_dk1', 'hanning', 3, 12, 1, 1],
  ['parzen_dk1', 'parzen', 3, 12, 1, 1],
  ['welch_dk1', 'welch', 3, 12, 1, 1],
  ['sine_dk1', 'sine', 3, 12, 1, 1],
  ['kaiser_dk1', 'kaiser', 3, 12, 1, 1],
  ['gaussian_dk1', 'gaussian', 3, 12, 1, 1],
  ['hanning_dk2_dk2b3', 'hanning', 3, 12, 2, 3],
  ['parzen_dk2_dk2b3', 'parzen', 3, 12, 2, 3],
  ['welch_dk2_dk2b3', 'welch', 3, 12, 2, 3],
  ['sine_dk2_dk2b3', 'sine', 3, 12, 2, 3],
  ['kaiser_dk4', 'kaiser', 3, 12, 4, 4],
  ['gaussian_dk3', 'gaussian', 3, 12, 3, 3],
  ['hanning_autobk_kmin0_kmax12.95_dk0.1', 'hanning', 0, 12.95, 0.1, 0.1],
];

describe('ftwindow equals larch on k = 0..20', () => {
  for (const [col, w, xmin, xmax, dx, dx2] of CASES) {
    it(col, () => {
      expect(maxDiff(ftwindow(win.k, xmin, xmax, dx, dx2, w), win[col])).toBeLessThan(1e-13);
    });
  }
  it('matches names on three letters and rejects unknown ones', () => {
    expect(windowName('Hanning')).toBe('hanning');
    expect(windowName('kai')).toBe('kaiser');
    expect(() => windowName('bessel')).toThrow(/unknown window 'bessel'/);
    expect(() => windowName('ha')).toThrow(/unknown window/);
  });
});

describe('xftf window and k-weight variants on the Cu foil χ', () => {
  const chi = readCsv(`${REF}Cu_Foil_rt_2016Foils_chi.csv`);
  const v = readCsv(`${REF}Cu_Foil_rt_2016Foils_chir_window_variants.csv`);
  const variants: [string, WindowName, number, number][] = [
    ['hanning_dk1', 'hanning', 1, 2], ['kaiser_dk4', 'kaiser', 4, 2], ['sine_dk1', 'sine', 1, 2],
    ['welch_dk1', 'welch', 1, 2], ['parzen_dk1', 'parzen', 1, 2], ['gaussian_dk3', 'gaussian', 3, 2],
  ];
  for (const [name, w, dk, kw] of variants) {
    it(name, () => {
      const ft = xftf(chi.k, chi.chi, { window: w, dk, kweight: kw, kmin: 3, kmax: 12 });
      const s = maxAbs(v[`${name}_mag`]);
      expect(maxDiff(ft.chirMag, v[`${name}_mag`]) / s).toBeLessThan(1e-10);
      expect(maxDiff(ft.chirRe, v[`${name}_re`]) / s).toBeLessThan(1e-10);
      expect(maxDiff(ft.chirIm, v[`${name}_im`]) / s).toBeLessThan(1e-10);
    });
  }
  for (const kw of [0, 1, 3]) {
    it(`hanning kweight ${kw}`, () => {
      const ft = xftf(chi.k, chi.chi, { kweight: kw });
      const ref = v[`hanning_dk1_kw${kw}_mag`];
      expect(maxDiff(ft.chirMag, ref) / maxAbs(ref)).toBeLessThan(1e-10);
    });
  }
});

describe('xftr', () => {
  it('equals the direct inverse sum over the R window', () => {
    const chi = readCsv(`${REF}Cu_Foil_rt_2016Foils_chi.csv`);
    const ft = xftf(chi.k, chi.chi, { rmaxOut: 30 });
    const q = xftr(ft.r, ft.chirRe, ft.chirIm, { rmin: 1, rmax: 3, dr: 0.5, qmaxOut: 15 });
    const rstep = ft.r[1] - ft.r[0];
    const kstep = Math.PI / (rstep * 2048);
    expect(q.q.length).toBe(Math.trunc(1.05 + 15 / kstep));
    for (const i of [0, 17, 100, 250]) {
      let re = 0;
      let im = 0;
      for (let m = 0; m < ft.r.length; m++) {
        const w = q.rwin[m];
        const ang = (2 * Math.PI * i * m) / 2048;
        re += w * (ft.chirRe[m] * Math.cos(ang) - ft.chirIm[m] * Math.sin(ang));
        im += w * (ft.chirRe[m] * Math.sin(ang) + ft.chirIm[m] * Math.cos(ang));
      }
      const s = (4 * Math.sqrt(Math.PI)) / kstep / 2048;
      expect(q.chiqRe[i]).toBeCloseTo(s * re, 10);
      expect(q.chiqIm[i]).toBeCloseTo(s * im, 10);
    }
  });
  it('of the full χ(R) gives back the windowed, k-weighted χ(k) where the window is 1', () => {
    const chi = readCsv(`${REF}Cu_Foil_rt_2016Foils_chi.csv`);
    const ft = xftf(chi.k, chi.chi, { rmaxOut: 31.4 });
    const q = xftr(ft.r, ft.chirRe, ft.chirIm, { rmin: 0, rmax: 40, dr: 0.01, qmaxOut: 15 });
    // a half-spectrum inverse of a real signal: Re χ̃(q) = 2·χ(k)k²W(k) up to end corrections
    for (let i = 100; i < 220; i += 7) {
      expect(q.chiqRe[i]).toBeCloseTo(2 * chi.chi_kw2[i] * chi.kwin[i], 1);
    }
  });
});
