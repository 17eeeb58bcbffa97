/**
 * Which pipeline a replay runs into: 'raw' (one node that holds any columns, always available), a
 * pipeline module under src/pipelines by name ('xas', 'xrd'), or a module path. A module's first export
 * that is a Pipeline is used. Modules load lazily, so a pipeline that is not installed is a clear error.
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { defineNode } from '../graph/define.ts';
import { BeamflowError } from '../graph/errors.ts';
import { definePipeline, type Pipeline } from '../graph/pipeline.ts';
import type { Combiner } from '../graph/combine.ts';

export const rawPipeline: Pipeline = definePipeline({
  nodes: [defineNode({ id: 'raw', label: 'raw columns', arrays: [], openArrays: true })],
  transforms: [],
});

function isPipeline(v: unknown): v is Pipeline {
  return typeof v === 'object' && v !== null && (v as Pipeline).nodes instanceof Map && Array.isArray((v as Pipeline).order);
}

/** Built-in pipelines: the modules holding the pipeline and its extra combinations (e.g. XAFS merge). */
const BUILTIN: Readonly<Record<string, readonly string[]>> = {
  xas: ['../pipelines/xas.ts', '../pipelines/xas-items.ts'],
  xrd: ['../pipelines/xrd.ts'],
};

export interface LoadedPipeline {
  readonly pipeline: Pipeline;
  /** Exports named `...Combiners` (op name → combiner), for `createEngine(p, { combiners })`. */
  readonly combiners: Readonly<Record<string, Combiner>>;
}

export async function loadPipelineModule(name: string): Promise<LoadedPipeline> {
  if (name === 'raw') return { pipeline: rawPipeline, combiners: {} };
  const urls = /[/\\.]/.test(name) ? [pathToFileURL(resolve(name)).href] : (BUILTIN[name] ?? [`../pipelines/${name}.ts`]).map((m) => new URL(m, import.meta.url).href);
  let pipeline: Pipeline | undefined;
  let combiners: Record<string, Combiner> = {};
  for (const url of urls) {
    let mod: Record<string, unknown>;
    try {
      mod = (await import(url)) as Record<string, unknown>;
    } catch (e) {
      throw new BeamflowError({ kind: 'BadDocument', problem: `pipeline '${name}' cannot be loaded (${(e as Error).message})` });
    }
    pipeline ??= Object.values(mod).find(isPipeline);
    for (const [k, v] of Object.entries(mod)) {
      if (k.endsWith('Combiners') && typeof v === 'object' && v !== null) combiners = { ...combiners, ...(v as Record<string, Combiner>) };
    }
  }
  if (!pipeline) throw new BeamflowError({ kind: 'BadDocument', problem: `module '${name}' exports no pipeline` });
  return { pipeline, combiners };
}

export async function loadPipeline(name: string): Promise<Pipeline> {
  return (await loadPipelineModule(name)).pipeline;
}
