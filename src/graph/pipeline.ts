import { BeamflowError } from './errors.ts';
import type { AnyTransform, NodeSpec } from './types.ts';

/**
 * A validated pipeline: nodes in rank (topological) order, the transforms into each node, and which nodes
 * are reachable from which. Built once; the engine only reads it.
 */
export interface Pipeline {
  readonly nodes: ReadonlyMap<string, NodeSpec>;
  /** Node ids in rank order: every node comes after all nodes that feed it. */
  readonly order: readonly string[];
  readonly rank: ReadonlyMap<string, number>;
  readonly transforms: ReadonlyMap<string, AnyTransform>;
  /** Transforms from another node into this node, in declaration order. */
  readonly incoming: ReadonlyMap<string, readonly AnyTransform[]>;
  /** Transforms working in place at this node, in declaration order (they run after the incoming ones). */
  readonly inPlace: ReadonlyMap<string, readonly AnyTransform[]>;
  /** reach.get(a).has(b): b is a or downstream of a. */
  readonly reach: ReadonlyMap<string, ReadonlySet<string>>;
}

export interface PipelineSpec {
  readonly nodes: readonly NodeSpec[];
  readonly transforms: readonly AnyTransform[];
}

export function definePipeline(spec: PipelineSpec): Pipeline {
  const nodes = new Map<string, NodeSpec>();
  for (const n of spec.nodes) {
    if (nodes.has(n.id)) throw new BeamflowError({ kind: 'DuplicateName', what: 'node', name: n.id });
    nodes.set(n.id, n);
  }
  const transforms = new Map<string, AnyTransform>();
  const incoming = new Map<string, AnyTransform[]>();
  const inPlace = new Map<string, AnyTransform[]>();
  const edges = new Map<string, Set<string>>();
  for (const id of nodes.keys()) {
    incoming.set(id, []);
    inPlace.set(id, []);
    edges.set(id, new Set());
  }
  for (const t of spec.transforms) {
    if (transforms.has(t.name)) throw new BeamflowError({ kind: 'DuplicateName', what: 'transform', name: t.name });
    for (const [end, id] of [['from', t.from], ['to', t.to]] as const) {
      if (!nodes.has(id)) throw new BeamflowError({ kind: 'UnknownNode', node: id, where: `'${end}' of transform '${t.name}'` });
    }
    transforms.set(t.name, t);
    if (t.from === t.to) inPlace.get(t.to)!.push(t);
    else {
      incoming.get(t.to)!.push(t);
      edges.get(t.from)!.add(t.to);
    }
  }
  const order = topologicalOrder([...nodes.keys()], edges);
  const rank = new Map(order.map((id, i) => [id, i] as const));
  const reach = new Map<string, Set<string>>();
  for (let i = order.length - 1; i >= 0; i--) {
    const id = order[i];
    const r = new Set<string>([id]);
    for (const next of edges.get(id)!) for (const x of reach.get(next)!) r.add(x);
    reach.set(id, r);
  }
  return { nodes, order, rank, transforms, incoming, inPlace, reach };
}

/** Kahn's algorithm, stable in declaration order; a cycle is reported with the nodes on it. */
function topologicalOrder(ids: readonly string[], edges: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const indegree = new Map<string, number>(ids.map((id) => [id, 0]));
  for (const outs of edges.values()) for (const to of outs) indegree.set(to, indegree.get(to)! + 1);
  const ready = ids.filter((id) => indegree.get(id) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    const id = ready.shift()!;
    order.push(id);
    for (const to of edges.get(id)!) {
      const d = indegree.get(to)! - 1;
      indegree.set(to, d);
      if (d === 0) ready.push(to);
    }
  }
  if (order.length < ids.length) throw new BeamflowError({ kind: 'Cycle', nodes: findCycle(ids, edges) });
  return order;
}

function findCycle(ids: readonly string[], edges: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | null => {
    state.set(id, 'open');
    stack.push(id);
    for (const to of edges.get(id)!) {
      if (state.get(to) === 'open') return [...stack.slice(stack.indexOf(to)), to];
      if (!state.has(to)) {
        const c = visit(to);
        if (c) return c;
      }
    }
    stack.pop();
    state.set(id, 'done');
    return null;
  };
  for (const id of ids) if (!state.has(id)) {
    const c = visit(id);
    if (c) return c;
  }
  return [];
}

/** Whether an item entering at `entry` and stopped at `stop` (if any) is present at `node`. */
export function itemReaches(p: Pipeline, entry: string, stop: string | null, node: string): boolean {
  if (!p.reach.get(entry)?.has(node)) return false;
  if (stop === null || node === stop) return true;
  return !p.reach.get(stop)?.has(node);
}
