/**
 * The built-in demo: a pipeline with an XAFS branch and a diffraction branch, fed live by the simulator:
 * XAFS scans grow point by point (engine.appendData) one after another, and detector frames arrive one by
 * one. Deterministic (seeded), and finite unless asked to loop, so browser tests see the same end state.
 */
import { BehaviorSubject } from 'rxjs';
import type { AddItemInput, Engine } from '../../../src/graph/engine.ts';
import { definePipeline, type Pipeline } from '../../../src/graph/pipeline.ts';
import type { NodeData } from '../../../src/graph/types.ts';
import { FOILS, simulateFrame, simulateScan } from './simulate.ts';
import { absorbance, counts, derivative, dmu, mu, norm, normalize } from './xafs-demo.ts';
import { background, corrected, frame, integrate, pattern } from './xrd-demo.ts';

export function demoPipeline(): Pipeline {
  return definePipeline({
    nodes: [counts, mu, norm, dmu, frame, pattern, corrected],
    transforms: [absorbance, normalize, derivative, integrate, background],
  });
}

/** What a demo streams: scans (whole columns, streamed in slices) and frames, by index. */
export interface DemoSources {
  scan(index: number, points: number): { readonly name: string; readonly entry: string; readonly columns: Readonly<Record<string, Float64Array>>; readonly params?: AddItemInput['params'] };
  frame(index: number, size: number): { readonly name: string; readonly entry: string; readonly data: NodeData; readonly params?: AddItemInput['params'] };
}

/** The self-contained demo pipeline's sources (app/server/demo/simulate.ts). */
export const SIMPLE_SOURCES: DemoSources = {
  scan(index, points) {
    const foil = FOILS[index % FOILS.length];
    const full = simulateScan({ name: foil.name, edge: foil.edge, seed: 1000 + index, points });
    return { name: `${foil.name} #${Math.floor(index / FOILS.length) + 1}`, entry: 'counts', columns: full };
  },
  frame(index, size) {
    return { name: `frame ${String(index + 1).padStart(3, '0')}`, entry: 'frame', data: { image: simulateFrame(size, 77 + index) } };
  },
};

export interface DemoOptions {
  /** XAFS scans to stream (one after another). */
  readonly scans: number;
  /** Points per scan. */
  readonly points: number;
  /** Points appended per tick. */
  readonly pointsPerTick: number;
  readonly tickMs: number;
  /** Detector frames to stream, one every `frameMs`. */
  readonly frames: number;
  readonly frameMs: number;
  readonly frameSize: number;
}

export const DEFAULT_DEMO: DemoOptions = { scans: 8, points: 351, pointsPerTick: 9, tickMs: 60, frames: 6, frameMs: 1500, frameSize: 256 };

export interface DemoState {
  readonly streaming: boolean;
  readonly detail: string;
}

export class DemoStream {
  readonly state$ = new BehaviorSubject<DemoState>({ streaming: false, detail: 'idle' });
  private timers: ReturnType<typeof setTimeout>[] = [];
  private scansLeft = 0;
  private framesLeft = 0;

  constructor(
    private readonly engine: Engine,
    private readonly o: DemoOptions = DEFAULT_DEMO,
    private readonly sources: DemoSources = SIMPLE_SOURCES,
  ) {}

  start(): void {
    this.scansLeft = this.o.scans;
    this.framesLeft = this.o.frames;
    this.report();
    this.nextScan(0);
    this.nextFrame(0);
  }

  private report(): void {
    const streaming = this.scansLeft > 0 || this.framesLeft > 0;
    this.state$.next({ streaming, detail: streaming ? `streaming: ${this.scansLeft} scan(s), ${this.framesLeft} frame(s) to go` : 'all simulated data received' });
  }

  private later(ms: number, f: () => void): void {
    const t = setTimeout(() => {
      this.timers = this.timers.filter((x) => x !== t);
      f();
    }, ms);
    this.timers.push(t);
  }

  private nextScan(index: number): void {
    if (this.scansLeft <= 0) return;
    const scan = this.sources.scan(index, this.o.points);
    const cols = Object.entries(scan.columns);
    const n = Math.min(...cols.map(([, a]) => a.length));
    const k = this.o.pointsPerTick;
    const slice = (a: number, b: number) => Object.fromEntries(cols.map(([name, arr]) => [name, arr.slice(a, b)]));
    const id = this.engine.addItem({ name: scan.name, entry: scan.entry, data: slice(0, k), source: { kind: 'stream', stream: 'simulator' }, meta: { group: 'XAFS scans' }, ...(scan.params ? { params: scan.params } : {}) });
    let at = k;
    const tick = () => {
      if (at >= n) {
        this.scansLeft--;
        this.report();
        this.later(this.o.tickMs, () => this.nextScan(index + 1));
        return;
      }
      const to = Math.min(n, at + k);
      this.engine.appendData(id, slice(at, to));
      at = to;
      this.later(this.o.tickMs, tick);
    };
    this.later(this.o.tickMs, tick);
  }

  private nextFrame(index: number): void {
    if (this.framesLeft <= 0) return;
    this.later(index === 0 ? this.o.frameMs / 3 : this.o.frameMs, () => {
      const f = this.sources.frame(index, this.o.frameSize);
      this.engine.addItem({ name: f.name, entry: f.entry, data: f.data, source: { kind: 'stream', stream: 'detector' }, meta: { group: 'detector frames' }, ...(f.params ? { params: f.params } : {}) });
      this.framesLeft--;
      this.report();
      this.nextFrame(index + 1);
    });
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
    this.scansLeft = 0;
    this.framesLeft = 0;
    this.report();
  }
}
