import { chooseMu } from '../../src/formats/xafs-mu.ts';
import { readXafsTable } from '../../src/formats/xafs-file.ts';

export interface Base {
  readonly energy: Float64Array;
  readonly i0: Float64Array;
  readonly it: Float64Array;
}

/** Energy, I0 and It of a real file (transmission, the usual column names). */
export function loadBase(path: string): Base {
  const t = readXafsTable(path);
  const c = chooseMu(t);
  const col = (re: RegExp): Float64Array => t.columns[t.labels.findIndex((l) => re.test(l))];
  return { energy: c.energy, i0: col(/^i0$/i), it: col(/^(itrans|it|itr|i1)$/i) };
}

/** A seeded normal deviate (Box–Muller on a 32-bit LCG), so every run makes the same spectra. */
export function gaussian(seed: number): () => number {
  let s = seed >>> 0 || 1;
  const u = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 1) / 4294967297;
  };
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

/** The text of a plain-column file with 3e-4 relative Gaussian noise on both ion chambers. */
export function noisyText(b: Base, seed: number): string {
  const g = gaussian(seed);
  const lines = ['# energy i0 itrans'];
  for (let i = 0; i < b.energy.length; i++) {
    lines.push(`${b.energy[i]} ${(b.i0[i] * (1 + 3e-4 * g())).toPrecision(8)} ${(b.it[i] * (1 + 3e-4 * g())).toPrecision(8)}`);
  }
  return lines.join('\n');
}
