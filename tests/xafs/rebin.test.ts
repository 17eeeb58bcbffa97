import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { rebinXafs } from '../../src/kernels/xafs/rebin.ts';
import { maxAbs } from './reference.ts';
import { loadRaw } from './spectra.ts';

/** Debian's larch (python3-xraylarch), when installed, run at test time: no reference file is stored. */
type LarchOut = Record<'centroid' | 'boxcar', { energy: number[]; mu: (number | null)[] }>;

function larchRebin(energy: Float64Array, mu: Float64Array, e0: number): LarchOut | null {
  const script = `
import sys, json, numpy as np
from larch import Group
from larch.xafs import rebin_xafs
d = json.load(sys.stdin)
out = {}
for m in ('centroid', 'boxcar'):
    g = Group(energy=np.array(d['e']), mu=np.array(d['mu']), e0=d['e0'])
    rebin_xafs(g, e0=d['e0'], method=m)
    out[m] = {'energy': g.rebinned.energy.tolist(), 'mu': [None if v != v else v for v in g.rebinned.mu.tolist()]}
print(json.dumps(out))
`;
  try {
    const out = execFileSync('/usr/bin/python3', ['-c', script], { input: JSON.stringify({ e: Array.from(energy), mu: Array.from(mu), e0 }), encoding: 'utf8', stdio: ['pipe', 'pipe', 'ignore'], timeout: 60_000 });
    return JSON.parse(out.trim().split('\n').pop()!) as LarchOut;
  } catch {
    return null;
  }
}

const larchHere = (() => {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import larch.xafs'], { stdio: 'ignore', timeout: 60_000 });
    return true;
  } catch {
    return false;
  }
})();

describe('rebin_xafs', () => {
  it('puts every input point in one bin and keeps the scan shape', () => {
    const { energy, mu } = loadRaw('parseq_cu_foil_23070');
    const r = rebinXafs(energy, mu, { e0: 8978.85347985 });
    expect(r.energy.length).toBeLessThan(energy.length / 4);
    for (let i = 1; i < r.energy.length; i++) expect(r.energy[i]).toBeGreaterThan(r.energy[i - 1]);
    expect(r.mu.every((v) => Number.isFinite(v))).toBe(true);
  });

  it.skipIf(!larchHere)('equals larch (Debian python3-xraylarch, run now) on real spectra', () => {
    for (const [name, e0] of [['parseq_cu_foil_23070', 8978.85347985], ['Cu_Foil_rt_2016Foils', 8980.1]] as const) {
      const { energy, mu } = loadRaw(name);
      const both = larchRebin(energy, mu, e0);
      expect(both).not.toBeNull();
      for (const method of ['centroid', 'boxcar'] as const) {
        const ours = rebinXafs(energy, mu, { e0, method });
        const ref = both![method];
        expect(ours.energy.length).toBe(ref.energy.length);
        // larch 0.9.58 has slightly different ħ²/2m constants: energies agree to ~1e-9 eV
        ours.energy.forEach((v, i) => expect(Math.abs(v - ref.energy[i])).toBeLessThan(1e-6));
        const s = maxAbs(ref.mu.filter((v): v is number => v !== null));
        ours.mu.forEach((v, i) => {
          const want = ref.mu[i];
          if (want === null) expect(Number.isNaN(v)).toBe(true);
          else expect(Math.abs(v - want) / s).toBeLessThan(1e-9);
        });
      }
    }
  }, 240_000);
});
