/** Fourier-transform windows exactly as larch's ftwindow builds them (x uniform, starting at 0). */

export const WINDOWS = ['hanning', 'parzen', 'welch', 'sine', 'kaiser', 'gaussian'] as const;
export type WindowName = (typeof WINDOWS)[number];

/** Resolves a window name on its first three letters, like larch; throws on an unknown name. */
export function windowName(name: string): WindowName {
  const key = name.trim().toLowerCase().slice(0, 3);
  const w = WINDOWS.find((x) => x.startsWith(key));
  if (!w || key.length < 3) throw new Error(`unknown window '${name}' (use one of ${WINDOWS.join(', ')})`);
  return w;
}

export function ftwindow(x: Float64Array, xmin: number, xmax: number, dx: number, dx2: number = dx, window: WindowName = 'hanning'): Float64Array {
  const n = x.length;
  const xstep = (x[n - 1] - x[0]) / (n - 1);
  const eps = 1e-4 * xstep;
  let x1 = Math.max(x[0], xmin - dx / 2);
  let x2 = xmin + dx / 2 + eps;
  let x3 = xmax - dx2 / 2 - eps;
  let x4 = Math.min(x[n - 1], xmax + dx2 / 2);
  if (window === 'gaussian') dx = Math.max(dx, eps);
  const idx = (v: number): number => Math.trunc((v + eps) / xstep);
  let i1 = Math.max(0, idx(x1));
  const i2 = Math.max(0, idx(x2));
  let i3 = Math.min(n - 1, idx(x3));
  const i4 = Math.min(n - 1, idx(x4));
  if (i2 === i1) i1 = Math.max(0, i2 - 1);
  if (i4 === i3) i3 = Math.max(i2, i4 - 1);
  x1 = x[i1];
  x2 = x[i2];
  x3 = x[i3];
  x4 = x[i4];
  if (x1 === x2) x2 += eps;
  if (x3 === x4) x4 += eps;
  const win = new Float64Array(n);
  for (let i = i2; i < i3; i++) win[i] = 1;
  const rise = (f: (v: number) => number): void => {
    for (let i = i1; i <= i2 && i < n; i++) win[i] = f(x[i]);
  };
  const fall = (f: (v: number) => number): void => {
    for (let i = i3; i <= i4 && i < n; i++) win[i] = f(x[i]);
  };
  switch (window) {
    case 'hanning':
      rise((v) => Math.sin((Math.PI / 2) * (v - x1) / (x2 - x1)) ** 2);
      fall((v) => Math.cos((Math.PI / 2) * (v - x3) / (x4 - x3)) ** 2);
      break;
    case 'parzen':
      rise((v) => (v - x1) / (x2 - x1));
      fall((v) => 1 - (v - x3) / (x4 - x3));
      break;
    case 'welch':
      rise((v) => 1 - ((v - x2) / (x2 - x1)) ** 2);
      fall((v) => 1 - ((v - x3) / (x4 - x3)) ** 2);
      break;
    case 'sine':
      for (let i = i1; i <= i4 && i < n; i++) win[i] = Math.sin((Math.PI * (x4 - x[i])) / (x4 - x1));
      break;
    case 'kaiser': {
      const c = (x1 + x4) / 2;
      const w = (x4 - x1) / 2;
      const den = Math.max(1e-10, besselI0(dx) - 1);
      for (let i = 0; i < n; i++) {
        const a = Math.max(0, 1 - ((x[i] - c) * (x[i] - c)) / (w * w));
        win[i] = (besselI0(dx * Math.sqrt(a)) - 1) / den;
      }
      break;
    }
    case 'gaussian': {
      const c = (x1 + x4) / 2;
      for (let i = 0; i < n; i++) win[i] = Math.exp(-((x[i] - c) ** 2) / (2 * dx * dx));
      break;
    }
  }
  return win;
}

/** Modified Bessel function I₀ by its power series (converges fast for the β ≤ ~50 used in windows). */
export function besselI0(x: number): number {
  const q = (x * x) / 4;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 500; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}
