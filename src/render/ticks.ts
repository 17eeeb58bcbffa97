/**
 * Axis ticks: "nice" steps (1, 2, 5 × 10^k) for linear axes and decades for log axes, with labels short
 * enough to sit under a pixel column. Pure, so the axes, the SVG export and the tests share it.
 */

export interface Tick {
  readonly value: number;
  readonly label: string;
}

/** About `target` ticks covering [lo, hi], on a 1-2-5 grid. */
export function linearTicks(lo: number, hi: number, target: number): Tick[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi <= lo || target < 1) return [];
  const raw = (hi - lo) / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  const step = (norm < 1.5 ? 1 : norm < 3.5 ? 2 : norm < 7.5 ? 5 : 10) * mag;
  const first = Math.ceil(lo / step - 1e-9);
  const last = Math.floor(hi / step + 1e-9);
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const ticks: Tick[] = [];
  for (let i = first; i <= last; i++) {
    const value = i * step;
    ticks.push({ value, label: formatTick(value, decimals) });
  }
  return ticks;
}

/** Decade ticks (and 2, 5 between them when few decades are shown) for a log axis over [lo, hi] > 0. */
export function logTicks(lo: number, hi: number, target: number): Tick[] {
  if (!(lo > 0) || !(hi > lo)) return [];
  const d0 = Math.floor(Math.log10(lo));
  const d1 = Math.ceil(Math.log10(hi));
  const decades = d1 - d0;
  const mult = decades <= target / 3 ? [1, 2, 5] : [1];
  const every = Math.max(1, Math.ceil(decades / target));
  const ticks: Tick[] = [];
  for (let d = d0; d <= d1; d++) {
    if ((d - d0) % every !== 0) continue;
    for (const m of mult) {
      const value = m * 10 ** d;
      if (value >= lo * (1 - 1e-9) && value <= hi * (1 + 1e-9)) ticks.push({ value, label: formatLog(m, d) });
    }
  }
  return ticks;
}

function formatTick(v: number, decimals: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e6 || a < 1e-4) return v.toExponential(Math.min(3, Math.max(0, decimals - Math.floor(Math.log10(a))))).replace('e+', 'e');
  return v.toFixed(Math.min(decimals, 10));
}

function formatLog(m: number, d: number): string {
  if (d >= -3 && d <= 4) return String(Number((m * 10 ** d).toPrecision(3)));
  return `${m === 1 ? '' : `${m}×`}1e${d}`;
}

/** A value for the hover readout: 4 significant digits, no exponent for ordinary magnitudes. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(3);
  return String(Number(v.toPrecision(5)));
}
