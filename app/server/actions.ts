/** Applies one action from the page to the engine (validated: a bad action throws a clear error). */
import type { Engine } from '../../src/graph/engine.ts';
import type { ClientAction } from '../shared/protocol.ts';

function ids(v: unknown, what: string): string[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new Error(`${what}: expected a list of item ids`);
  return v as string[];
}

export function applyAction(engine: Engine, a: ClientAction): void {
  switch (a.kind) {
    case 'select':
      return engine.select(ids(a.ids, 'select'));
    case 'setParams':
      if (ids(a.ids, 'setParams').length === 0) throw new Error('setParams: no items selected');
      if (typeof a.values !== 'object' || a.values === null) throw new Error('setParams: values must be an object');
      return engine.setParams(a.ids, a.transform, a.values);
    case 'undo':
      return engine.undo();
    case 'redo':
      return engine.redo();
    case 'jump':
      if (!Number.isInteger(a.index)) throw new Error('jump: index must be an integer');
      return engine.jump(a.index);
    case 'rename':
      if (typeof a.name !== 'string' || a.name.trim() === '') throw new Error('rename: the name may not be empty');
      return engine.rename(a.id, a.name.trim());
    case 'setStop':
      return engine.setStop(ids(a.ids, 'setStop'), a.node);
    case 'setMeta':
      return engine.setMeta(ids(a.ids, 'setMeta'), a.key, a.value);
    case 'removeItems':
      return engine.removeItems(ids(a.ids, 'removeItems'));
    case 'addCombination': {
      const parents = ids(a.parents, 'addCombination');
      if (parents.length < (a.op === 'pca' ? 2 : 1)) throw new Error(`${a.op}: select ${a.op === 'pca' ? 'at least 2 items' : 'at least 1 item'} first`);
      const name = a.name?.trim() || `${a.op} of ${parents.length}`;
      if (a.op === 'pca') engine.addPca({ name, parents, node: a.node, ncomp: Math.max(1, Math.min(parents.length, a.ncomp ?? 2)) });
      else engine.addCombination({ name, op: a.op, parents, node: a.node });
      if (a.stopParentsAt !== undefined && a.stopParentsAt !== null) engine.setStop(parents, a.stopParentsAt);
      return;
    }
  }
}
