import { Map as IMap, List } from 'immutable';
import { BeamflowError } from './errors.ts';
import type { AnyTransform, ParamSchema, ParamSpec, ParamValue } from './types.ts';

/** A transform's parameters as stored in the document: an Immutable map (value-comparable, shareable). */
export type ParamMap = IMap<string, ParamValue>;

const defaultsCache = new WeakMap<ParamSchema, ParamMap>();

/** The defaults of a schema, one shared Immutable map per schema (so 10^4 items cost nothing extra). */
export function defaultParams(schema: ParamSchema): ParamMap {
  let m = defaultsCache.get(schema);
  if (!m) {
    m = IMap(Object.entries(schema).map(([k, spec]) => [k, spec.default] as [string, ParamValue]));
    defaultsCache.set(schema, m);
  }
  return m;
}

/** Checks one value against its declaration; returns the value to store (numbers lists are frozen copies). */
export function checkParam(t: AnyTransform, name: string, value: unknown): ParamValue {
  const spec: ParamSpec | undefined = t.params[name];
  const bad = (problem: string): never => {
    throw new BeamflowError({ kind: 'BadParam', transform: t.name, param: name, problem });
  };
  if (!spec) return bad(`unknown parameter (known: ${Object.keys(t.params).join(', ') || 'none'})`);
  switch (spec.kind) {
    case 'number':
      if (value === null) return spec.nullable ? null : bad('may not be empty');
      if (typeof value !== 'number' || !Number.isFinite(value)) return bad(`expected a finite number, got ${JSON.stringify(value)}`);
      if (spec.min !== undefined && value < spec.min) return bad(`${value} is below the minimum ${spec.min}`);
      if (spec.max !== undefined && value > spec.max) return bad(`${value} is above the maximum ${spec.max}`);
      return value;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return bad(`expected an integer, got ${JSON.stringify(value)}`);
      if (spec.min !== undefined && value < spec.min) return bad(`${value} is below the minimum ${spec.min}`);
      if (spec.max !== undefined && value > spec.max) return bad(`${value} is above the maximum ${spec.max}`);
      return value;
    case 'boolean':
      return typeof value === 'boolean' ? value : bad(`expected true or false, got ${JSON.stringify(value)}`);
    case 'choice':
      if (typeof value !== 'string' || !spec.options.includes(value)) return bad(`expected one of ${spec.options.join(', ')}, got ${JSON.stringify(value)}`);
      return value;
    case 'string':
      return typeof value === 'string' ? value : bad(`expected text, got ${JSON.stringify(value)}`);
    case 'numbers': {
      const list = List.isList(value) ? (value as List<unknown>).toArray() : value;
      if (!Array.isArray(list) || !list.every((x) => typeof x === 'number' && Number.isFinite(x))) return bad('expected a list of finite numbers');
      return Object.freeze([...(list as number[])]);
    }
  }
}

/** Applies checked values over a stored map; returns the same map when nothing changes. */
export function withParams(t: AnyTransform, base: ParamMap, values: Readonly<Record<string, unknown>>): ParamMap {
  let m = base;
  for (const [k, v] of Object.entries(values)) {
    const checked = checkParam(t, k, v);
    const old = m.get(k);
    if (!sameValue(old, checked)) m = m.set(k, checked);
  }
  return m;
}

export function sameValue(a: ParamValue | undefined, b: ParamValue | undefined): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

const objects = new WeakMap<ParamMap, Readonly<Record<string, ParamValue>>>();
const keys = new WeakMap<ParamMap, string>();

/** The plain object a transform's `run` receives (memoised per map). */
export function paramsObject(m: ParamMap): Readonly<Record<string, ParamValue>> {
  let o = objects.get(m);
  if (!o) {
    o = Object.freeze(Object.fromEntries(m.entries()));
    objects.set(m, o);
  }
  return o;
}

/** A canonical text key of the values (sorted names), used in cache keys. */
export function paramsKey(m: ParamMap): string {
  let k = keys.get(m);
  if (k === undefined) {
    k = JSON.stringify([...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
    keys.set(m, k);
  }
  return k;
}
