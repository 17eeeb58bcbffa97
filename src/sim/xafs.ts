/**
 * A simulator of physically plausible transmission XAFS: a scan grid like a beamline's (coarse pre-edge,
 * fine XANES, constant-k EXAFS steps), an absorption edge with a white line on a falling pre-edge, EXAFS
 * shells with amplitude decay, Debye–Waller damping and a k-dependent phase, and ion-chamber counts with
 * Poisson noise. For the demo, the docs and tests; never a reference for parity.
 */
import { ETOK, KTOE } from '../kernels/xafs/constants.ts';

export interface Shell {
  /** Distance (Å), coordination number, Debye–Waller σ² (Å²). */
  readonly r: number;
  readonly n: number;
  readonly sigma2: number;
}

export interface SimOptions {
  readonly e0?: number;
  /** Jump in µ·t at the edge. */
  readonly edgeStep?: number;
  readonly shells?: readonly Shell[];
  readonly kmax?: number;
  /** Mean I0 counts per point. */
  readonly i0Counts?: number;
  readonly seed?: number;
}

export interface SimSpectrum {
  readonly energy: Float64Array;
  readonly i0: Float64Array;
  readonly itrans: Float64Array;
  /** The noise-free µ·t the counts were drawn from. */
  readonly muTrue: Float64Array;
  readonly e0: number;
  readonly shells: readonly Shell[];
}

export const CU_SHELLS: readonly Shell[] = [
  { r: 2.55, n: 12, sigma2: 0.0086 },
  { r: 3.61, n: 6, sigma2: 0.012 },
  { r: 4.42, n: 24, sigma2: 0.014 },
];

/** A seeded uniform generator (xorshift32). */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 0x9e3779b9;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

/** A Poisson draw (normal approximation above 50 counts). */
function poisson(mean: number, u: () => number): number {
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * Math.sqrt(-2 * Math.log(u() + 1e-300)) * Math.cos(2 * Math.PI * u())));
  const l = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= u();
  } while (p > l);
  return k - 1;
}

/** Beamline-like scan: 5 eV steps to e0−20, 0.3 eV to e0+30, then 0.05 Å⁻¹ steps in k to kmax. */
export function scanGrid(e0: number, kmax: number): Float64Array {
  const e: number[] = [];
  for (let x = -150; x < -20; x += 5) e.push(e0 + x);
  for (let x = -20; x < 30; x += 0.3) e.push(e0 + x);
  for (let k = Math.sqrt(30 * ETOK) + 0.05; k <= kmax; k += 0.05) e.push(e0 + k * k * KTOE);
  return Float64Array.from(e, (v) => Math.round(v * 1000) / 1000);
}

/** χ(k) of the shells: Σ N/(kR²)·|f(k)|·e^{−2σ²k²}·e^{−2R/λ}·sin(2kR + φ(k)), φ(k) = −1.2 − 0.75k (so peaks sit ≈0.37 Å below R, as real ones do). */
export function shellsChi(k: number, shells: readonly Shell[]): number {
  if (k <= 0) return 0;
  let chi = 0;
  for (const s of shells) {
    const amp = 0.9 * (0.6 * Math.exp(-((k - 5) ** 2) / 30) + 0.15);
    chi += ((s.n * amp) / (k * s.r * s.r)) * Math.exp(-2 * s.sigma2 * k * k) * Math.exp((-2 * s.r) / 8) * Math.sin(2 * k * s.r - 1.2 - 0.75 * k);
  }
  return 0.5 * chi;
}

export function simulateSpectrum(o: SimOptions = {}): SimSpectrum {
  const e0 = o.e0 ?? 8979;
  const step = o.edgeStep ?? 1.5;
  const shells = o.shells ?? CU_SHELLS;
  const u = rng(o.seed ?? 1);
  const energy = scanGrid(e0, o.kmax ?? 14);
  const n = energy.length;
  const muTrue = new Float64Array(n);
  const i0 = new Float64Array(n);
  const itrans = new Float64Array(n);
  const flux = o.i0Counts ?? 2e5;
  for (let i = 0; i < n; i++) {
    const de = energy[i] - e0;
    const pre = 0.4 - 1.5e-4 * de;
    const edge = 0.5 + Math.atan(de / 1.5) / Math.PI;
    const white = 0.35 / (1 + ((de - 8) / 4) ** 2);
    const post = 1 - 2e-4 * Math.max(0, de);
    const k = de > 0 ? Math.sqrt(de * ETOK) : 0;
    muTrue[i] = pre + step * (edge * post + white * edge) * (1 + shellsChi(k, shells) * Math.min(1, de / 30));
    const beam = flux * (1 - 0.1 * (i / n)) * (1 + 0.01 * Math.sin(i / 7));
    i0[i] = poisson(beam * 0.15, u);
    itrans[i] = poisson(beam * Math.exp(-muTrue[i]), u);
  }
  return { energy, i0, itrans, muTrue, e0, shells };
}

/** An XDI 1.0 file of a simulated spectrum (columns energy, i0, itrans). */
export function simulatedXdi(s: SimSpectrum, name: string): string {
  const lines = [
    '# XDI/1.0 beamflow-sim/1',
    '# Column.1: energy eV',
    '# Column.2: i0 counts',
    '# Column.3: itrans counts',
    '# Element.symbol: Cu',
    '# Element.edge: K',
    `# Sample.name: ${name}`,
    `# Scan.edge_energy: ${s.e0}`,
    '# ///',
    `# simulated by beamflow: shells ${s.shells.map((x) => `R=${x.r} N=${x.n} s2=${x.sigma2}`).join('; ')}`,
    '#----',
    '# energy i0 itrans',
  ];
  for (let i = 0; i < s.energy.length; i++) lines.push(`${s.energy[i].toFixed(3)} ${s.i0[i]} ${s.itrans[i]}`);
  return `${lines.join('\n')}\n`;
}
