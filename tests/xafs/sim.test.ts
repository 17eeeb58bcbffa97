import { describe, expect, it } from 'vitest';
import { parseXafsText } from '../../src/formats/xafs-file.ts';
import { chooseMu } from '../../src/formats/xafs-mu.ts';
import { reduceSpectrum } from '../../src/kernels/xafs/reduce.ts';
import { CU_SHELLS, simulateSpectrum, simulatedXdi } from '../../src/sim/xafs.ts';

describe('XAFS simulator', () => {
  it('makes a file our readers take and a reduction that finds its edge and first shell', () => {
    const s = simulateSpectrum({ seed: 3, e0: 7112, edgeStep: 1.2 });
    const c = chooseMu(parseXafsText(simulatedXdi(s, 'sim'), 'sim.xdi'));
    expect(c.energy.length).toBe(s.energy.length);
    const r = reduceSpectrum(c.energy, c.mu, 'sim.xdi');
    expect(Math.abs(r.pre.e0 - 7112)).toBeLessThan(1.5);
    // µ = ln(I0/It) includes ln(0.15) from the I0 chamber's absorption; the step is the simulated one
    expect(r.pre.edgeStep).toBeGreaterThan(1.0);
    expect(r.pre.edgeStep).toBeLessThan(1.4);
    let ip = 0;
    for (let i = 0; i < r.ft.r.length; i++) if (r.ft.chirMag[i] > r.ft.chirMag[ip]) ip = i;
    expect(r.ft.r[ip]).toBeGreaterThan(CU_SHELLS[0].r - 0.6);
    expect(r.ft.r[ip]).toBeLessThan(CU_SHELLS[0].r - 0.2);
  });
  it('is deterministic per seed and noisy across seeds', () => {
    const a = simulateSpectrum({ seed: 5 });
    const b = simulateSpectrum({ seed: 5 });
    const c = simulateSpectrum({ seed: 6 });
    expect(Array.from(a.itrans)).toEqual(Array.from(b.itrans));
    expect(Array.from(a.itrans)).not.toEqual(Array.from(c.itrans));
  });
});
