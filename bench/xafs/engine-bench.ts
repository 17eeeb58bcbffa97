/** The interactive case: one rbkg edit among many items loaded in the engine (worker pool of 2). */
import { createEngine } from '../../src/graph/index.ts';
import { xasPipeline } from '../../src/pipelines/xas.ts';
import { median } from '../stats.ts';
import { BENCH_FILES } from './inputs.ts';
import { gaussian, loadBase } from './noisy.ts';

export interface EngineBench {
  readonly items: number;
  readonly loadMs: number;
  readonly editMs: number;
  /** CPU time of the process per edit (main thread + pool). */
  readonly editCpuMs: number;
  readonly undoMs: number;
  readonly edits: number;
  readonly reran: number;
}

export async function engineBench(n: number, workers = 2): Promise<EngineBench> {
  const bases = BENCH_FILES.map(loadBase);
  const engine = createEngine(xasPipeline, { workers });
  try {
    // The noisy µ(E) are made first (the data source, not timed).
    const items = Array.from({ length: n }, (_, i) => {
      const b = bases[i % bases.length];
      const g = gaussian(i + 1);
      const mu = new Float64Array(b.energy.length);
      for (let j = 0; j < mu.length; j++) mu[j] = Math.log((b.i0[j] * (1 + 3e-4 * g())) / (b.it[j] * (1 + 3e-4 * g())));
      return { id: `s${i}`, name: `s${i}`, entry: 'mu', stop: 'chir', data: { energy: b.energy, mu } };
    });
    const t0 = performance.now();
    engine.addItems(items);
    await engine.settled();
    const loadMs = performance.now() - t0;
    let runs = 0;
    const sub = engine.runs$.subscribe(() => runs++);
    const edits: number[] = [];
    const cpus: number[] = [];
    const undos: number[] = [];
    const EDITS = 15;
    for (let e = 0; e < EDITS; e++) {
      const id = `s${(e * 1237) % n}`;
      runs = 0;
      const c0 = process.cpuUsage();
      const a = performance.now();
      engine.setParams([id], 'autobk', { rbkg: 1.1 + 0.05 * e });
      await engine.settled();
      edits.push(performance.now() - a);
      const c = process.cpuUsage(c0);
      cpus.push((c.user + c.system) / 1000);
      const b = performance.now();
      engine.undo();
      await engine.settled();
      undos.push(performance.now() - b);
    }
    sub.unsubscribe();
    return { items: n, loadMs, editMs: median(edits), editCpuMs: median(cpus), undoMs: median(undos), edits: EDITS, reran: runs };
  } finally {
    await engine.close();
  }
}
