/**
 * Runs one batch inside a pool worker: imports each transform from its location (once per worker), runs it
 * on the unpacked inputs, and packs the outputs into one buffer that is transferred back, not copied.
 */
import { Piscina } from 'piscina';
import type { AnyTransform, NodeData, ParamValue, TransformLocation } from '../types.ts';
import { messageOf } from '../errors.ts';
import { pack, unpack, type Packed } from './pack.ts';

export interface BatchTask {
  readonly location: TransformLocation;
  readonly params: Readonly<Record<string, ParamValue>>;
}

export interface BatchRequest {
  readonly tasks: readonly BatchTask[];
  readonly input: Packed;
  /** Test hook: a worker exits abruptly when it meets this item index (simulates a native crash). */
  readonly crashOn?: number;
}

/** `ms`: time inside the transform, so the engine learns what each transform costs. */
export type BatchOutcome = { readonly ok: true; readonly index: number; readonly ms: number } | { readonly ok: false; readonly error: string; readonly ms: number };

export interface BatchReply {
  readonly outcomes: readonly BatchOutcome[];
  readonly output: Packed;
}

const loaded = new Map<string, Promise<AnyTransform>>();

function load(loc: TransformLocation): Promise<AnyTransform> {
  const key = `${loc.module}#${loc.exportName}`;
  let p = loaded.get(key);
  if (!p) {
    p = import(loc.module).then((m: Record<string, unknown>) => {
      const t = m[loc.exportName] as AnyTransform | undefined;
      if (!t || typeof t.run !== 'function') throw new Error(`${loc.module} does not export a transform '${loc.exportName}'`);
      return t;
    });
    loaded.set(key, p);
  }
  return p;
}

export async function runBatch(req: BatchRequest): Promise<unknown> {
  const inputs = unpack(req.input);
  const outcomes: BatchOutcome[] = [];
  const outputs: NodeData[] = [];
  for (let i = 0; i < req.tasks.length; i++) {
    if (req.crashOn === i) process.exit(70);
    const task = req.tasks[i];
    const t = await load(task.location).catch((e: unknown) => e as Error);
    const t0 = performance.now();
    try {
      if (t instanceof Error) throw t;
      outputs.push(t.run(inputs[i], task.params as never));
      outcomes.push({ ok: true, index: outputs.length - 1, ms: performance.now() - t0 });
    } catch (e) {
      outcomes.push({ ok: false, error: messageOf(e), ms: performance.now() - t0 });
    }
  }
  const output = pack(outputs);
  const reply: BatchReply = { outcomes, output };
  // Piscina's transferable protocol: the value is `reply`, its buffer moves instead of being cloned.
  const movable = { [Piscina.transferableSymbol]: [output.buffer], [Piscina.valueSymbol]: reply };
  return Piscina.move(movable as never);
}
