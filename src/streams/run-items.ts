/**
 * Bluesky runs → engine events. A run of scalar readings is one item that grows point by point
 * (`addItems` with the first rows, then `appendData`); a run of frames gives one item per frame. Item ids
 * derive from the run uid, so replaying the same documents gives the same ids (and the same document).
 */
import { Observable, type OperatorFunction } from 'rxjs';
import type { RawDoc } from '../formats/bluesky-read.ts';
import { RunAssembler, type RunOptions, type RunOutput } from '../formats/bluesky-run.ts';
import type { EngineEvent } from '../history/actions.ts';
import type { NodeData, ParamValue } from '../graph/types.ts';

export interface RunItemsOptions extends RunOptions {
  /** The node where run items enter. */
  readonly entry: string;
  readonly params?: Readonly<Record<string, Readonly<Record<string, ParamValue>>>>;
  /** Called for every malformed document or unreadable datum; the run goes on. */
  readonly onProblem?: (at: string, problem: string) => void;
}

export interface IngestStats {
  readonly documents: Record<string, number>;
  readonly events: number;
  readonly items: number;
  readonly problems: number;
}

/** Turns assembler outputs into engine events, remembering which runs already have an item. */
export class RunItems {
  private readonly started = new Map<string, { name: string; id: string | null }>();
  items = 0;
  problems = 0;
  private lastProblem: string | null = null;

  constructor(private readonly opts: RunItemsOptions) {}

  push(o: RunOutput): EngineEvent[] {
    switch (o.kind) {
      case 'run-start':
        this.started.set(o.run, { name: o.name, id: null });
        return [];
      case 'rows': {
        const run = this.run(o.run);
        if (run.id !== null) return [{ type: 'appendData', id: run.id, data: o.data }];
        run.id = `bs-${o.run.slice(0, 8)}`;
        return [this.add(run.id, run.name, o.data, o.run)];
      }
      case 'frame': {
        const run = this.run(o.run);
        const id = `bs-${o.run.slice(0, 8)}-${o.seq}`;
        const add = this.add(id, `${run.name} frame ${o.seq}`, o.data, o.run);
        // A frame whose data could not be read still becomes an item, shown failed with the reason.
        if (Object.keys(o.data).length === 0) return [add, { type: 'failData', id, error: this.lastProblem ?? 'no data' }];
        return [add];
      }
      case 'problem':
        this.lastProblem = `${o.at}: ${o.problem}`;
        this.problems++;
        this.opts.onProblem?.(o.at, o.problem);
        return [];
      case 'columns':
      case 'run-stop':
        return [];
    }
  }

  private run(uid: string): { name: string; id: string | null } {
    let r = this.started.get(uid);
    if (!r) {
      r = { name: `run ${uid.slice(0, 8)}`, id: null };
      this.started.set(uid, r);
    }
    return r;
  }

  private add(id: string, name: string, data: NodeData, run: string): EngineEvent {
    this.items++;
    return {
      type: 'addItems',
      items: [{ id, name, entry: this.opts.entry, source: { kind: 'stream', stream: `bluesky:${run}` }, data, ...(this.opts.params ? { params: this.opts.params } : {}) }],
    };
  }
}

/** A documents → engine-events pipeline that also keeps the counts a summary needs. */
export class BlueskyIngest {
  readonly assembler: RunAssembler;
  readonly items: RunItems;

  constructor(opts: RunItemsOptions) {
    this.assembler = new RunAssembler(opts);
    this.items = new RunItems(opts);
  }

  push(doc: RawDoc): EngineEvent[] {
    return this.assembler.push(doc).flatMap((o) => this.items.push(o));
  }

  stats(): IngestStats {
    return { documents: this.assembler.countsObject(), events: this.assembler.events, items: this.items.items, problems: this.items.problems };
  }

  /**
   * The same as an RxJS operator. Documents that arrive together (one upstream emission, or a synchronous
   * burst such as one socket chunk) give one appendData per item, not one per event: the engine then
   * validates and stores a block of rows at once.
   */
  operator(): OperatorFunction<RawDoc, EngineEvent> {
    return (source) => new Observable<EngineEvent>((sub) => {
      let pending: EngineEvent[] = [];
      let scheduled = false;
      const flush = (): void => {
        scheduled = false;
        const batch = pending;
        pending = [];
        for (const e of mergeAppends(batch)) sub.next(e);
      };
      const inner = source.subscribe({
        next: (d) => {
          pending.push(...this.push(d));
          if (!scheduled) {
            scheduled = true;
            queueMicrotask(() => { if (!sub.closed) flush(); });
          }
        },
        error: (e) => { flush(); sub.error(e); },
        complete: () => { flush(); sub.complete(); },
      });
      return inner;
    });
  }
}

/** Merges runs of appendData events for the same item into one (columns concatenated, order kept). */
export function mergeAppends(events: readonly EngineEvent[]): EngineEvent[] {
  const out: EngineEvent[] = [];
  let run: { id: string; parts: NodeData[] } | null = null;
  const close = (): void => {
    if (!run) return;
    out.push({ type: 'appendData', id: run.id, data: run.parts.length === 1 ? run.parts[0] : concatRows(run.parts) });
    run = null;
  };
  for (const e of events) {
    if (e.type === 'appendData' && run !== null && (run as { id: string }).id === e.id && sameKeys(run.parts[0], e.data)) {
      run.parts.push(e.data);
      continue;
    }
    close();
    if (e.type === 'appendData') run = { id: e.id, parts: [e.data] };
    else out.push(e);
  }
  close();
  return out;
}

function sameKeys(a: NodeData, b: NodeData): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => k in b && ArrayBuffer.isView(a[k]) && ArrayBuffer.isView(b[k]));
}

function concatRows(parts: readonly NodeData[]): NodeData {
  const out: Record<string, Float64Array> = {};
  for (const k of Object.keys(parts[0])) {
    const n = parts.reduce((s, p) => s + (p[k] as Float64Array).length, 0);
    const col = new Float64Array(n);
    let pos = 0;
    for (const p of parts) {
      col.set(p[k] as Float64Array, pos);
      pos += (p[k] as Float64Array).length;
    }
    out[k] = col;
  }
  return out;
}
