/**
 * Plans are built once and reused while geometry, mask, npt, unit, method, corrections and range stay the
 * same; a rebuild logs which of them changed.
 */
import type { CsrPlan } from './csr.ts';
import type { Geometry } from './geometry.ts';
import { buildPlan, planKey } from './plan.ts';
import type { PlanOptions } from './plan.ts';

export type PlanLog = (message: string) => void;

function fields(key: string): Map<string, string> {
  return new Map(key.split(';').map((kv) => {
    const eq = kv.indexOf('=');
    return [kv.slice(0, eq), kv.slice(eq + 1)] as const;
  }));
}

/** Why a plan with key `next` cannot reuse the plan with key `prev`, e.g. "npt 1000 → 2000". */
export function rebuildReason(prev: string | null, next: string): string {
  if (prev === null) return 'first plan';
  const a = fields(prev);
  const b = fields(next);
  const changed: string[] = [];
  for (const [k, v] of b) {
    if (a.get(k) !== v) changed.push(k === 'geo' || k === 'mask' || k === 'flat' ? `${k} changed` : `${k} ${a.get(k)} → ${v}`);
  }
  return changed.join(', ');
}

export class PlanCache {
  private readonly plans = new Map<string, CsrPlan>();
  private lastKey: string | null = null;
  builds = 0;

  constructor(private readonly log: PlanLog = () => {}, private readonly capacity = 4) {}

  get(g: Geometry, o: PlanOptions): CsrPlan {
    const key = planKey(g, o);
    const hit = this.plans.get(key);
    if (hit) {
      // Refresh its place in the LRU order.
      this.plans.delete(key);
      this.plans.set(key, hit);
      this.lastKey = key;
      return hit;
    }
    const t0 = performance.now();
    const plan = buildPlan(g, o);
    this.builds++;
    this.log(`integrator plan built (${rebuildReason(this.lastKey, key)}): ${o.method}, ${o.unit}, npt ${o.npt}, ${plan.indices.length} entries, ${(performance.now() - t0).toFixed(0)} ms`);
    this.lastKey = key;
    this.plans.set(key, plan);
    while (this.plans.size > this.capacity) this.plans.delete(this.plans.keys().next().value as string);
    return plan;
  }
}
