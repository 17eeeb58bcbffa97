import { ExprError, type Expr } from './ast.ts';

/** A value during evaluation: a scalar, one column, or a list of columns (from a range). */
export type Value =
  | { readonly kind: 'scalar'; readonly v: number }
  | { readonly kind: 'vector'; readonly v: Float64Array }
  | { readonly kind: 'list'; readonly items: readonly Float64Array[] };

/** Looks a column up by name (the caller decides case rules); undefined if absent. */
export type ColumnLookup = (name: string) => Float64Array | undefined;

const FUNCS1: Readonly<Record<string, (x: number) => number>> = {
  ln: Math.log, log: Math.log, log10: Math.log10, exp: Math.exp, sqrt: Math.sqrt, abs: Math.abs,
};
export const FUNCTIONS = [...Object.keys(FUNCS1), 'sum', 'mean'] as const;

/** Evaluates to one column of length n. Unknown columns and functions throw ExprError. */
export function evaluate(e: Expr, lookup: ColumnLookup, n: number): Float64Array {
  const v = evalValue(e, lookup, n);
  if (v.kind === 'scalar') return new Float64Array(n).fill(v.v);
  if (v.kind === 'list') throw new ExprError(`the expression gives ${v.items.length} columns: wrap the range in sum(...) or mean(...)`, -1);
  return v.v;
}

/** Every column name an expression refers to (ranges expanded). */
export function columnsOf(e: Expr): string[] {
  switch (e.kind) {
    case 'number':
      return [];
    case 'column':
      return [e.name];
    case 'range':
      return Array.from({ length: e.to - e.from + 1 }, (_, i) => `${e.prefix}${e.from + i}`);
    case 'unary':
      return columnsOf(e.arg);
    case 'binary':
      return [...columnsOf(e.left), ...columnsOf(e.right)];
    case 'call':
      return e.args.flatMap(columnsOf);
  }
}

function evalValue(e: Expr, lookup: ColumnLookup, n: number): Value {
  switch (e.kind) {
    case 'number':
      return { kind: 'scalar', v: e.value };
    case 'column': {
      const c = lookup(e.name);
      if (!c) throw new ExprError(`unknown column '${e.name}'`, -1);
      return { kind: 'vector', v: c };
    }
    case 'range':
      return {
        kind: 'list',
        items: columnsOf(e).map((name) => {
          const c = lookup(name);
          if (!c) throw new ExprError(`unknown column '${name}' (in range ${e.prefix}${e.from}..${e.to})`, -1);
          return c;
        }),
      };
    case 'unary':
      return map1(evalValue(e.arg, lookup, n), (x) => -x);
    case 'binary':
      return binary(e.op, evalValue(e.left, lookup, n), evalValue(e.right, lookup, n), n);
    case 'call':
      return call(e.fn, e.args.map((a) => evalValue(a, lookup, n)), n);
  }
}

function map1(v: Value, f: (x: number) => number): Value {
  if (v.kind === 'scalar') return { kind: 'scalar', v: f(v.v) };
  if (v.kind === 'vector') return { kind: 'vector', v: mapColumn(v.v, f) };
  return { kind: 'list', items: v.items.map((c) => mapColumn(c, f)) };
}

/** f over a column, with plain loops for ln (the usual µ) so no call per element. */
function mapColumn(x: Float64Array, f: (x: number) => number): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  if (f === Math.log) for (let i = 0; i < n; i++) out[i] = Math.log(x[i]);
  else for (let i = 0; i < n; i++) out[i] = f(x[i]);
  return out;
}

const OPS: Readonly<Record<'+' | '-' | '*' | '/' | '^', (a: number, b: number) => number>> = {
  '+': (a, b) => a + b, '-': (a, b) => a - b, '*': (a, b) => a * b, '/': (a, b) => a / b, '^': (a, b) => a ** b,
};

function binary(op: keyof typeof OPS, a: Value, b: Value, n: number): Value {
  const f = OPS[op];
  if (a.kind === 'scalar' && b.kind === 'scalar') return { kind: 'scalar', v: f(a.v, b.v) };
  if (a.kind === 'list' || b.kind === 'list') {
    const la = a.kind === 'list' ? a.items.length : -1;
    const lb = b.kind === 'list' ? b.items.length : -1;
    if (la >= 0 && lb >= 0 && la !== lb) throw new ExprError(`'${op}' between ranges of ${la} and ${lb} columns`, -1);
    const len = Math.max(la, lb);
    const at = (v: Value, i: number): Value => (v.kind === 'list' ? { kind: 'vector', v: v.items[i] } : v);
    return { kind: 'list', items: Array.from({ length: len }, (_, i) => vec(binary(op, at(a, i), at(b, i), n), n)) };
  }
  const out = new Float64Array(n);
  if (a.kind === 'vector' && b.kind === 'vector') {
    // column op column: plain loops, no call per element
    const x = a.v;
    const y = b.v;
    if (op === '/') for (let i = 0; i < n; i++) out[i] = x[i] / y[i];
    else if (op === '*') for (let i = 0; i < n; i++) out[i] = x[i] * y[i];
    else if (op === '+') for (let i = 0; i < n; i++) out[i] = x[i] + y[i];
    else if (op === '-') for (let i = 0; i < n; i++) out[i] = x[i] - y[i];
    else for (let i = 0; i < n; i++) out[i] = f(x[i], y[i]);
    return { kind: 'vector', v: out };
  }
  const av = a.kind === 'vector' ? a.v : null;
  const bv = b.kind === 'vector' ? b.v : null;
  const as = a.kind === 'scalar' ? a.v : 0;
  const bs = b.kind === 'scalar' ? b.v : 0;
  for (let i = 0; i < n; i++) out[i] = f(av ? av[i] : as, bv ? bv[i] : bs);
  return { kind: 'vector', v: out };
}

function vec(v: Value, n: number): Float64Array {
  if (v.kind === 'vector') return v.v;
  if (v.kind === 'scalar') return new Float64Array(n).fill(v.v);
  throw new ExprError('nested ranges are not supported', -1);
}

function call(fn: string, args: Value[], n: number): Value {
  const f1 = FUNCS1[fn];
  if (f1) {
    if (args.length !== 1) throw new ExprError(`${fn}() takes one argument, got ${args.length}`, -1);
    return map1(args[0], f1);
  }
  if (fn === 'sum' || fn === 'mean') {
    if (args.length === 0) throw new ExprError(`${fn}() needs arguments`, -1);
    const cols = args.flatMap((a) => (a.kind === 'list' ? a.items : [vec(a, n)]));
    const out = new Float64Array(n);
    for (const c of cols) for (let i = 0; i < n; i++) out[i] += c[i];
    if (fn === 'mean') for (let i = 0; i < n; i++) out[i] /= cols.length;
    return { kind: 'vector', v: out };
  }
  throw new ExprError(`unknown function '${fn}' (known: ${FUNCTIONS.join(', ')})`, -1);
}
