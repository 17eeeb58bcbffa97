/**
 * One propagation pulse: given the document, the data store and the items that may have changed, bring every
 * node's state up to date. Nodes are visited in rank order, so a node is computed only after all the nodes
 * feeding it (a diamond never sees half-updated inputs). Per (item, node) a signature made of the input
 * versions and parameter keys decides whether anything must run; unchanged items keep their very objects.
 * All transform runs of one phase at one node go to the executor together (one batch across items).
 */
import type { Document, ItemDoc } from '../history/document.ts';
import { type Combiner, combinerFor } from './combine.ts';
import { messageOf } from './errors.ts';
import type { Executor, TaskResult, TransformTask } from './exec/executor.ts';
import { paramsKey, paramsObject, type ParamMap } from './params.ts';
import { itemReaches, type Pipeline } from './pipeline.ts';
import type { ResultCache } from './cache.ts';
import type { ItemAtNode, RunRecord } from './state.ts';
import type { DataStore } from './store.ts';
import type { AnyTransform, NodeData } from './types.ts';
import { nextVersion } from './version.ts';
import { declaredInput } from './declared-input.ts';

interface Memo {
  readonly sig: string;
  readonly at: ItemAtNode;
}

/** A computation in flight for one item at one node. */
interface Job {
  readonly item: ItemDoc;
  readonly sig: string;
  cur: ItemAtNode | null;
}

export interface PropagatorOptions {
  readonly executor: Executor | null;
  readonly combiners?: Readonly<Record<string, Combiner>>;
  readonly onRun?: (r: RunRecord) => void;
}

const SEP = '\u0001';

export class Propagator {
  /** node → item → last computed state and its signature */
  private readonly memo = new Map<string, Map<string, Memo>>();
  private lastYield = performance.now();
  private readonly comboIds = new Set<string>();
  /** transform name → running mean of one run's time (ms) */
  private readonly costs = new Map<string, number>();
  /** node → transforms out of it (to another node), in declaration order */
  private readonly outgoing = new Map<string, AnyTransform[]>();
  /**
   * Results computed ahead by a chained task (a worker ran the next nodes' transforms on its output), keyed
   * like the cache; taken when the pulse reaches those nodes, dropped at the end of the pulse.
   */
  private readonly prefetched = new Map<string, ItemAtNode>();

  constructor(
    private readonly p: Pipeline,
    private readonly cache: ResultCache,
    private readonly opts: PropagatorOptions,
  ) {
    for (const id of p.order) {
      this.memo.set(id, new Map());
      this.outgoing.set(id, []);
    }
    for (const t of p.transforms.values()) if (t.from !== t.to) this.outgoing.get(t.from)!.push(t);
  }

  state(node: string, item: string): ItemAtNode | undefined {
    return this.memo.get(node)?.get(item)?.at;
  }

  /** Returns, per node, the items whose state changed (or disappeared). */
  async pulse(doc: Document, store: DataStore, dirty: ReadonlySet<string> | 'all'): Promise<Map<string, Set<string>>> {
    try {
      return await this.pulseNodes(doc, store, dirty);
    } finally {
      this.prefetched.clear();
    }
  }

  private async pulseNodes(doc: Document, store: DataStore, dirty: ReadonlySet<string> | 'all'): Promise<Map<string, Set<string>>> {
    const changed = new Map<string, Set<string>>(this.p.order.map((n) => [n, new Set<string>()]));
    const gone = dirty === 'all' ? this.knownItems().filter((id) => !doc.items.has(id)) : [...dirty].filter((id) => !doc.items.has(id));
    for (const id of gone) for (const [node, m] of this.memo) if (m.delete(id)) changed.get(node)!.add(id);
    this.trackCombos(doc, dirty);

    for (const node of this.p.order) {
      const cands = new Set<string>();
      if (dirty === 'all') for (const id of doc.items.keys()) cands.add(id);
      else for (const id of dirty) if (doc.items.has(id)) cands.add(id);
      for (const t of this.p.incoming.get(node)!) for (const id of changed.get(t.from)!) if (doc.items.has(id)) cands.add(id);

      const regular: ItemDoc[] = [];
      const combos: ItemDoc[] = [];
      for (const id of cands) {
        const it = doc.items.get(id)!;
        if (!itemReaches(this.p, it.entry, it.stop, node)) {
          if (this.memo.get(node)!.delete(id)) changed.get(node)!.add(id);
          continue;
        }
        if (it.entry === node && it.source.kind === 'combination') combos.push(it);
        else regular.push(it);
      }
      await this.computeRegular(node, regular, store, changed.get(node)!);
      this.computeCombos(node, doc, combos, changed.get(node)!);
    }
    return changed;
  }

  private knownItems(): string[] {
    const s = new Set<string>();
    for (const m of this.memo.values()) for (const id of m.keys()) s.add(id);
    return [...s];
  }

  private params(it: ItemDoc, t: AnyTransform): ParamMap {
    return it.params.get(t.name)!;
  }

  private signature(node: string, it: ItemDoc, store: DataStore): string {
    const parts: string[] = [];
    if (it.entry === node) parts.push(`E${store.get(it.id)?.version ?? 'none'}`);
    else
      for (const t of this.p.incoming.get(node)!) {
        if (!itemReaches(this.p, it.entry, it.stop, t.from)) continue;
        parts.push(`${t.name}:${this.state(t.from, it.id)?.version ?? 'none'}:${paramsKey(this.params(it, t))}`);
      }
    for (const t of this.p.inPlace.get(node)!) parts.push(`${t.name}:${paramsKey(this.params(it, t))}`);
    return parts.join(SEP);
  }

  private async computeRegular(node: string, items: readonly ItemDoc[], store: DataStore, changed: Set<string>): Promise<void> {
    const memo = this.memo.get(node)!;
    const jobs: Job[] = [];
    for (const it of items) {
      const sig = this.signature(node, it, store);
      if (memo.get(it.id)?.sig === sig) continue;
      jobs.push({ item: it, sig, cur: null });
    }
    if (jobs.length === 0) return;

    // Phase 1: the node's base value (entry data, or the incoming transforms merged).
    const entryJobs = jobs.filter((j) => j.item.entry === node);
    for (const j of entryJobs) {
      const s = store.get(j.item.id);
      j.cur = !s
        ? PENDING
        : s.error !== undefined
          ? { status: 'failed', error: s.error, origin: node, transform: null, version: s.version }
          : { status: 'ok', data: s.data, version: s.version, backend: 'input' };
    }
    const flowing = jobs.filter((j) => j.item.entry !== node);
    if (flowing.length > 0) {
      const parts = new Map<Job, ItemAtNode[]>();
      const steps: Step[] = [];
      for (const j of flowing) {
        parts.set(j, []);
        for (const t of this.p.incoming.get(node)!) {
          if (!itemReaches(this.p, j.item.entry, j.item.stop, t.from)) continue;
          const up = this.state(t.from, j.item.id);
          const slot = parts.get(j)!.push(PLACEHOLDER) - 1;
          steps.push({ job: j, t, input: up ?? PENDING, write: (at) => (parts.get(j)![slot] = at) });
        }
      }
      await this.runSteps(node, steps, false);
      for (const j of flowing) j.cur = this.mergeIncoming(node, j.item.id, parts.get(j)!);
    }

    // Phase 2..: transforms working in place at this node, in declaration order.
    for (const t of this.p.inPlace.get(node)!) {
      const steps: Step[] = jobs.map((j) => ({ job: j, t, input: j.cur!, write: (at) => (j.cur = at) }));
      await this.runSteps(node, steps, true);
    }

    for (const j of jobs) {
      const prev = memo.get(j.item.id);
      memo.set(j.item.id, { sig: j.sig, at: j.cur! });
      if (prev?.at !== j.cur) changed.add(j.item.id);
    }
  }

  private mergeIncoming(node: string, item: string, parts: readonly ItemAtNode[]): ItemAtNode {
    if (parts.length === 1) return parts[0];
    const failed = parts.find((a) => a.status === 'failed');
    if (failed) return failed;
    if (parts.some((a) => a.status === 'pending')) return PENDING;
    const key = [item, `@merge:${node}`, ...parts.map((a) => a.version)].join(SEP);
    const hit = this.cache.get(key);
    if (hit) return hit;
    const data: Record<string, NodeData[string]> = {};
    for (const a of parts) if (a.status === 'ok') Object.assign(data, a.data);
    const at: ItemAtNode = { status: 'ok', data, version: nextVersion(), backend: 'merge' };
    this.cache.set(key, at);
    return at;
  }

  /** Runs one phase: cache hits and propagated failures first, then the rest as one executor batch. */
  private async runSteps(node: string, steps: readonly Step[], inPlace: boolean): Promise<void> {
    const toPool: { step: Step; key: string; task: TransformTask; chain: readonly ChainStep[] }[] = [];
    // One decision per transform per phase, from what it cost so far.
    const ship = new Map<string, boolean>();
    const shipping = (t: AnyTransform): boolean => {
      let v = ship.get(t.name);
      if (v === undefined) ship.set(t.name, (v = this.worthShipping(t)));
      return v;
    };
    for (const s of steps) {
      const { job, t, input } = s;
      if (input.status !== 'ok') {
        s.write(input.status === 'pending' ? PENDING : this.cachedFailureCopy(job.item.id, t, input));
        continue;
      }
      const pm = this.params(job.item, t);
      const key = [job.item.id, t.name, input.version, paramsKey(pm)].join(SEP);
      const ahead = this.prefetched.get(key);
      if (ahead) {
        this.prefetched.delete(key);
        this.cache.set(key, ahead);
        s.write(ahead);
        continue;
      }
      const hit = this.cache.get(key);
      if (hit) {
        s.write(hit);
        continue;
      }
      const missing = missingInputs(this.p, t, input.data);
      if (missing) {
        const at = failed(node, t.name, missing);
        this.cache.set(key, at);
        s.write(at);
        continue;
      }
      if (this.opts.executor && t.location && !t.sequential && shipping(t)) {
        const chain = !inPlace && this.opts.executor.chains ? this.chainAfter(node, job.item) : [];
        const then = chain.map((c) => ({ transform: c.t.name, location: c.t.location!, params: paramsObject(c.pm), required: requiredInputs(this.p, c.t) }));
        const task: TransformTask = { item: job.item.id, transform: t.name, location: t.location, params: paramsObject(pm), input: declaredInput(t, input.data), ...(then.length > 0 ? { then } : {}) };
        toPool.push({ step: s, key, task, chain });
        continue;
      }
      let at: ItemAtNode;
      const t0 = performance.now();
      try {
        const out = t.run(declaredInput(t, input.data), paramsObject(pm) as never);
        at = { status: 'ok', data: inPlace ? { ...input.data, ...out } : out, version: nextVersion(), backend: 'main' };
      } catch (e) {
        at = failed(node, t.name, messageOf(e));
      }
      this.learnCost(t, performance.now() - t0);
      this.opts.onRun?.({ item: job.item.id, transform: t.name, node, backend: 'main' });
      this.cache.set(key, at);
      s.write(at);
      await this.maybeYield();
    }
    if (toPool.length === 0) return;
    const results = await this.opts.executor!.run(toPool.map((x) => x.task));
    const times = new Map<AnyTransform, number[]>();
    const timed = (t: AnyTransform, ms: number | undefined): void => {
      if (ms === undefined) return;
      const list = times.get(t);
      if (list) list.push(ms);
      else times.set(t, [ms]);
    };
    results.forEach((r, i) => {
      const { step, key, chain } = toPool[i];
      timed(step.t, r.ms);
      const input = step.input as Extract<ItemAtNode, { status: 'ok' }>;
      const at: ItemAtNode = r.ok
        ? { status: 'ok', data: inPlace ? { ...input.data, ...r.data } : r.data, version: nextVersion(), backend: r.backend }
        : failed(node, step.t.name, r.error);
      this.opts.onRun?.({ item: step.job.item.id, transform: step.t.name, node, backend: r.backend });
      this.cache.set(key, at);
      step.write(at);
      if (r.ok && r.chain && at.status === 'ok') this.acceptChain(step.job.item.id, chain, at, r.chain, timed);
    });
    // The median time of a batch is robust to a worker's first (compiling) run and to GC pauses.
    for (const [t, ms] of times) {
      const median = ms.sort((a, b) => a - b)[ms.length >> 1];
      if (ms.length >= 8) this.costs.set(t.name, median);
      else this.learnCost(t, median);
    }
  }

  /**
   * The linear chain of transforms after `node` that a worker can run on this item's result there: each next
   * node must receive exactly that result (one incoming transform reaching the item, nothing in place), the
   * item must reach it, and the transform must be shippable. Fan-outs end the chain.
   */
  private chainAfter(node: string, it: ItemDoc): ChainStep[] {
    const out: ChainStep[] = [];
    const reaches = (n: string): boolean => itemReaches(this.p, it.entry, it.stop, n);
    for (let n = node; ; ) {
      if (this.p.inPlace.get(n)!.length > 0) break;
      if (this.p.incoming.get(n)!.filter((t) => reaches(t.from)).length !== 1) break;
      const next = this.outgoing.get(n)!.filter((t) => reaches(t.to));
      if (next.length !== 1) break;
      const t = next[0];
      if (!t.location || t.sequential) break;
      out.push({ t, node: t.to, pm: this.params(it, t) });
      n = t.to;
    }
    return out;
  }

  /** Files a chained task's further results under the keys the pulse will look up at the next nodes. */
  private acceptChain(item: string, chain: readonly ChainStep[], first: ItemAtNode, results: readonly TaskResult[], timed: (t: AnyTransform, ms: number | undefined) => void): void {
    let prev = first;
    for (let k = 0; k < results.length && k < chain.length; k++) {
      const link = chain[k];
      const r = results[k];
      const at: ItemAtNode = r.ok ? { status: 'ok', data: r.data, version: nextVersion(), backend: r.backend } : failed(link.node, link.t.name, r.error);
      this.prefetched.set([item, link.t.name, prev.version, paramsKey(link.pm)].join(SEP), at);
      timed(link.t, r.ms);
      this.opts.onRun?.({ item, transform: link.t.name, node: link.node, backend: r.backend });
      if (at.status !== 'ok') break;
      prev = at;
    }
  }

  /**
   * Ship a transform to the executor only when one run costs more than shipping it (packing, a thread hop,
   * unpacking: about SHIP_MS per item here); the chain after it goes along. Costs are learnt from every run, on
   * any backend; a transform never measured yet is shipped, so a heavy one is never stuck on the main thread.
   * (Deciding on the whole chain's cost instead shipped cheap heads with an expensive tail: measured slower.)
   */
  private worthShipping(t: AnyTransform): boolean {
    const c = this.costs.get(t.name);
    return c === undefined || c > SHIP_MS;
  }

  private learnCost(t: AnyTransform, ms: number): void {
    const c = this.costs.get(t.name);
    this.costs.set(t.name, c === undefined ? ms : 0.7 * c + 0.3 * ms);
  }

  /** Downstream of a failure: the same error, remembered per (item, transform, upstream version). */
  private cachedFailureCopy(item: string, t: AnyTransform, up: Extract<ItemAtNode, { status: 'failed' }>): ItemAtNode {
    const key = [item, t.name, up.version, 'failed-upstream'].join(SEP);
    const hit = this.cache.get(key);
    if (hit) return hit;
    const at: ItemAtNode = { ...up, version: nextVersion() };
    this.cache.set(key, at);
    return at;
  }

  private computeCombos(node: string, doc: Document, direct: readonly ItemDoc[], changed: Set<string>): void {
    const memo = this.memo.get(node)!;
    const todo = new Map<string, ItemDoc>(direct.map((c) => [c.id, c]));
    // Combinations whose parents changed here, found through the document's combinations at this node.
    if (changed.size > 0 || todo.size > 0) {
      const here = this.combosAt(node, doc);
      for (let grew = true; grew; ) {
        grew = false;
        for (const it of here) {
          const s = it.source;
          if (todo.has(it.id) || s.kind !== 'combination') continue;
          if (s.parents.some((pid) => changed.has(pid) || todo.has(pid))) {
            todo.set(it.id, it);
            grew = true;
          }
        }
      }
    }
    for (const it of dependencyOrder(todo)) {
      const s = it.source;
      if (s.kind !== 'combination') continue;
      const parentStates = s.parents.map((pid) => this.state(node, pid));
      const sig = ['C', s.op, s.index ?? '', s.ncomp ?? '', ...parentStates.map((a) => a?.version ?? 'none')].join(SEP);
      if (memo.get(it.id)?.sig === sig) continue;
      const at = this.combine(node, doc, it, parentStates, sig);
      const prev = memo.get(it.id);
      memo.set(it.id, { sig, at });
      if (prev?.at !== at) changed.add(it.id);
    }
  }

  /** Keeps the set of combination items current (few of them; updated from the dirty items of each pulse). */
  private trackCombos(doc: Document, dirty: ReadonlySet<string> | 'all'): void {
    if (dirty === 'all') {
      this.comboIds.clear();
      for (const it of doc.items.values()) if (it.source.kind === 'combination') this.comboIds.add(it.id);
      return;
    }
    for (const id of dirty) {
      const it = doc.items.get(id);
      if (it?.source.kind === 'combination') this.comboIds.add(id);
      else this.comboIds.delete(id);
    }
  }

  private combosAt(node: string, doc: Document): ItemDoc[] {
    const out: ItemDoc[] = [];
    for (const id of this.comboIds) {
      const it = doc.items.get(id);
      if (it && it.entry === node) out.push(it);
    }
    return out;
  }

  private combine(node: string, doc: Document, it: ItemDoc, parents: readonly (ItemAtNode | undefined)[], sig: string): ItemAtNode {
    const s = it.source;
    if (s.kind !== 'combination') throw new Error('not a combination');
    const key = [it.id, '#combine', sig].join(SEP);
    const hit = this.cache.get(key);
    if (hit) return hit;
    let at: ItemAtNode;
    if (s.parents.length === 0) at = failed(node, null, 'combination has no parents left (they were removed)');
    else {
      const bad = parents.findIndex((a) => !a || a.status === 'failed');
      const name = (i: number): string => doc.items.get(s.parents[i])?.name ?? s.parents[i];
      if (bad >= 0) {
        const a = parents[bad];
        at = failed(node, null, a ? `parent '${name(bad)}' failed: ${a.status === 'failed' ? a.error : ''}` : `parent '${name(bad)}' does not reach node '${node}' (stopped or entered downstream)`);
      } else if (parents.some((a) => a!.status === 'pending')) at = PENDING;
      else {
        try {
          const data = combinerFor(s.op, this.opts.combiners, it.id)(
            parents.map((a) => (a as Extract<ItemAtNode, { status: 'ok' }>).data),
            this.p.nodes.get(node)!,
            { ...(s.index !== undefined ? { index: s.index } : {}), ...(s.ncomp !== undefined ? { ncomp: s.ncomp } : {}) },
          );
          at = { status: 'ok', data, version: nextVersion(), backend: 'main' };
        } catch (e) {
          at = failed(node, null, `${s.op}: ${messageOf(e)}`);
        }
        this.opts.onRun?.({ item: it.id, transform: `combine:${s.op}`, node, backend: 'main' });
      }
    }
    this.cache.set(key, at);
    return at;
  }

  private async maybeYield(): Promise<void> {
    // Keep the event loop (GUI socket, live sources) responsive during long main-thread phases.
    if (performance.now() - this.lastYield < 20) return;
    await new Promise<void>((r) => setImmediate(r));
    this.lastYield = performance.now();
  }
}

/** One link of a chained task: the transform, the node it computes, the item's parameters for it. */
interface ChainStep {
  readonly t: AnyTransform;
  readonly node: string;
  readonly pm: ParamMap;
}

interface Step {
  readonly job: Job;
  readonly t: AnyTransform;
  readonly input: ItemAtNode;
  readonly write: (at: ItemAtNode) => void;
}

/** Below this per-item cost (ms) a transform runs on the main thread: shipping it would cost more. */
const SHIP_MS = 0.15;

const PENDING: ItemAtNode = Object.freeze({ status: 'pending', version: 0 });
const PLACEHOLDER = PENDING;

/** Combinations of combinations: each after the combinations it is made of (parents predate children). */
function dependencyOrder(todo: ReadonlyMap<string, ItemDoc>): ItemDoc[] {
  const out: ItemDoc[] = [];
  const done = new Set<string>();
  const visit = (it: ItemDoc): void => {
    if (done.has(it.id)) return;
    done.add(it.id);
    const s = it.source;
    if (s.kind === 'combination') for (const pid of s.parents) {
      const parent = todo.get(pid);
      if (parent) visit(parent);
    }
    out.push(it);
  };
  for (const it of todo.values()) visit(it);
  return out;
}

function failed(node: string, transform: string | null, error: string): ItemAtNode {
  return { status: 'failed', error, origin: node, transform, version: nextVersion() };
}

/** The declared inputs a transform cannot do without (optional arrays left out). */
function requiredInputs(p: Pipeline, t: AnyTransform): string[] {
  const from = p.nodes.get(t.from)!;
  return t.inArrays.filter((name) => !from.arrays.find((a) => a.name === name)?.optional);
}

function missingInputs(p: Pipeline, t: AnyTransform, data: NodeData): string | null {
  const name = requiredInputs(p, t).find((n) => !(n in data));
  return name === undefined ? null : `missing input array '${name}' at node '${t.from}'`;
}
