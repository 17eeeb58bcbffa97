import { Map as IMap, OrderedSet } from 'immutable';
import { BeamflowError } from '../graph/errors.ts';
import { defaultParams, withParams, type ParamMap } from '../graph/params.ts';
import type { Pipeline } from '../graph/pipeline.ts';
import type { Action, ItemInit } from './actions.ts';
import { Document, ItemDoc } from './document.ts';

export interface Reduced {
  readonly doc: Document;
  /** Items whose computation may have changed ('all' forces a full check). */
  readonly touched: ReadonlySet<string>;
  readonly label: string;
  /** Consecutive steps with the same non-null key merge into one. */
  readonly mergeKey: string | null;
}

const none: ReadonlySet<string> = new Set();

function item(doc: Document, id: string): ItemDoc {
  const it = doc.items.get(id);
  if (!it) throw new BeamflowError({ kind: 'UnknownItem', item: id });
  return it;
}

function transformOf(p: Pipeline, name: string) {
  const t = p.transforms.get(name);
  if (!t) throw new BeamflowError({ kind: 'UnknownTransform', transform: name });
  return t;
}

function initialParams(p: Pipeline, doc: Document, init: ItemInit): IMap<string, ParamMap> {
  let params: IMap<string, ParamMap> = init.paramsFrom !== undefined ? item(doc, init.paramsFrom).params : IMap();
  for (const t of p.transforms.values()) if (!params.has(t.name)) params = params.set(t.name, defaultParams(t.params));
  for (const [tname, values] of Object.entries(init.params ?? {})) {
    const t = transformOf(p, tname);
    params = params.set(tname, withParams(t, params.get(tname)!, values));
  }
  return params;
}

function addItems(p: Pipeline, doc: Document, inits: readonly ItemInit[]): Document {
  return doc.withMutations((d) => {
    for (const init of inits) {
      if (d.items.has(init.id)) throw new BeamflowError({ kind: 'DuplicateName', what: 'item', name: init.id });
      if (!p.nodes.has(init.entry)) throw new BeamflowError({ kind: 'UnknownNode', node: init.entry, where: `entry of item '${init.id}'` });
      if (init.stop != null && !p.nodes.has(init.stop)) throw new BeamflowError({ kind: 'UnknownNode', node: init.stop, where: `stop of item '${init.id}'` });
      if (init.source.kind === 'combination') {
        if (init.source.parents.length === 0) throw new BeamflowError({ kind: 'BadCombination', item: init.id, problem: 'no parents' });
        for (const parent of init.source.parents) if (!d.items.has(parent)) throw new BeamflowError({ kind: 'BadCombination', item: init.id, problem: `unknown parent '${parent}'` });
      }
      const it = ItemDoc({
        id: init.id,
        name: init.name,
        entry: init.entry,
        stop: init.stop ?? null,
        source: init.source,
        params: initialParams(p, d, init),
        meta: IMap(init.meta ?? {}),
      });
      d.set('items', d.items.set(init.id, it));
    }
  });
}

function removeItems(doc: Document, ids: readonly string[]): { doc: Document; touched: Set<string> } {
  const gone = new Set(ids);
  for (const id of ids) item(doc, id);
  const touched = new Set(ids);
  const next = doc.withMutations((d) => {
    let items = d.items.filter((_, id) => !gone.has(id));
    // Combinations lose the removed parents (and fail visibly if none is left).
    items = items.map((it) => {
      const s = it.source;
      if (s.kind !== 'combination' || !s.parents.some((x) => gone.has(x))) return it;
      touched.add(it.id);
      return it.set('source', { ...s, parents: s.parents.filter((x) => !gone.has(x)) });
    });
    d.set('items', items);
    d.set('selection', d.selection.filter((id) => !gone.has(id)));
  });
  return { doc: next, touched };
}

function setParams(p: Pipeline, doc: Document, ids: readonly string[], transform: string, values: Readonly<Record<string, unknown>>): Document {
  const t = transformOf(p, transform);
  return doc.withMutations((d) => {
    for (const id of ids) {
      const it = item(d, id);
      const old = it.params.get(transform) ?? defaultParams(t.params);
      const next = withParams(t, old, values);
      if (next !== old) d.set('items', d.items.set(id, it.set('params', it.params.set(transform, next))));
    }
  });
}

export function reduce(p: Pipeline, doc: Document, a: Action): Reduced {
  switch (a.type) {
    case 'addItems': {
      const next = addItems(p, doc, a.items);
      const label = a.label ?? (a.items.length === 1 ? `add ${a.items[0].name}` : `add ${a.items.length} items`);
      return { doc: next, touched: new Set(a.items.map((i) => i.id)), label, mergeKey: null };
    }
    case 'removeItems': {
      const r = removeItems(doc, a.ids);
      return { doc: r.doc, touched: r.touched, label: `remove ${a.ids.length} item${a.ids.length === 1 ? '' : 's'}`, mergeKey: null };
    }
    case 'setParams': {
      const next = setParams(p, doc, a.ids, a.transform, a.values).set('lastChange', { transform: a.transform, values: a.values });
      const names = Object.keys(a.values).sort();
      return {
        doc: next,
        touched: new Set(a.ids),
        label: `${a.transform}: ${names.map((n) => `${n}=${JSON.stringify(a.values[n])}`).join(', ')} (${a.ids.length} item${a.ids.length === 1 ? '' : 's'})`,
        mergeKey: `setParams\u0000${a.transform}\u0000${names.join(',')}\u0000${a.ids.join(',')}`,
      };
    }
    case 'applyLastChange': {
      const last = doc.lastChange;
      if (!last) throw new BeamflowError({ kind: 'BadDocument', problem: 'there is no parameter change to apply' });
      const next = setParams(p, doc, a.ids, last.transform, last.values);
      return { doc: next, touched: new Set(a.ids), label: `apply last change (${last.transform}) to ${a.ids.length} item${a.ids.length === 1 ? '' : 's'}`, mergeKey: null };
    }
    case 'copyParams': {
      const src = item(doc, a.from);
      const names = a.transforms ?? [...p.transforms.keys()];
      for (const n of names) transformOf(p, n);
      const next = doc.withMutations((d) => {
        for (const id of a.to) {
          let it = item(d, id);
          for (const n of names) it = it.set('params', it.params.set(n, src.params.get(n)!));
          d.set('items', d.items.set(id, it));
        }
      });
      return { doc: next, touched: new Set(a.to), label: `copy parameters of ${src.name} to ${a.to.length} item${a.to.length === 1 ? '' : 's'}`, mergeKey: null };
    }
    case 'select': {
      for (const id of a.ids) item(doc, id);
      return { doc: doc.set('selection', OrderedSet(a.ids)), touched: none, label: `select ${a.ids.length}`, mergeKey: 'select' };
    }
    case 'setStop': {
      if (a.node !== null && !p.nodes.has(a.node)) throw new BeamflowError({ kind: 'UnknownNode', node: a.node, where: 'stop node' });
      const next = doc.withMutations((d) => {
        for (const id of a.ids) d.set('items', d.items.set(id, item(d, id).set('stop', a.node)));
      });
      return { doc: next, touched: new Set(a.ids), label: a.node ? `stop ${a.ids.length} at ${a.node}` : `unstop ${a.ids.length}`, mergeKey: null };
    }
    case 'rename': {
      const next = doc.set('items', doc.items.set(a.id, item(doc, a.id).set('name', a.name)));
      return { doc: next, touched: none, label: `rename to ${a.name}`, mergeKey: `rename\u0000${a.id}` };
    }
    case 'setMeta': {
      const next = doc.withMutations((d) => {
        for (const id of a.ids) {
          const it = item(d, id);
          d.set('items', d.items.set(id, it.set('meta', it.meta.set(a.key, a.value))));
        }
      });
      return { doc: next, touched: none, label: `${a.key} of ${a.ids.length} item${a.ids.length === 1 ? '' : 's'}`, mergeKey: `meta\u0000${a.key}\u0000${a.ids.join(',')}` };
    }
  }
}
