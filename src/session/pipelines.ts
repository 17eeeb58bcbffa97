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

export const rawPipeline: Pipeline = definePipeline({
  nodes: [defineNode({ id: 'raw', label: 'raw columns', arrays: [], openArrays: true })],
  transforms: [],
});

function isPipeline(v: unknown): v is Pipeline {
  return typeof v === 'object' && v !== null && (v as Pipeline).nodes instanceof Map && Array.isArray((v as Pipeline).order);
}

export async function loadPipeline(name: string): Promise<Pipeline> {
  if (name === 'raw') return rawPipeline;
  const url = /[/\\.]/.test(name) ? pathToFileURL(resolve(name)).href : new URL(`../pipelines/${name}.ts`, import.meta.url).href;
  let mod: Record<string, unknown>;
  try {
    mod = (await import(url)) as Record<string, unknown>;
  } catch (e) {
    throw new BeamflowError({ kind: 'BadDocument', problem: `pipeline '${name}' cannot be loaded (${(e as Error).message})` });
  }
  const p = Object.values(mod).find(isPipeline);
  if (!p) throw new BeamflowError({ kind: 'BadDocument', problem: `module '${name}' exports no pipeline` });
  return p;
}
