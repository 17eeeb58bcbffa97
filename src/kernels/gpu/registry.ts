/**
 * Backends of one kernel behind one signature, chosen at run time. A backend registers with a tier and a probe
 * that says whether it can run here (and why not); `choose` walks GPU → workers → plain TypeScript and takes
 * the first that answers, reporting what it skipped and why, so a result can say which backend made it.
 */

export type Tier = 'gpu' | 'workers' | 'typescript';
const TIER_ORDER: readonly Tier[] = ['gpu', 'workers', 'typescript'];

export interface Backend<F> {
  readonly name: string;
  readonly tier: Tier;
  /** null when the backend can run here, otherwise the reason it cannot. */
  probe(): Promise<string | null>;
  readonly run: F;
}

export interface Choice<F> {
  readonly backend: Backend<F>;
  readonly skipped: readonly { readonly name: string; readonly reason: string }[];
}

export interface ChooseOptions {
  /** Start at this tier (e.g. 'workers' to keep a GPU free); lower tiers stay as fallbacks. */
  readonly from?: Tier;
  /** Backend names never to take. */
  readonly exclude?: readonly string[];
}

export class KernelRegistry<F> {
  private readonly backends: Backend<F>[] = [];

  constructor(readonly kernel: string) {}

  register(backend: Backend<F>): this {
    if (this.backends.some((b) => b.name === backend.name)) throw new Error(`${this.kernel}: backend ${backend.name} registered twice`);
    this.backends.push(backend);
    return this;
  }

  /** Registered backends in the order `choose` tries them. */
  list(): readonly Backend<F>[] {
    return [...this.backends].sort((a, b) => TIER_ORDER.indexOf(a.tier) - TIER_ORDER.indexOf(b.tier));
  }

  async choose(opts: ChooseOptions = {}): Promise<Choice<F>> {
    const skipped: { name: string; reason: string }[] = [];
    const start = TIER_ORDER.indexOf(opts.from ?? 'gpu');
    for (const b of this.list()) {
      if (TIER_ORDER.indexOf(b.tier) < start) { skipped.push({ name: b.name, reason: `tier ${b.tier} is above ${opts.from}` }); continue; }
      if (opts.exclude?.includes(b.name)) { skipped.push({ name: b.name, reason: 'excluded' }); continue; }
      const reason = await b.probe().catch((e: unknown) => `probe failed: ${String(e)}`);
      if (reason === null) return { backend: b, skipped };
      skipped.push({ name: b.name, reason });
    }
    throw new Error(`${this.kernel}: no backend can run here (${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')})`);
  }
}
