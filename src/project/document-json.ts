/**
 * Document ↔ JSON. Writing keeps every parameter; reading rebuilds the Immutable document, validating each
 * item against the pipeline (entry and stop nodes, transforms, parameter values) with errors naming the
 * project file and the item.
 */
import { Map as IMap, OrderedMap, OrderedSet } from 'immutable';
import { relative, sep, isAbsolute, resolve, dirname } from 'node:path';
import { BeamflowError, messageOf } from '../graph/errors.ts';
import { defaultParams, paramsObject, withParams, type ParamMap } from '../graph/params.ts';
import type { Pipeline } from '../graph/pipeline.ts';
import { Document, ItemDoc, type ItemSource } from '../history/document.ts';
import type { JsonDocument, JsonItem, JsonSource } from './format.ts';

export function sourceToJson(s: ItemSource, projectDir: string): JsonSource {
  if (s.kind !== 'file') return s;
  const abs = resolve(s.path);
  const rel = relative(projectDir, abs).split(sep).join('/');
  return { ...s, path: rel, absolutePath: abs };
}

export function itemToJson(it: ItemDoc, projectDir: string): JsonItem {
  const params: Record<string, Record<string, unknown>> = {};
  for (const [t, m] of it.params) params[t] = { ...paramsObject(m) };
  return {
    id: it.id, name: it.name, entry: it.entry, stop: it.stop, source: sourceToJson(it.source, projectDir),
    params: params as JsonItem['params'], meta: Object.fromEntries(it.meta),
  };
}

export function documentToJson(doc: Document, projectDir: string): JsonDocument {
  return {
    items: [...doc.items.values()].map((it) => itemToJson(it, projectDir)),
    selection: [...doc.selection],
    lastChange: doc.lastChange,
  };
}

/** Where a saved file source is now: relative to the project first, then the saved absolute path. */
export function sourceFromJson(s: JsonSource, projectFile: string, exists: (p: string) => boolean): ItemSource {
  if (s.kind !== 'file') return s;
  const rel = isAbsolute(s.path) ? s.path : resolve(dirname(projectFile), s.path);
  const path = exists(rel) || !s.absolutePath || !exists(s.absolutePath) ? rel : s.absolutePath;
  const { absolutePath: _abs, ...rest } = s;
  return { ...rest, path };
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function itemFromJson(raw: unknown, p: Pipeline, file: string, exists: (p: string) => boolean): ItemDoc {
  const bad = (problem: string): never => { throw new BeamflowError({ kind: 'BadFile', file, problem }); };
  if (!isObj(raw)) return bad('an item is not an object');
  const id = raw['id'];
  if (typeof id !== 'string' || id === '') return bad('an item lacks its id');
  const where = `item '${id}'`;
  if (typeof raw['name'] !== 'string') bad(`${where}: no name`);
  const entry = raw['entry'];
  if (typeof entry !== 'string' || !p.nodes.has(entry)) bad(`${where}: entry node '${String(entry)}' is not in the pipeline (nodes: ${p.order.join(', ')})`);
  const stop = raw['stop'] ?? null;
  if (stop !== null && (typeof stop !== 'string' || !p.nodes.has(stop))) bad(`${where}: stop node '${String(stop)}' is not in the pipeline`);
  const src0 = raw['source'];
  if (!isObj(src0) || !['data', 'stream', 'file', 'combination'].includes(String(src0['kind']))) return bad(`${where}: bad source ${JSON.stringify(src0)}`);
  const src: Record<string, unknown> = src0;
  if (src['kind'] === 'file' && typeof src['path'] !== 'string') bad(`${where}: file source without a path`);
  if (src['kind'] === 'combination' && !(Array.isArray(src['parents']) && typeof src['op'] === 'string')) bad(`${where}: combination without op or parents`);
  let params: IMap<string, ParamMap> = IMap();
  for (const t of p.transforms.values()) params = params.set(t.name, defaultParams(t.params));
  const saved = raw['params'] ?? {};
  if (!isObj(saved)) return bad(`${where}: params is not an object`);
  for (const [tname, values] of Object.entries(saved)) {
    const t = p.transforms.get(tname);
    if (!t) bad(`${where}: parameters for transform '${tname}', which the pipeline does not have`);
    if (!isObj(values)) bad(`${where}: parameters of '${tname}' are not an object`);
    try {
      params = params.set(tname, withParams(t!, params.get(tname)!, values as Record<string, unknown>));
    } catch (e) {
      bad(`${where}: ${messageOf(e)}`);
    }
  }
  const meta = raw['meta'] ?? {};
  if (!isObj(meta)) return bad(`${where}: meta is not an object`);
  return ItemDoc({
    id, name: raw['name'] as string, entry: entry as string, stop: stop as string | null,
    source: sourceFromJson(src as unknown as JsonSource, file, exists), params,
    meta: IMap(meta as Record<string, string | number | boolean>),
  });
}

export function documentFromJson(raw: unknown, p: Pipeline, file: string, exists: (p: string) => boolean): Document {
  const bad = (problem: string): never => { throw new BeamflowError({ kind: 'BadFile', file, problem }); };
  if (!isObj(raw) || !Array.isArray(raw['items'])) return bad('no items list');
  const items = OrderedMap<string, ItemDoc>().withMutations((m) => {
    for (const r of raw['items'] as unknown[]) {
      const it = itemFromJson(r, p, file, exists);
      if (m.has(it.id)) bad(`duplicate item id '${it.id}'`);
      m.set(it.id, it);
    }
  });
  for (const it of items.values()) {
    if (it.source.kind === 'combination') for (const parent of it.source.parents) if (!items.has(parent)) bad(`item '${it.id}': combination parent '${parent}' is not in the project`);
  }
  const sel = raw['selection'] ?? [];
  if (!Array.isArray(sel) || sel.some((s) => typeof s !== 'string' || !items.has(s))) bad('selection names items that are not in the project');
  const lastChange = raw['lastChange'] ?? null;
  return Document({ items, selection: OrderedSet(sel as string[]), lastChange: lastChange as Document['lastChange'] });
}
