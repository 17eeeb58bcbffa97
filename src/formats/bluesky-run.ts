/**
 * Assembles a stream of bluesky documents into runs: a run of scalar readings becomes rows that grow one item
 * point by point; a run of detector frames becomes one item per frame. Malformed documents (missing
 * descriptor, out-of-order seq_num, unknown keys, a stop without a start...) become `problem` outputs naming
 * the document, and the run goes on where it can. Synchronous and deterministic: the same documents give the
 * same outputs, which replay relies on.
 */
import type { ArrayValue, NodeData } from '../graph/types.ts';
import { validateDoc, type DescriptorDoc, type DocName, type EventPageDoc, type Json, type JsonObject, type ResourceDoc, type StartDoc } from './bluesky-docs.ts';
import type { RawDoc } from './bluesky-read.ts';
import { defaultMapping, resolveMapping, type ColumnMapping, type ResolvedColumn } from './bluesky-mapping.ts';
import { pageOf } from './bluesky-pages.ts';

/** Turns a datum (its resource and kwargs) into the array it refers to; throws with a clear message. */
export type ExternalResolver = (resource: ResourceDoc, datumKwargs: JsonObject) => ArrayValue;

export interface RunOptions {
  /** Which stream feeds the items (default 'primary'). */
  readonly stream?: string;
  /** Column → data key; default from the run's hints. */
  readonly mapping?: ColumnMapping;
  readonly resolve?: ExternalResolver;
}

export type RunOutput =
  | { readonly kind: 'run-start'; readonly run: string; readonly name: string; readonly start: StartDoc }
  | { readonly kind: 'columns'; readonly run: string; readonly mode: 'rows' | 'frames'; readonly columns: readonly ResolvedColumn[] }
  /** mode 'rows': each column holds one value per event, in seq_num order. */
  | { readonly kind: 'rows'; readonly run: string; readonly seq: readonly number[]; readonly time: readonly number[]; readonly data: NodeData }
  /** mode 'frames': one event. */
  | { readonly kind: 'frame'; readonly run: string; readonly seq: number; readonly time: number; readonly data: NodeData }
  | { readonly kind: 'run-stop'; readonly run: string; readonly exitStatus: string; readonly reason: string }
  | { readonly kind: 'problem'; readonly at: string; readonly problem: string };

interface StreamState {
  readonly desc: DescriptorDoc;
  lastSeq: number;
  columns: readonly ResolvedColumn[] | null;
}

export function runName(start: StartDoc): string {
  const plan = typeof start['plan_name'] === 'string' ? start['plan_name'] : 'run';
  const scan = typeof start['scan_id'] === 'number' ? ` #${start['scan_id']}` : '';
  return `${plan}${scan} (${start.uid.slice(0, 8)})`;
}

export class RunAssembler {
  /** Documents read, by name (invalid ones under their claimed name when it is a string). */
  readonly counts = new Map<string, number>();
  /** Events read, rows of event pages included. */
  events = 0;
  private start: StartDoc | null = null;
  private readonly streams = new Map<string, StreamState>();
  private readonly resources = new Map<string, ResourceDoc>();
  private readonly datums = new Map<string, { readonly resource: string; readonly kwargs: JsonObject }>();
  private readonly stream: string;

  private resolve: ExternalResolver | undefined;

  constructor(private readonly options: RunOptions = {}) {
    this.stream = options.stream ?? 'primary';
    this.resolve = options.resolve;
  }

  /** Replaces the datum resolver (e.g. once an HDF5 reader has loaded). */
  setResolver(resolve: ExternalResolver): void {
    this.resolve = resolve;
  }

  push(raw: RawDoc): RunOutput[] {
    if (raw.kind === 'problem') return [raw];
    if (typeof raw.name === 'string') this.counts.set(raw.name, (this.counts.get(raw.name) ?? 0) + 1);
    const v = validateDoc(raw.name, raw.doc);
    if (!v.ok) return [{ kind: 'problem', at: raw.at, problem: v.problem }];
    const out: RunOutput[] = [];
    const problem = (p: string): void => { out.push({ kind: 'problem', at: `${raw.at} (${v.value.name})`, problem: p }); };
    const d = v.value;
    switch (d.name) {
      case 'start':
        if (this.start) problem(`start of run ${d.doc.uid} before the stop of run ${this.start.uid}; closing that run`);
        this.open(d.doc);
        out.push({ kind: 'run-start', run: d.doc.uid, name: runName(d.doc), start: d.doc });
        break;
      case 'descriptor': {
        if (!this.start) problem(`descriptor ${d.doc.uid} arrived without a start document`);
        else if (d.doc.run_start !== this.start.uid) problem(`descriptor ${d.doc.uid} belongs to run ${d.doc.run_start}, not the open run ${this.start.uid}`);
        const state: StreamState = { desc: d.doc, lastSeq: 0, columns: null };
        this.streams.set(d.doc.uid, state);
        if (d.doc['name'] === this.stream || (d.doc['name'] === undefined && this.stream === 'primary')) {
          const mapping = this.options.mapping ?? defaultMapping(this.start, d.doc, this.stream);
          const r = resolveMapping(mapping, d.doc);
          if (!r.ok) problem(r.problem);
          else {
            state.columns = r.columns;
            const mode = r.columns.some((c) => c.ndim >= 2) ? 'frames' : 'rows';
            out.push({ kind: 'columns', run: this.start?.uid ?? d.doc.run_start, mode, columns: r.columns });
          }
        }
        break;
      }
      case 'event':
      case 'event_page': {
        const page: EventPageDoc = d.name === 'event' ? pageOf(d.doc) : d.doc;
        this.events += page.seq_num.length;
        this.onPage(page, out, problem);
        break;
      }
      case 'resource':
        this.resources.set(d.doc.uid, d.doc);
        break;
      case 'datum':
        this.addDatum(d.doc.datum_id, d.doc.resource, d.doc.datum_kwargs, problem);
        break;
      case 'datum_page':
        d.doc.datum_id.forEach((id, i) => {
          const kwargs: Record<string, Json> = {};
          for (const [k, col] of Object.entries(d.doc.datum_kwargs)) kwargs[k] = col[i];
          this.addDatum(id, d.doc.resource, kwargs, problem);
        });
        break;
      case 'stop':
        if (!this.start) { problem(`stop ${d.doc.uid} without a start (run ${d.doc.run_start})`); break; }
        if (d.doc.run_start !== this.start.uid) problem(`stop belongs to run ${d.doc.run_start}, but the open run is ${this.start.uid}`);
        out.push({ kind: 'run-stop', run: this.start.uid, exitStatus: d.doc.exit_status, reason: typeof d.doc['reason'] === 'string' ? d.doc['reason'] : '' });
        this.start = null;
        break;
    }
    return out;
  }

  /** The document counts as a plain object, names in event-model order then any others. */
  countsObject(): Record<string, number> {
    const order: readonly string[] = ['start', 'descriptor', 'resource', 'datum', 'datum_page', 'event', 'event_page', 'stop'] satisfies DocName[];
    const keys = [...this.counts.keys()].sort((a, b) => rankOf(order, a) - rankOf(order, b));
    return Object.fromEntries(keys.map((k) => [k, this.counts.get(k)!]));
  }

  private open(start: StartDoc): void {
    this.start = start;
    this.streams.clear();
  }

  private addDatum(id: string, resource: string, kwargs: JsonObject, problem: (p: string) => void): void {
    if (!this.resources.has(resource)) problem(`datum ${id} refers to resource ${resource}, which was never received`);
    this.datums.set(id, { resource, kwargs });
  }

  private onPage(page: EventPageDoc, out: RunOutput[], problem: (p: string) => void): void {
    const state = this.streams.get(page.descriptor);
    if (!state) {
      problem(`${page.seq_num.length} event(s) refer to descriptor ${page.descriptor}, which was never received (missing descriptor); skipped`);
      return;
    }
    const unknown = Object.keys(page.data).filter((k) => !(k in state.desc.data_keys));
    if (unknown.length > 0) problem(`unknown data key(s) ${unknown.map((k) => `'${k}'`).join(', ')} not declared by descriptor ${state.desc.uid}; ignored`);
    const keep: number[] = [];
    for (let i = 0; i < page.seq_num.length; i++) {
      const s = page.seq_num[i];
      if (s <= state.lastSeq) { problem(`out-of-order seq_num ${s} after ${state.lastSeq} in stream '${String(state.desc['name'])}'; event skipped`); continue; }
      if (s !== state.lastSeq + 1) problem(`seq_num jumps from ${state.lastSeq} to ${s} in stream '${String(state.desc['name'])}' (events missing)`);
      state.lastSeq = s;
      keep.push(i);
    }
    if (!state.columns || keep.length === 0) return;
    const run = this.start?.uid ?? state.desc.run_start;
    const filled = (page['filled'] ?? {}) as JsonObject;
    const frames = state.columns.some((c) => c.ndim >= 2);
    if (frames) {
      for (const i of keep) {
        const data: Record<string, ArrayValue> = {};
        for (const c of state.columns) {
          const v = this.valueOf(c, page, filled, i, problem);
          if (v !== null) data[c.column] = v;
        }
        out.push({ kind: 'frame', run, seq: page.seq_num[i], time: page.time[i], data });
      }
      return;
    }
    // A row with a missing or non-numeric mapped value is reported and left out, so columns stay aligned.
    const values = keep.map((i) => state.columns!.map((c) => this.valueOf(c, page, filled, i, problem)));
    const good = keep.filter((_, j) => values[j].every((v) => typeof v === 'number' && Number.isFinite(v)));
    if (good.length === 0) return;
    const rowsOk = values.filter((r) => r.every((v) => typeof v === 'number' && Number.isFinite(v))) as number[][];
    const data: Record<string, ArrayValue> = {};
    state.columns.forEach((c, k) => { data[c.column] = Float64Array.from(rowsOk, (r) => r[k]); });
    out.push({ kind: 'rows', run, seq: good.map((i) => page.seq_num[i]), time: good.map((i) => page.time[i]), data });
  }

  private valueOf(c: ResolvedColumn, page: EventPageDoc, filled: JsonObject, i: number, problem: (p: string) => void): ArrayValue | null {
    const col = page.data[c.key];
    if (!col) { problem(`event seq_num ${page.seq_num[i]} lacks data key '${c.key}' (column '${c.column}')`); return null; }
    const raw = col[i];
    const isFilled = Array.isArray(filled[c.key]) ? (filled[c.key] as readonly Json[])[i] === true : false;
    if (c.external && !isFilled && typeof raw === 'string') return this.external(raw, c, problem);
    if (typeof raw === 'number' && !Number.isFinite(raw)) { problem(`event seq_num ${page.seq_num[i]}: data key '${c.key}' is ${raw}; row left out`); return null; }
    if (typeof raw === 'number') return raw * c.scale;
    if (typeof raw === 'boolean') return raw ? 1 : 0;
    problem(`event seq_num ${page.seq_num[i]}: data key '${c.key}' is not a number (${JSON.stringify(raw)?.slice(0, 40)})`);
    return null;
  }

  private external(datumId: string, c: ResolvedColumn, problem: (p: string) => void): ArrayValue | null {
    const datum = this.datums.get(datumId);
    if (!datum) { problem(`data key '${c.key}' refers to datum ${datumId}, which was never received`); return null; }
    const resource = this.resources.get(datum.resource);
    if (!resource) { problem(`datum ${datumId}: its resource ${datum.resource} was never received`); return null; }
    if (!this.resolve) { problem(`data key '${c.key}' is external (spec ${resource.spec}) and no handler resolver was given`); return null; }
    try {
      return this.resolve(resource, datum.kwargs);
    } catch (e) {
      problem(`cannot load datum ${datumId} (spec ${resource.spec}): ${(e as Error).message}`);
      return null;
    }
  }
}

function rankOf(order: readonly string[], k: string): number {
  const i = order.indexOf(k);
  return i < 0 ? order.length : i;
}
