import type { NodeSpec, ParamSchema, TransformSpec } from './types.ts';

/** Declares a node. Identity helper that keeps the literal types. */
export function defineNode<const N extends NodeSpec>(spec: N): N {
  return spec;
}

/** Declares a transform with typed parameters: `run` receives `ParamValues<S>`. */
export function defineTransform<const S extends ParamSchema>(spec: TransformSpec<S>): TransformSpec<S> {
  return spec;
}
