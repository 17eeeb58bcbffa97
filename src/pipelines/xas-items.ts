/** Items and combinations of the XAS pipeline: files → engine items, and larch's merge as a combiner. */
import type { AddItemInput } from '../graph/engine.ts';
import { isBeamflowError, messageOf } from '../graph/errors.ts';
import type { Combiner } from '../graph/combine.ts';
import { isNumArray, type NodeData } from '../graph/types.ts';
import type { MuChoice } from '../formats/xafs-mu.ts';
import { loadSpectra } from '../formats/xafs-load.ts';
import { itemName } from '../formats/xafs-file.ts';
import { mergeSpectra } from '../kernels/xafs/merge.ts';

/**
 * One engine item per spectrum in the file, entering at the raw node with all the file's columns; the
 * µ expression goes into the `mu` transform's parameters. An unreadable file becomes one failed item
 * carrying the reader's message.
 */
export function xasItemsFromFile(path: string, choice: MuChoice = {}): AddItemInput[] {
  try {
    return loadSpectra(path, choice).map((s) => ({
      name: s.name,
      entry: 'raw',
      data: s.columns,
      file: path,
      params: { mu: { mu: s.muExpr, energy: s.energyColumn } },
    }));
  } catch (e) {
    return [{ name: itemName(path), entry: 'raw', file: path, error: isBeamflowError(e) ? e.message : `${path}: ${messageOf(e)}` }];
  }
}

function f64(d: NodeData, name: string): Float64Array {
  const v = d[name];
  if (!isNumArray(v)) throw new Error(`a parent has no '${name}' array`);
  return v instanceof Float64Array ? v : Float64Array.from(v);
}

/** larch merge_groups (cubic, trimmed) of the parents' µ(E), onto the first parent's energy grid. */
export const mergeCombiner: Combiner = (parents) => {
  const m = mergeSpectra(parents.map((p) => ({ energy: f64(p, 'energy'), mu: f64(p, 'mu') })));
  return { energy: m.energy, mu: m.mu };
};

/** Pass as `createEngine(xasPipeline, { combiners: xasCombiners })`; then `addCombination({ op: 'merge', node: 'mu', … })`. */
export const xasCombiners: Readonly<Record<string, Combiner>> = { merge: mergeCombiner };
