/**
 * The engine: a pipeline, a document with its history, a data store, and the node outputs as RxJS
 * subjects. Every user action is one history step; every change (actions, data arriving, undo/redo) is also
 * emitted on `events$` as a plain object, so a session can be recorded and replayed with `apply`.
 * Recomputation is asynchronous and coalesced: many quick changes lead to one pulse on the latest state.
 */
import { is, List, OrderedMap } from 'immutable';
import { BehaviorSubject, Observable, Subject } from 'rxjs';
import type { Action, DataEvent, EngineEvent, ItemInit, LoadEvent, RestoreHistoryEvent } from '../history/actions.ts';
import { type Document, emptyDocument, type ItemSource } from '../history/document.ts';
import { canRedo, canUndo, current, type History, moveTo, push, startHistory } from '../history/history.ts';
import { reduce } from '../history/reduce.ts';
import { ResultCache } from './cache.ts';
import type { Combiner } from './combine.ts';
import { BeamflowError } from './errors.ts';
import type { Executor } from './exec/executor.ts';
import { PoolExecutor } from './exec/pool.ts';
import type { Pipeline } from './pipeline.ts';
import { Propagator } from './propagate.ts';
import type { ItemAtNode, NodeOutput, RunRecord } from './state.ts';
import { DataStore } from './store.ts';
import type { NodeData, ParamValue } from './types.ts';
import { validateEntryData } from './validate.ts';
import { feed, type FeedEvent, type FeedOptions } from './feed.ts';
import type { Subscription } from 'rxjs';

export interface EngineOptions {
  /** Worker threads for transforms that declare a `location` (0 = everything on the main thread). */
  readonly workers?: number;
  /** Or any executor (e.g. the distributed one). Takes precedence over `workers`. */
  readonly executor?: Executor;
  /** Bytes of results kept for instant undo/redo beyond what the nodes show now (default 256 MiB). */
  readonly cacheBytes?: number;
  /** Extra combination operations (e.g. an XAFS merge), by op name. */
  readonly combiners?: Readonly<Record<string, Combiner>>;
}

export interface AddItemInput {
  readonly name: string;
  readonly entry: string;
  readonly id?: string;
  readonly data?: NodeData;
  readonly source?: ItemSource;
  readonly params?: Readonly<Record<string, Readonly<Record<string, ParamValue>>>>;
  readonly paramsFrom?: string;
  readonly stop?: string | null;
  readonly meta?: Readonly<Record<string, string | number | boolean>>;
  /** For error messages: the file the data came from. */
  readonly file?: string;
  /** The item could not be loaded: it is added (so the user sees it) in the failed state with this message. */
  readonly error?: string;
}

export interface CombinationInput {
  readonly name: string;
  readonly op: string;
  readonly parents: readonly string[];
  readonly node: string;
  readonly id?: string;
  readonly index?: number;
  readonly ncomp?: number;
  readonly params?: AddItemInput['params'];
}

export interface HistoryView {
  readonly labels: readonly string[];
  readonly cursor: number;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
}

type Ids = readonly string[] | 'selection';

export class Engine {
  readonly pipeline: Pipeline;
  private history: History;
  private readonly store = new DataStore();
  private readonly cache: ResultCache;
  private readonly propagator: Propagator;
  private readonly executor: Executor | null;
  private readonly ownsExecutor: boolean;
  private readonly outputs = new Map<string, BehaviorSubject<NodeOutput>>();
  private dirty: Set<string> | 'all' | null = null;
  private loop: Promise<void> | null = null;
  private idCounter = 0;
  private closed = false;
  private lastHistory: History | null = null;

  /** Every state-changing event, in order (for session recording). */
  readonly events$ = new Subject<EngineEvent>();
  /** Each transform run (not cache hits): what re-ran, for tests and the GUI's activity view. */
  readonly runs$ = new Subject<RunRecord>();
  readonly document$: BehaviorSubject<Document>;
  readonly history$: BehaviorSubject<HistoryView>;
  /** true while a pulse is computing (the GUI's live indicator). */
  readonly busy$ = new BehaviorSubject<boolean>(false);

  constructor(pipeline: Pipeline, opts: EngineOptions = {}) {
    this.pipeline = pipeline;
    this.history = startHistory(emptyDocument);
    this.cache = new ResultCache(opts.cacheBytes ?? 256 * 2 ** 20);
    this.executor = opts.executor ?? (opts.workers && opts.workers > 0 ? new PoolExecutor({ threads: opts.workers }) : null);
    this.ownsExecutor = !opts.executor && this.executor !== null;
    this.propagator = new Propagator(pipeline, this.cache, {
      executor: this.executor,
      ...(opts.combiners ? { combiners: opts.combiners } : {}),
      onRun: (r) => this.runs$.next(r),
    });
    for (const id of pipeline.order) this.outputs.set(id, new BehaviorSubject<NodeOutput>(OrderedMap()));
    this.document$ = new BehaviorSubject(this.document);
    this.history$ = new BehaviorSubject(this.historyView());
  }

  get document(): Document {
    return current(this.history);
  }

  get historyState(): History {
    return this.history;
  }

  /** Node output as an observable; a late subscriber gets the current value at once. */
  node$(node: string): Observable<NodeOutput> {
    return this.subject(node).asObservable();
  }

  output(node: string): NodeOutput {
    return this.subject(node).getValue();
  }

  state(node: string, item: string): ItemAtNode | undefined {
    return this.output(node).get(item);
  }

  /** The item's data at a node, if it is computed there and ok. */
  data(node: string, item: string): NodeData | undefined {
    const s = this.state(node, item);
    return s?.status === 'ok' ? s.data : undefined;
  }

  newId(prefix = 'item'): string {
    let id: string;
    do id = `${prefix}-${++this.idCounter}`;
    while (this.document.items.has(id));
    return id;
  }

  // ---- actions (each one history step) ----

  addItem(input: AddItemInput): string {
    return this.addItems([input])[0];
  }

  /** Adds many items as one history step (validated first: on a bad input nothing changes). */
  addItems(inputs: readonly AddItemInput[], label?: string): string[] {
    const inits: ItemInit[] = inputs.map((i) => {
      const id = i.id ?? this.newId();
      const node = this.pipeline.nodes.get(i.entry);
      if (!node) throw new BeamflowError({ kind: 'UnknownNode', node: i.entry, where: `entry of item '${i.name}'` });
      if (i.data && i.error === undefined) validateEntryData(node, i.name, i.data, i.file);
      return {
        id,
        name: i.name,
        entry: i.entry,
        source: i.source ?? { kind: 'data' },
        ...(i.params ? { params: i.params } : {}),
        ...(i.paramsFrom !== undefined ? { paramsFrom: i.paramsFrom } : {}),
        ...(i.stop !== undefined ? { stop: i.stop } : {}),
        ...(i.meta ? { meta: i.meta } : {}),
        ...(i.data ? { data: i.data } : {}),
        ...(i.error !== undefined ? { error: i.error } : {}),
      };
    });
    this.apply({ type: 'addItems', items: inits, ...(label ? { label } : {}) });
    return inits.map((i) => i.id);
  }

  addCombination(c: CombinationInput): string {
    const id = c.id ?? this.newId('combo');
    const source: ItemSource = {
      kind: 'combination',
      op: c.op,
      parents: [...c.parents],
      ...(c.index !== undefined ? { index: c.index } : {}),
      ...(c.ncomp !== undefined ? { ncomp: c.ncomp } : {}),
    };
    this.apply({ type: 'addItems', items: [{ id, name: c.name, entry: c.node, source, ...(c.params ? { params: c.params } : {}) }], label: `${c.op} of ${c.parents.length}` });
    return id;
  }

  /** PCA of the parents at a node as one step: `ncomp` component items and one reconstruction per parent. */
  addPca(c: { readonly name: string; readonly parents: readonly string[]; readonly node: string; readonly ncomp: number }): { components: string[]; reconstructions: string[] } {
    const comps: ItemInit[] = [];
    const recs: ItemInit[] = [];
    for (let k = 0; k < c.ncomp; k++)
      comps.push({ id: this.newId('combo'), name: `${c.name} PC${k + 1}`, entry: c.node, source: { kind: 'combination', op: 'pca-component', parents: [...c.parents], index: k } });
    c.parents.forEach((pid, i) =>
      recs.push({ id: this.newId('combo'), name: `${c.name} ${this.document.items.get(pid)?.name ?? pid} (${c.ncomp} PC)`, entry: c.node, source: { kind: 'combination', op: 'pca-reconstruction', parents: [...c.parents], index: i, ncomp: c.ncomp } }),
    );
    this.apply({ type: 'addItems', items: [...comps, ...recs], label: `PCA of ${c.parents.length}` });
    return { components: comps.map((x) => x.id), reconstructions: recs.map((x) => x.id) };
  }

  removeItems(ids: Ids): void {
    this.apply({ type: 'removeItems', ids: this.ids(ids) });
  }

  setParams(ids: Ids, transform: string, values: Readonly<Record<string, ParamValue>>): void {
    this.apply({ type: 'setParams', ids: this.ids(ids), transform, values });
  }

  applyLastChange(ids: Ids): void {
    this.apply({ type: 'applyLastChange', ids: this.ids(ids) });
  }

  copyParams(from: string, to: Ids, transforms?: readonly string[]): void {
    this.apply({ type: 'copyParams', from, to: this.ids(to), ...(transforms ? { transforms } : {}) });
  }

  select(ids: readonly string[]): void {
    this.apply({ type: 'select', ids });
  }

  setStop(ids: Ids, node: string | null): void {
    this.apply({ type: 'setStop', ids: this.ids(ids), node });
  }

  rename(id: string, name: string): void {
    this.apply({ type: 'rename', id, name });
  }

  setMeta(ids: Ids, key: string, value: string | number | boolean): void {
    this.apply({ type: 'setMeta', ids: this.ids(ids), key, value });
  }

  undo(): void {
    this.apply({ type: 'undo' });
  }

  redo(): void {
    this.apply({ type: 'redo' });
  }

  jump(index: number): void {
    this.apply({ type: 'jump', index });
  }

  /**
   * Replaces the whole document (a project being loaded) as one history step; `data` gives entry data by
   * item id (kept in the data store). Everything is recomputed from scratch, through the cache.
   */
  load(doc: Document, data: ReadonlyMap<string, NodeData> = new Map(), label = 'load'): void {
    this.apply({ type: 'load', doc, data, label });
  }

  private applyLoad({ doc, data, label }: LoadEvent): void {
    for (const [id, d] of data) {
      const it = doc.items.get(id);
      const node = it ? this.pipeline.nodes.get(it.entry) : undefined;
      if (it && node) validateEntryData(node, it.name, d);
    }
    for (const [id, d] of data) this.store.set(id, d);
    this.history = push(this.history, { doc, label, mergeKey: null, touched: 'all' });
    this.markDirty('all');
  }

  /**
   * Replaces the whole history (a project saved with its undo history): the given steps become the history
   * and the cursor moves to `cursor`. Each step's touched items are found by comparing consecutive documents,
   * so undo/redo after a restore recomputes only what differs, as before the save.
   */
  restoreHistory(steps: readonly { readonly doc: Document; readonly label: string }[], cursor: number, data: ReadonlyMap<string, NodeData> = new Map()): void {
    this.apply({ type: 'restoreHistory', steps, cursor, data });
  }

  private applyRestore({ steps, cursor, data }: RestoreHistoryEvent): void {
    if (steps.length === 0) throw new BeamflowError({ kind: 'BadDocument', problem: 'a history needs at least one step' });
    if (!Number.isInteger(cursor) || cursor < 0 || cursor >= steps.length) throw new BeamflowError({ kind: 'BadDocument', problem: `history cursor ${cursor} outside 0..${steps.length - 1}` });
    for (const [id, d] of data) {
      const it = steps[cursor].doc.items.get(id) ?? steps.find((st) => st.doc.items.has(id))?.doc.items.get(id);
      const node = it ? this.pipeline.nodes.get(it.entry) : undefined;
      if (it && node) validateEntryData(node, it.name, d);
    }
    for (const [id, d] of data) this.store.set(id, d);
    const list = steps.map((st, i) => ({ doc: st.doc, label: st.label, mergeKey: null, touched: i === 0 ? ('all' as const) : changedItems(steps[i - 1].doc, st.doc) }));
    this.history = { steps: List(list), cursor };
    this.markDirty('all');
  }

  /** The data an item entered with (the data store's current value). */
  entryData(id: string): NodeData | undefined {
    return this.store.get(id)?.data;
  }

  // ---- data (not history steps) ----

  setData(id: string, data: NodeData): void {
    this.apply({ type: 'setData', id, data });
  }

  /** Feeds the engine from an Observable of item events (files, live streams, simulators). */
  feed(source$: Observable<FeedEvent>, opts: FeedOptions = {}): Subscription {
    return feed(this, source$, opts);
  }

  /** Marks an item's data as unusable (e.g. a bad point arrived); the item shows as failed with the message. */
  failData(id: string, error: string): void {
    this.apply({ type: 'failData', id, error });
  }

  /** Grows an item point by point (a scan being measured). */
  appendData(id: string, points: NodeData): void {
    this.apply({ type: 'appendData', id, data: points });
  }

  /** Applies one event: what every method above does, and what a replay calls. Throws on bad input. */
  apply(e: EngineEvent): void {
    if (this.closed) throw new Error('engine is closed');
    switch (e.type) {
      case 'undo':
      case 'redo':
      case 'jump': {
        const target = e.type === 'undo' ? this.history.cursor - 1 : e.type === 'redo' ? this.history.cursor + 1 : e.index;
        if (target < 0 || target >= this.history.steps.size) return;
        const { history, touched } = moveTo(this.history, target);
        this.history = history;
        this.markDirty(touched);
        break;
      }
      case 'setData':
      case 'appendData':
        this.applyData(e);
        break;
      case 'failData':
        this.store.fail(e.id, e.error);
        this.markDirty(new Set([e.id]));
        break;
      case 'load':
        this.applyLoad(e);
        break;
      case 'restoreHistory':
        this.applyRestore(e);
        break;
      default:
        this.applyAction(e);
    }
    this.events$.next(e);
  }

  private applyAction(a: Action): void {
    const r = reduce(this.pipeline, this.document, a);
    if (a.type === 'addItems')
      for (const it of a.items) {
        if (it.data) this.store.set(it.id, it.data);
        if (it.error !== undefined) this.store.fail(it.id, it.error);
      }
    if (r.doc === this.document && r.touched.size === 0 && a.type !== 'addItems') return;
    this.history = push(this.history, { doc: r.doc, label: r.label, mergeKey: r.mergeKey, touched: r.touched });
    this.markDirty(r.touched);
  }

  private applyData(e: Extract<DataEvent, { type: 'setData' | 'appendData' }>): void {
    const it = this.document.items.get(e.id);
    const entry = it ? this.pipeline.nodes.get(it.entry) : undefined;
    if (it?.source.kind === 'combination') throw new BeamflowError({ kind: 'BadInput', item: it.name, field: '(data)', problem: 'a combination has no data of its own' });
    if (entry) validateEntryData(e.type === 'appendData' ? { ...entry, arrays: entry.arrays.map((a) => ({ ...a, optional: true })) } : entry, it!.name, e.data);
    if (e.type === 'setData') this.store.set(e.id, e.data);
    else this.store.append(e.id, e.data);
    this.markDirty(new Set([e.id]));
  }

  private ids(ids: Ids): readonly string[] {
    return ids === 'selection' ? [...this.document.selection] : ids;
  }

  // ---- propagation ----

  private markDirty(touched: ReadonlySet<string> | 'all'): void {
    if (this.document$.getValue() !== this.document) this.document$.next(this.document);
    if (this.history !== this.lastHistory) {
      this.lastHistory = this.history;
      this.history$.next(this.historyView());
    }
    if (touched !== 'all' && touched.size === 0) return;
    if (touched === 'all' || this.dirty === 'all') this.dirty = 'all';
    else {
      this.dirty ??= new Set();
      for (const id of touched) this.dirty.add(id);
    }
    this.loop ??= this.runLoop();
  }

  private async runLoop(): Promise<void> {
    await Promise.resolve();
    this.busy$.next(true);
    try {
      while (this.dirty !== null && !this.closed) {
        const dirty = this.dirty;
        this.dirty = null;
        const doc = this.document;
        const changed = await this.propagator.pulse(doc, this.store, dirty);
        this.emit(changed);
      }
    } finally {
      this.loop = null;
      this.busy$.next(false);
    }
  }

  /** One emission per affected node, in rank order, after the whole pulse is computed. */
  private emit(changed: Map<string, Set<string>>): void {
    for (const node of this.pipeline.order) {
      const ids = changed.get(node)!;
      if (ids.size === 0) continue;
      const subject = this.subject(node);
      const next = subject.getValue().withMutations((m) => {
        for (const id of ids) {
          const at = this.propagator.state(node, id);
          if (at) m.set(id, at);
          else m.delete(id);
        }
      });
      subject.next(next);
    }
  }

  /** Resolves when every change so far has been propagated and emitted. */
  async settled(): Promise<void> {
    while (this.loop) await this.loop;
  }

  private subject(node: string): BehaviorSubject<NodeOutput> {
    const s = this.outputs.get(node);
    if (!s) throw new BeamflowError({ kind: 'UnknownNode', node, where: 'node output' });
    return s;
  }

  private historyView(): HistoryView {
    const h = this.history;
    return { labels: h.steps.map((s) => s.label).toArray(), cursor: h.cursor, canUndo: canUndo(h), canRedo: canRedo(h) };
  }

  get cacheStats(): { hits: number; misses: number; entries: number; bytes: number } {
    return { hits: this.cache.hits, misses: this.cache.misses, entries: this.cache.size, bytes: this.cache.totalBytes };
  }

  async close(): Promise<void> {
    await this.settled();
    this.closed = true;
    for (const s of this.outputs.values()) s.complete();
    this.events$.complete();
    this.runs$.complete();
    this.document$.complete();
    this.history$.complete();
    this.busy$.complete();
    if (this.ownsExecutor) await this.executor?.close();
  }
}

/** Items that differ (by value) between two documents. */
function changedItems(a: Document, b: Document): ReadonlySet<string> {
  const out = new Set<string>();
  for (const [id, it] of b.items) if (!is(a.items.get(id), it)) out.add(id);
  for (const id of a.items.keys()) if (!b.items.has(id)) out.add(id);
  return out;
}

export function createEngine(pipeline: Pipeline, opts: EngineOptions = {}): Engine {
  return new Engine(pipeline, opts);
}
