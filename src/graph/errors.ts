/**
 * Typed errors. Every error the engine raises is a BeamflowError whose `detail` is a discriminated union,
 * so callers (the GUI, the CLI, tests) can switch on `detail.kind` instead of parsing messages.
 */

export type ErrorDetail =
  | { readonly kind: 'UnknownNode'; readonly node: string; readonly where: string }
  | { readonly kind: 'Cycle'; readonly nodes: readonly string[] }
  | { readonly kind: 'DuplicateName'; readonly what: 'node' | 'transform' | 'item'; readonly name: string }
  | { readonly kind: 'UnknownTransform'; readonly transform: string }
  | { readonly kind: 'UnknownItem'; readonly item: string }
  | { readonly kind: 'BadParam'; readonly transform: string; readonly param: string; readonly problem: string }
  | { readonly kind: 'BadInput'; readonly item: string; readonly field: string; readonly problem: string; readonly file?: string }
  | { readonly kind: 'BadFile'; readonly file: string; readonly problem: string }
  | { readonly kind: 'TransformFailed'; readonly item: string; readonly transform: string; readonly node: string; readonly problem: string }
  | { readonly kind: 'BadCombination'; readonly item: string; readonly problem: string }
  | { readonly kind: 'BadDocument'; readonly problem: string }
  | { readonly kind: 'WorkerCrashed'; readonly problem: string };

export type ErrorKind = ErrorDetail['kind'];

export function describe(d: ErrorDetail): string {
  switch (d.kind) {
    case 'UnknownNode':
      return `unknown node '${d.node}' (${d.where})`;
    case 'Cycle':
      return `the pipeline has a cycle: ${d.nodes.join(' → ')}`;
    case 'DuplicateName':
      return `duplicate ${d.what} '${d.name}'`;
    case 'UnknownTransform':
      return `unknown transform '${d.transform}'`;
    case 'UnknownItem':
      return `unknown item '${d.item}'`;
    case 'BadParam':
      return `transform '${d.transform}', parameter '${d.param}': ${d.problem}`;
    case 'BadInput':
      return `${d.file ? `${d.file}: ` : ''}item '${d.item}', field '${d.field}': ${d.problem}`;
    case 'BadFile':
      return `${d.file}: ${d.problem}`;
    case 'TransformFailed':
      return `item '${d.item}' failed in transform '${d.transform}' (node '${d.node}'): ${d.problem}`;
    case 'BadCombination':
      return `combination '${d.item}': ${d.problem}`;
    case 'BadDocument':
      return `bad document: ${d.problem}`;
    case 'WorkerCrashed':
      return `worker crashed: ${d.problem}`;
  }
}

export class BeamflowError extends Error {
  readonly detail: ErrorDetail;
  constructor(detail: ErrorDetail) {
    super(describe(detail));
    this.name = 'BeamflowError';
    this.detail = detail;
  }
}

export function isBeamflowError<K extends ErrorKind>(e: unknown, kind?: K): e is BeamflowError & { detail: Extract<ErrorDetail, { kind: K }> } {
  return e instanceof BeamflowError && (kind === undefined || e.detail.kind === kind);
}

/** The message of anything thrown, for storing in an item's failed state. */
export function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
