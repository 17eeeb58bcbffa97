/** Conversions between single events and event pages (columnar form), as the event model defines them. */
import type { EventDoc, EventPageDoc, Json, JsonObject } from './bluesky-docs.ts';

function column(obj: JsonObject): { [k: string]: Json[] } {
  const out: { [k: string]: Json[] } = {};
  for (const [k, v] of Object.entries(obj)) out[k] = [v];
  return out;
}

/** A single event as a page of one row. */
export function pageOf(ev: EventDoc): EventPageDoc {
  const filled = ev['filled'];
  return {
    uid: [ev.uid],
    time: [ev.time],
    seq_num: [ev.seq_num],
    descriptor: ev.descriptor,
    data: column(ev.data),
    timestamps: column(ev.timestamps),
    filled: typeof filled === 'object' && filled !== null && !Array.isArray(filled) ? column(filled as JsonObject) : {},
  };
}

/** Row `i` of a page as a single event. */
export function eventOf(page: EventPageDoc, i: number): EventDoc {
  const row = (cols: { readonly [k: string]: readonly Json[] }): JsonObject =>
    Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, v[i]]));
  const filled = page['filled'];
  return {
    uid: page.uid[i],
    time: page.time[i],
    seq_num: page.seq_num[i],
    descriptor: page.descriptor,
    data: row(page.data),
    timestamps: row(page.timestamps),
    filled: typeof filled === 'object' && filled !== null && !Array.isArray(filled) ? row(filled as { readonly [k: string]: readonly Json[] }) : {},
  };
}
