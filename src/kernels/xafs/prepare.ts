import { BeamflowError } from '../../graph/errors.ts';
import { removeDups } from './pyutil.ts';

export const MIN_POINTS = 10;

export interface Prepared {
  readonly energy: Float64Array;
  readonly mu: Float64Array;
  /** Extra arrays (e.g. the reference channel), reordered like energy. */
  readonly extra: readonly Float64Array[];
  /** Repairs applied, in words (empty when the data were clean). */
  readonly repairs: readonly string[];
}

function bad(source: string, problem: string): BeamflowError {
  return new BeamflowError({ kind: 'BadFile', file: source, problem });
}

/**
 * Checks a spectrum before reduction and applies the documented repairs: non-monotonic energies are sorted
 * (stable), repeated energies are nudged apart as larch's remove_dups does. NaN/∞, length mismatch and
 * fewer than 10 points are errors naming the source and the row.
 */
export function prepareSpectrum(energy: Float64Array, mu: Float64Array, source: string, extra: readonly Float64Array[] = []): Prepared {
  const n = energy.length;
  if (mu.length !== n) throw bad(source, `energy has ${n} points but mu has ${mu.length}`);
  if (n < MIN_POINTS) throw bad(source, `only ${n} points (at least ${MIN_POINTS} are needed)`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(energy[i])) throw bad(source, `energy is ${energy[i]} at row ${i + 1}`);
    if (!Number.isFinite(mu[i])) throw bad(source, `mu is ${mu[i]} at row ${i + 1} (energy ${energy[i]})`);
  }
  const repairs: string[] = [];
  let e = energy;
  let m = mu;
  let ex = extra;
  let sorted = true;
  for (let i = 1; i < n; i++) if (e[i] < e[i - 1]) sorted = false;
  if (!sorted) {
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => e[a] - e[b] || a - b);
    const take = (a: Float64Array): Float64Array => Float64Array.from(order, (i) => a[i]);
    e = take(e);
    m = take(m);
    ex = ex.map(take);
    repairs.push('energies were not increasing: sorted by energy');
  }
  const d = removeDups(e);
  if (d !== e) {
    let nd = 0;
    for (let i = 0; i < n; i++) if (d[i] !== e[i]) nd++;
    if (nd > 0) repairs.push(`${nd} repeated energies nudged apart by 0.0005 eV steps (larch remove_dups)`);
    e = d;
  }
  return { energy: e, mu: m, extra: ex, repairs };
}
