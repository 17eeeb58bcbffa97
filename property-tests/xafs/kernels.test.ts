import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { autobkKnots, basisMatrix } from '../../src/kernels/xafs/bspline.ts';
import { applySpline, applySplineMany, planSpline } from '../../src/kernels/xafs/cubic-spline.ts';
import { autobk, clearAutobkCache } from '../../src/kernels/xafs/autobk.ts';
import { preEdge } from '../../src/kernels/xafs/pre-edge.ts';
import { indexNearest, indexNearestSorted, roundHalfEven } from '../../src/kernels/xafs/pyutil.ts';
import { fftInPlace, realFft, realIfft } from '../../src/kernels/xafs/fft.ts';
import { parseXafsText } from '../../src/formats/xafs-file.ts';
import { chooseMu } from '../../src/formats/xafs-mu.ts';
import { simulateSpectrum, simulatedXdi } from '../../src/sim/xafs.ts';

const increasing = fc.array(fc.double({ min: 0.01, max: 3, noNaN: true }), { minLength: 6, maxLength: 40 }).map((d) => {
  const x = new Float64Array(d.length);
  let s = 0;
  d.forEach((v, i) => (x[i] = s += v));
  return x;
});

describe('XAFS kernel properties', () => {
  it('the not-a-knot spline reproduces any cubic exactly, inside and outside', () => {
    fc.assert(
      fc.property(increasing, fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 4, maxLength: 4 }), (x, c) => {
        const p = (t: number): number => c[0] + t * (c[1] + t * (c[2] + t * c[3] * 0.1));
        const xs = Float64Array.from({ length: 25 }, (_, i) => x[0] - 1 + ((x[x.length - 1] - x[0] + 2) * i) / 24);
        const out = applySpline(planSpline(x, xs), x.map(p), new Float64Array(xs.length));
        const scale = Math.max(...Array.from(xs, (t) => Math.abs(p(t))), 1);
        xs.forEach((t, i) => expect(Math.abs(out[i] - p(t)) / scale).toBeLessThan(1e-8));
      }),
      { numRuns: 100 },
    );
  });

  it('batched spline columns equal one-at-a-time', () => {
    fc.assert(
      fc.property(increasing, fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 1000 }), (x, m, seed) => {
        const n = x.length;
        const y = Float64Array.from({ length: n * m }, (_, i) => Math.sin(seed + i * 0.7));
        const xs = Float64Array.from({ length: 17 }, (_, i) => x[0] + ((x[n - 1] - x[0]) * i) / 16);
        const plan = planSpline(x, xs);
        const all = applySplineMany(plan, y, m, new Float64Array(17 * m));
        for (let c = 0; c < m; c++) {
          const one = applySpline(plan, Float64Array.from({ length: n }, (_, i) => y[i * m + c]), new Float64Array(17));
          one.forEach((v, i) => expect(all[i * m + c]).toBeCloseTo(v, 12));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('B-spline basis functions sum to one inside the knot range', () => {
    fc.assert(
      fc.property(increasing.filter((x) => x.length >= 6), (nodes) => {
        const t = autobkKnots(nodes);
        const xs = Float64Array.from({ length: 30 }, (_, i) => nodes[0] + ((nodes[nodes.length - 1] - nodes[0]) * i) / 29);
        const b = basisMatrix(t, xs);
        for (let i = 0; i < xs.length; i++) {
          let s = 0;
          for (let j = 0; j < nodes.length; j++) s += b[i * nodes.length + j];
          expect(s).toBeCloseTo(1, 12);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('B-spline columns evaluated directly equal the same columns through the not-a-knot spline', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 0.7, max: 2, noNaN: true }), (seed, rbkg) => {
        const s = simulateSpectrum({ seed, kmax: 10 + (seed % 7) });
        const c = chooseMu(parseXafsText(simulatedXdi(s, 'p'), 'p'));
        const pre = preEdge(c.energy, c.mu);
        const r = autobk(c.energy, c.mu, pre.e0, pre.edgeStep, { rbkg });
        const iek0 = indexOf(c.energy, pre.e0);
        const kr = Float64Array.from({ length: r.iemax - iek0 + 1 }, (_, i) => etok(c.energy[iek0 + i] - pre.e0));
        const m = c.mu.subarray(iek0, r.iemax + 1);
        const direct = designColumns(kr, m, r.k, r.knots, r.nspl);
        const viaSpline = designColumns(kr, m, r.k, r.knots, r.nspl, true);
        direct.forEach((v, i) => expect(Math.abs(v - viaSpline[i])).toBeLessThan(1e-10));
      }),
      { numRuns: 20 },
    );
  });

  it('round-half-even agrees with Python on halves', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 1000 }), (k) => {
        const r = roundHalfEven(k + 0.5);
        expect(Math.abs(r - (k + 0.5))).toBe(0.5);
        expect(r % 2 === 0).toBe(true);
      }),
    );
  });

  it('autobk lands on a minimum: nudging any spline coefficient never lowers larch\'s objective', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 0.8, max: 1.6, noNaN: true }), (seed, rbkg) => {
        const s = simulateSpectrum({ seed });
        const c = chooseMu(parseXafsText(simulatedXdi(s, 'p'), 'p'));
        const pre = preEdge(c.energy, c.mu);
        const best = autobk(c.energy, c.mu, pre.e0, pre.edgeStep, { rbkg });
        // the objective as larch's residual defines it, for given coefficients
        const objective = (coefs: Float64Array): number => residualNorm(c.energy, c.mu, pre.e0, pre.edgeStep, rbkg, coefs);
        const f0 = objective(best.coefs);
        for (let j = 0; j < best.coefs.length; j++) {
          for (const h of [1e-4, -1e-4]) {
            const c2 = best.coefs.slice();
            c2[j] += h * Math.max(1, Math.abs(c2[j]));
            expect(objective(c2)).toBeGreaterThanOrEqual(f0 * (1 - 1e-12));
          }
        }
      }),
      { numRuns: 8 },
    );
  });
});

import { designColumns } from '../../src/kernels/xafs/autobk-design.ts';
import { ftwindow } from '../../src/kernels/xafs/ftwindow.ts';
import { etok } from '../../src/kernels/xafs/constants.ts';
import { indexOf } from '../../src/kernels/xafs/pyutil.ts';

/** larch's autobk residual ‖out‖² + scale²‖clamp‖², written out plainly (direct DFT) for the property. */
function residualNorm(energy: Float64Array, mu: Float64Array, e0: number, step: number, rbkg: number, coefs: Float64Array): number {
  const ref = autobk(energy, mu, e0, step, { rbkg });
  const iek0 = indexOf(energy, e0);
  const kr = Float64Array.from({ length: ref.iemax - iek0 + 1 }, (_, i) => etok(energy[iek0 + i] - e0));
  const m = mu.subarray(iek0, ref.iemax + 1);
  const nout = ref.k.length;
  const nspl = ref.nspl;
  const gx = designColumns(kr, m, ref.k, ref.knots, nspl);
  const win = ftwindow(ref.k, 0, ref.kmax, 0.1, 0.1, 'hanning');
  const chi = Float64Array.from({ length: nout }, (_, i) => {
    let v = gx[i * (nspl + 1) + nspl];
    for (let j = 0; j < nspl; j++) v -= gx[i * (nspl + 1) + j] * coefs[j];
    return v;
  });
  let o2 = 0;
  for (let f = 0; f < ref.irbkg; f++) {
    let re = 0;
    let im = 0;
    for (let n = 0; n < nout; n++) {
      const x = chi[n] * ref.k[n] * ref.k[n] * win[n];
      re += x * Math.cos((2 * Math.PI * f * n) / 2048);
      im -= x * Math.sin((2 * Math.PI * f * n) / 2048);
    }
    const sc = 0.05 / Math.sqrt(Math.PI);
    o2 += (sc * re) ** 2 + (sc * im) ** 2;
  }
  const scale = 0.1 + (10 * o2) / (2 * ref.irbkg);
  let q2 = 0;
  for (let n = nout - 3; n < nout; n++) q2 += chi[n] * chi[n];
  return o2 + scale * scale * q2;
}

import { energyStep } from '../../src/kernels/xafs/find-e0.ts';

describe('find_energy_step', () => {
  it('equals the mean of sorted(diff)[nskip:nskip+10] computed by a full sort', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 5000, noNaN: true }), { minLength: 1, maxLength: 600 }), (v) => {
        const en = Float64Array.from(v);
        const n = en.length;
        const nskip = Math.trunc(0.01 * n);
        const s = Float64Array.from(en).sort().subarray(nskip, n - nskip);
        const d = Float64Array.from({ length: Math.max(0, s.length - 1) }, (_, i) => s[i + 1] - s[i]).sort().slice(nskip, nskip + 10);
        const want = nskip === 0 || d.length === 0 ? NaN : d.reduce((a, b) => a + b, 0) / d.length;
        const got = energyStep(en);
        expect(Number.isNaN(want) ? Number.isNaN(got) : Math.abs(got - want) <= 1e-12 * Math.max(1, Math.abs(want))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('real FFTs through half-size complex ones', () => {
  it('realFft gives the complex FFT bins 0 … n/2 and realIfft inverts them', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 9 }), fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 1, maxLength: 600 }), (lg, xs) => {
        const n = 2 ** lg;
        const x = Float64Array.from(xs.slice(0, n));
        const re = new Float64Array(n);
        const im = new Float64Array(n);
        re.set(x);
        fftInPlace(re, im);
        const h = n / 2;
        const xr = new Float64Array(h + 1);
        const xi = new Float64Array(h + 1);
        const sr = new Float64Array(h);
        const si = new Float64Array(h);
        realFft(x, n, xr, xi, sr, si);
        const scale = 1 + x.reduce((s, v) => s + Math.abs(v), 0);
        for (let k = 0; k <= h; k++) {
          expect(Math.abs(xr[k] - re[k]) / scale).toBeLessThan(1e-13);
          expect(Math.abs(xi[k] - im[k]) / scale).toBeLessThan(1e-13);
        }
        const back = new Float64Array(n);
        realIfft(xr, xi, n, back, sr, si);
        for (let j = 0; j < n; j++) expect(Math.abs(back[j] / n - (x[j] ?? 0)) / scale).toBeLessThan(1e-13);
      }),
      { numRuns: 300 },
    );
  });
});

describe("autobk's per-grid cache", () => {
  it('gives bit-identical results cold, hot, and after other grids and parameters went through it', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 40 }), fc.constantFrom(0.9, 1, 1.3), fc.constantFrom(1, 2, 3)), { minLength: 2, maxLength: 12 }), (calls) => {
        const run = ([seed, rbkg, kweight]: [number, number, number]) => {
          const s = simulateSpectrum({ seed, ...(seed % 3 === 0 ? { kmax: 13 } : {}) });
          const c = chooseMu(parseXafsText(simulatedXdi(s, 'p'), 'p'));
          const pre = preEdge(c.energy, c.mu);
          return autobk(c.energy, c.mu, pre.e0, pre.edgeStep, { rbkg, kweight });
        };
        const hot = calls.map(run);
        const cold = calls.map((x) => {
          clearAutobkCache();
          return run(x);
        });
        hot.forEach((h, i) => {
          expect(Array.from(h.chi)).toEqual(Array.from(cold[i].chi));
          expect(Array.from(h.bkg)).toEqual(Array.from(cold[i].bkg));
          expect(Array.from(h.coefs)).toEqual(Array.from(cold[i].coefs));
        });
      }),
      { numRuns: 15 },
    );
  });
});

describe('indexNearestSorted', () => {
  it('gives the linear scan index on non-decreasing arrays (repeats, ties, outside values)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 1, maxLength: 40 }), fc.double({ min: -5, max: 200, noNaN: true }), fc.boolean(), (steps, v, halves) => {
        let x = 0;
        const arr = Float64Array.from(steps, (d) => (x += halves ? d / 2 : d * 0.1));
        for (const q of [v, arr[Math.abs(Math.trunc(v)) % arr.length] + (halves ? 0.25 : 0.05)]) expect(indexNearestSorted(arr, q)).toBe(indexNearest(arr, q));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('fftInPlace', () => {
  it('equals the direct DFT sum, forward and inverse, for every power of two to 512', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9 }), fc.boolean(), fc.integer({ min: 1, max: 1e6 }), (lg, inverse, seed) => {
        const n = 2 ** lg;
        let s = seed;
        const rnd = (): number => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1;
        const re = Float64Array.from({ length: n }, rnd);
        const im = Float64Array.from({ length: n }, rnd);
        const fr = re.slice();
        const fi = im.slice();
        fftInPlace(fr, fi, inverse);
        const sg = inverse ? 1 : -1;
        for (let k = 0; k < n; k++) {
          let sr = 0;
          let si = 0;
          for (let j = 0; j < n; j++) {
            const a = (sg * 2 * Math.PI * ((j * k) % n)) / n;
            sr += re[j] * Math.cos(a) - im[j] * Math.sin(a);
            si += re[j] * Math.sin(a) + im[j] * Math.cos(a);
          }
          expect(Math.abs(sr - fr[k])).toBeLessThan(1e-12 * n);
          expect(Math.abs(si - fi[k])).toBeLessThan(1e-12 * n);
        }
      }),
      { numRuns: 60 },
    );
  });
});
