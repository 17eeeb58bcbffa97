/** The engine's pipeline and document as the page sees them (plain JSON). */
import { defaultParams, paramsObject } from '../../src/graph/params.ts';
import type { Pipeline } from '../../src/graph/pipeline.ts';
import { itemReaches } from '../../src/graph/pipeline.ts';
import type { Document, ItemDoc } from '../../src/history/document.ts';
import type { ItemInfo, PipelineInfo, SourceInfo } from '../shared/protocol.ts';

export function describePipeline(p: Pipeline, title: string): PipelineInfo {
  return {
    title,
    nodes: p.order.map((id) => p.nodes.get(id)!),
    transforms: [...p.transforms.values()].map((t) => ({ name: t.name, label: t.label ?? t.name, from: t.from, to: t.to, params: t.params })),
  };
}

export function describeDocument(p: Pipeline, doc: Document): { items: ItemInfo[]; selection: string[] } {
  return { items: [...doc.items.values()].map((it) => describeItem(p, it)), selection: [...doc.selection] };
}

/** One item as the page sees it: effective parameters of the transforms it passes through, source, meta. */
export function describeItem(p: Pipeline, it: ItemDoc): ItemInfo {
  {
    const params: Record<string, Record<string, import('../../src/graph/types.ts').ParamValue>> = {};
    for (const t of p.transforms.values()) {
      // Only the transforms this item passes through (its entry node reaches the transform's target).
      if (!itemReaches(p, it.entry, it.stop, t.to) || (t.from !== t.to && !itemReaches(p, it.entry, it.stop, t.from)) || (t.from !== t.to && t.to === it.entry)) continue;
      params[t.name] = { ...paramsObject(defaultParams(t.params)), ...paramsObject(it.params.get(t.name) ?? defaultParams(t.params)) };
    }
    const s = it.source;
    const source: SourceInfo = s.kind === 'combination' ? { kind: 'combination', op: s.op, parents: [...s.parents] } : { kind: s.kind };
    return { id: it.id, name: it.name, entry: it.entry, stop: it.stop, source, params, meta: Object.fromEntries(it.meta.entries()) };
  }
}
