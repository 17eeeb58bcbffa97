/**
 * Bluesky event-model documents: the types we rely on and a validator that turns an untyped `[name, doc]`
 * pair into a typed document or a clear problem. Only the fields the run assembler needs are checked;
 * extra fields (the event model allows them in start/stop/descriptor metadata) are kept untouched.
 */

export type Json = null | boolean | number | string | readonly Json[] | { readonly [k: string]: Json };
export type JsonObject = { readonly [k: string]: Json };

export interface DataKey {
  readonly source: string;
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly units?: string;
  readonly external?: string;
}

export interface StartDoc extends JsonObject {
  readonly uid: string;
  readonly time: number;
}
export interface DescriptorDoc extends JsonObject {
  readonly uid: string;
  readonly time: number;
  readonly run_start: string;
  readonly data_keys: { readonly [k: string]: DataKey & JsonObject };
}
export interface EventDoc extends JsonObject {
  readonly uid: string;
  readonly time: number;
  readonly seq_num: number;
  readonly descriptor: string;
  readonly data: JsonObject;
  readonly timestamps: JsonObject;
}
export interface EventPageDoc extends JsonObject {
  readonly uid: readonly string[];
  readonly time: readonly number[];
  readonly seq_num: readonly number[];
  readonly descriptor: string;
  readonly data: { readonly [k: string]: readonly Json[] };
  readonly timestamps: { readonly [k: string]: readonly Json[] };
}
export interface ResourceDoc extends JsonObject {
  readonly uid: string;
  readonly spec: string;
  readonly root: string;
  readonly resource_path: string;
  readonly resource_kwargs: JsonObject;
}
export interface DatumDoc extends JsonObject {
  readonly datum_id: string;
  readonly resource: string;
  readonly datum_kwargs: JsonObject;
}
export interface DatumPageDoc extends JsonObject {
  readonly datum_id: readonly string[];
  readonly resource: string;
  readonly datum_kwargs: { readonly [k: string]: readonly Json[] };
}
export interface StopDoc extends JsonObject {
  readonly uid: string;
  readonly time: number;
  readonly run_start: string;
  readonly exit_status: string;
}

/** A validated document, discriminated by its event-model name. */
export type BlueskyDoc =
  | { readonly name: 'start'; readonly doc: StartDoc }
  | { readonly name: 'descriptor'; readonly doc: DescriptorDoc }
  | { readonly name: 'event'; readonly doc: EventDoc }
  | { readonly name: 'event_page'; readonly doc: EventPageDoc }
  | { readonly name: 'resource'; readonly doc: ResourceDoc }
  | { readonly name: 'datum'; readonly doc: DatumDoc }
  | { readonly name: 'datum_page'; readonly doc: DatumPageDoc }
  | { readonly name: 'stop'; readonly doc: StopDoc };

export type DocName = BlueskyDoc['name'];
export const DOC_NAMES: readonly DocName[] = ['start', 'descriptor', 'event', 'event_page', 'resource', 'datum', 'datum_page', 'stop'];

export type Validated = { readonly ok: true; readonly value: BlueskyDoc } | { readonly ok: false; readonly problem: string };

type FieldKind = 'string' | 'number' | 'object' | 'array' | 'string[]' | 'number[]' | 'object of arrays';

const REQUIRED: Readonly<Record<DocName, Readonly<Record<string, FieldKind>>>> = {
  start: { uid: 'string', time: 'number' },
  descriptor: { uid: 'string', time: 'number', run_start: 'string', data_keys: 'object' },
  event: { uid: 'string', time: 'number', seq_num: 'number', descriptor: 'string', data: 'object', timestamps: 'object' },
  event_page: {
    uid: 'string[]', time: 'number[]', seq_num: 'number[]', descriptor: 'string',
    data: 'object of arrays', timestamps: 'object of arrays',
  },
  resource: { uid: 'string', spec: 'string', resource_path: 'string', resource_kwargs: 'object' },
  datum: { datum_id: 'string', resource: 'string', datum_kwargs: 'object' },
  datum_page: { datum_id: 'string[]', resource: 'string', datum_kwargs: 'object of arrays' },
  stop: { uid: 'string', time: 'number', run_start: 'string', exit_status: 'string' },
};

export function isDocName(s: unknown): s is DocName {
  return typeof s === 'string' && (DOC_NAMES as readonly string[]).includes(s);
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);
}

function fieldOk(v: unknown, kind: FieldKind): boolean {
  switch (kind) {
    case 'string': return typeof v === 'string';
    case 'number': return typeof v === 'number';
    case 'object': return isObject(v);
    case 'array': return Array.isArray(v);
    case 'string[]': return Array.isArray(v) && v.every((x) => typeof x === 'string');
    case 'number[]': return Array.isArray(v) && v.every((x) => typeof x === 'number');
    case 'object of arrays': return isObject(v) && Object.values(v).every((x) => Array.isArray(x));
  }
}

/** Checks one `[name, doc]` pair (as decoded from JSON or msgpack). */
export function validateDoc(name: unknown, doc: unknown): Validated {
  if (!isDocName(name)) return { ok: false, problem: `unknown document name ${JSON.stringify(name)} (expected one of ${DOC_NAMES.join(', ')})` };
  if (!isObject(doc)) return { ok: false, problem: `${name} document is not an object` };
  const missing: string[] = [];
  for (const [field, kind] of Object.entries(REQUIRED[name])) {
    if (!(field in doc)) missing.push(field);
    else if (!fieldOk(doc[field], kind)) return { ok: false, problem: `${name} document: field '${field}' should be ${kind}` };
  }
  if (missing.length > 0) return { ok: false, problem: `${name} document lacks ${missing.map((m) => `'${m}'`).join(', ')}` };
  if (name === 'event_page' || name === 'datum_page') {
    const n = (doc['datum_id'] ?? doc['seq_num']) as readonly Json[];
    const lists = name === 'event_page'
      ? [doc['uid'], doc['time'], ...Object.values(doc['data'] as JsonObject), ...Object.values(doc['timestamps'] as JsonObject)]
      : Object.values(doc['datum_kwargs'] as JsonObject);
    if (lists.some((l) => (l as readonly Json[]).length !== n.length)) return { ok: false, problem: `${name} document: columns of unequal length` };
  }
  if (name === 'descriptor') {
    for (const [key, dk] of Object.entries(doc['data_keys'] as JsonObject)) {
      if (!isObject(dk) || typeof dk['dtype'] !== 'string' || !Array.isArray(dk['shape'])) {
        return { ok: false, problem: `descriptor data key '${key}' lacks dtype or shape` };
      }
    }
  }
  return { ok: true, value: { name, doc } as BlueskyDoc };
}
