import { BeamflowError } from './errors.ts';
import type { NodeData, NodeSpec } from './types.ts';
import { isImage2D, isNumArray } from './types.ts';

/**
 * Checks entry data against the node's declared arrays: unknown arrays, NaN/Inf values, 1D arrays of
 * different lengths, wrong shapes. Throws a BadInput error naming the item and the field.
 */
export function validateEntryData(node: NodeSpec, item: string, data: NodeData, file?: string): void {
  const bad = (field: string, problem: string): never => {
    throw new BeamflowError({ kind: 'BadInput', item, field, problem, ...(file ? { file } : {}) });
  };
  const declared = new Map(node.arrays.map((a) => [a.name, a] as const));
  let length = -1;
  let lengthOf = '';
  for (const [name, value] of Object.entries(data)) {
    const spec = declared.get(name);
    if (!spec && !node.openArrays) bad(name, `node '${node.id}' has no array '${name}' (it holds ${[...declared.keys()].join(', ')})`);
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) bad(name, `value is ${value}`);
      if (spec && spec.role !== 'scalar') bad(name, `expected an array, got a number`);
      continue;
    }
    if (isImage2D(value)) {
      if (spec && spec.role !== '2D') bad(name, `expected a ${spec.role} array, got an image`);
      if (value.rows * value.cols !== value.data.length) bad(name, `image ${value.rows}×${value.cols} holds ${value.data.length} values`);
      continue;
    }
    if (!isNumArray(value)) bad(name, 'not a typed array');
    if (spec && (spec.role === '2D' || spec.role === 'scalar')) bad(name, `expected ${spec.role === '2D' ? 'an image' : 'a number'}, got a 1D array`);
    const arr = value as ArrayLike<number>;
    for (let i = 0; i < arr.length; i++) {
      const v = arr[i];
      if (v !== v || v === Infinity || v === -Infinity) bad(name, `${v} at index ${i}`);
    }
    if (length < 0) {
      length = arr.length;
      lengthOf = name;
    } else if (arr.length !== length) bad(name, `length ${arr.length} differs from '${lengthOf}' (length ${length})`);
  }
  for (const spec of node.arrays) {
    if (!spec.optional && !(spec.name in data)) bad(spec.name, `missing (node '${node.id}' requires it)`);
  }
}
