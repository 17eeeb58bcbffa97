import { BeamflowError } from '../../graph/errors.ts';
import { autobk, type AutobkParams, type AutobkResult } from './autobk.ts';
import { preEdge, type PreEdgeParams, type PreEdgeResult } from './pre-edge.ts';
import { prepareSpectrum } from './prepare.ts';
import { xftf, type XftfParams, type XftfResult } from './xftf.ts';

/** Every parameter of the whole reduction, with the project's defaults (larch's, xftf as the README). */
export interface ReduceParams {
  readonly preEdge: PreEdgeParams;
  readonly autobk: Partial<AutobkParams>;
  readonly xftf: Partial<XftfParams>;
}

export const REDUCE_DEFAULTS: ReduceParams = { preEdge: {}, autobk: { rbkg: 1, kweight: 2 }, xftf: {} };

export interface Reduced {
  readonly energy: Float64Array;
  readonly mu: Float64Array;
  readonly pre: PreEdgeResult;
  readonly bkg: AutobkResult;
  readonly ft: XftfResult;
  /** xftf kmax actually used (clipped to the data as the reference does). */
  readonly xftfKmax: number;
  readonly repairs: readonly string[];
}

/** Fails with a clear message when there is no absorption edge to normalise. */
export function checkEdge(pre: PreEdgeResult, energy: Float64Array, mu: Float64Array, source: string): void {
  let ss = 0;
  let cnt = 0;
  for (let i = 0; i < energy.length; i++) {
    const de = energy[i] - pre.e0;
    if (de >= pre.pre1 && de <= pre.pre2) {
      ss += (mu[i] - pre.preEdge[i]) ** 2;
      cnt++;
    }
  }
  const noise = cnt > 2 ? Math.sqrt(ss / cnt) : 0;
  if (!(pre.edgeStep > 1e-10) || pre.edgeStep < 3 * noise) {
    throw new BeamflowError({ kind: 'BadFile', file: source, problem: `no absorption edge: edge step ${pre.edgeStep.toPrecision(3)} is within the pre-edge noise (rms ${noise.toPrecision(3)})` });
  }
}

/** The xftf kmax the reference uses on short data: min(kmax, floor(2·(k_last − 0.5))/2). */
export function clipXftfKmax(kmax: number, kLast: number): number {
  return Math.min(kmax, Math.floor(2 * (kLast - 0.5)) / 2);
}

/** read → χ(R) for one spectrum: prepare, pre_edge, autobk, xftf. */
export function reduceSpectrum(energyIn: Float64Array, muIn: Float64Array, source: string, params: ReduceParams = REDUCE_DEFAULTS): Reduced {
  const { energy, mu, repairs } = prepareSpectrum(energyIn, muIn, source);
  const pre = preEdge(energy, mu, params.preEdge);
  checkEdge(pre, energy, mu, source);
  let bkg: AutobkResult;
  try {
    bkg = autobk(energy, mu, pre.e0, pre.edgeStep, { ...REDUCE_DEFAULTS.autobk, ...params.autobk });
  } catch (e) {
    throw new BeamflowError({ kind: 'BadFile', file: source, problem: (e as Error).message });
  }
  const kLast = bkg.k[bkg.k.length - 1];
  const xftfKmax = clipXftfKmax(params.xftf.kmax ?? 12, kLast);
  const ft = xftf(bkg.k, bkg.chi, { ...params.xftf, kmax: xftfKmax });
  return { energy, mu, pre, bkg, ft, xftfKmax, repairs };
}
