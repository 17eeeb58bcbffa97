/**
 * Which bluesky data keys become which pipeline columns. The user sets a mapping
 * (column → data key, optionally scaled, e.g. keV → eV); without one, the run's hints decide:
 * the scan dimension of the stream first, then the fields the descriptor hints.
 */
import type { DescriptorDoc, Json, JsonObject, StartDoc } from './bluesky-docs.ts';

export type ColumnSource = string | { readonly key: string; readonly scale?: number };
/** column name → data key */
export type ColumnMapping = Readonly<Record<string, ColumnSource>>;

export interface ResolvedColumn {
  readonly column: string;
  readonly key: string;
  readonly scale: number;
  /** Rank of the data (0: scalar per event, 2: an image per event). */
  readonly ndim: number;
  readonly external: boolean;
  readonly units: string;
}

function strings(v: Json | undefined): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Fields named by `start.hints.dimensions` for this stream (e.g. the scanned motor). */
export function dimensionFields(start: StartDoc | null, stream: string): string[] {
  const hints = start?.['hints'];
  if (typeof hints !== 'object' || hints === null || Array.isArray(hints)) return [];
  const dims = (hints as JsonObject)['dimensions'];
  if (!Array.isArray(dims)) return [];
  const out: string[] = [];
  for (const d of dims) {
    if (Array.isArray(d) && d.length === 2 && d[1] === stream) out.push(...strings(d[0]));
  }
  return out;
}

/** Fields the descriptor hints (`hints: {device: {fields: [...]}}`). */
export function hintedFields(desc: DescriptorDoc): string[] {
  const hints = desc['hints'];
  if (typeof hints !== 'object' || hints === null || Array.isArray(hints)) return [];
  const out: string[] = [];
  for (const h of Object.values(hints as JsonObject)) {
    if (typeof h === 'object' && h !== null && !Array.isArray(h)) out.push(...strings((h as JsonObject)['fields']));
  }
  return out;
}

/** The default mapping: each hinted key becomes a column of the same name (dimension first). */
export function defaultMapping(start: StartDoc | null, desc: DescriptorDoc, stream: string): ColumnMapping {
  const keys = [...dimensionFields(start, stream), ...hintedFields(desc)];
  // A frame detector hints nothing numeric (`img: {fields: []}`): fall back to every key it declares.
  const usable = keys.filter((k) => k in desc.data_keys);
  const chosen = usable.length > 0 ? usable : Object.keys(desc.data_keys).filter((k) => isNumericKey(desc, k));
  const out: Record<string, ColumnSource> = {};
  for (const k of chosen) out[k] = k;
  return out;
}

function isNumericKey(desc: DescriptorDoc, key: string): boolean {
  const dk = desc.data_keys[key];
  return dk.dtype === 'number' || dk.dtype === 'integer' || dk.dtype === 'array';
}

export type MappingResult =
  | { readonly ok: true; readonly columns: readonly ResolvedColumn[] }
  | { readonly ok: false; readonly problem: string };

/** Resolves a mapping against a descriptor; a key the descriptor lacks is an error naming it. */
export function resolveMapping(mapping: ColumnMapping, desc: DescriptorDoc): MappingResult {
  const columns: ResolvedColumn[] = [];
  for (const [column, src] of Object.entries(mapping)) {
    const key = typeof src === 'string' ? src : src.key;
    const scale = typeof src === 'string' ? 1 : (src.scale ?? 1);
    const dk = desc.data_keys[key];
    if (!dk) {
      const known = Object.keys(desc.data_keys).slice(0, 12).join(', ');
      return { ok: false, problem: `column '${column}' maps to data key '${key}', which stream '${String(desc['name'])}' does not have (it has: ${known}…)` };
    }
    if (!isNumericKey(desc, key)) return { ok: false, problem: `column '${column}': data key '${key}' has dtype '${dk.dtype}', not numeric` };
    columns.push({ column, key, scale, ndim: dk.shape.length, external: typeof dk.external === 'string', units: typeof dk.units === 'string' ? dk.units : '' });
  }
  return { ok: true, columns };
}
