import type { AnyTransform, NodeData } from './types.ts';

/**
 * What a transform sees: only the arrays it declares in `inArrays` (all of them when it declares none, as a
 * transform reading a raw node's open set of columns does). Workers are sent no more than that, and the main
 * thread gives the same view, so a transform behaves identically on every backend.
 */
export function declaredInput(t: AnyTransform, data: NodeData): NodeData {
  if (t.inArrays.length === 0) return data;
  const out: Record<string, NodeData[string]> = {};
  for (const name of t.inArrays) {
    const v = data[name];
    if (v !== undefined) out[name] = v;
  }
  return out;
}
