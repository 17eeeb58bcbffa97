/** Saving an engine's document as a project file (written to a temporary file, then renamed: never half-written). */
import { renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Engine } from '../graph/engine.ts';
import { toJsonValue } from '../session/codec.ts';
import { documentToJson } from './document-json.ts';
import { PROJECT_FORMAT, PROJECT_VERSION, type JsonItem, type ProjectFile } from './format.ts';

export interface SaveOptions {
  /** Embed every item's entry data (default: only items that have no file). */
  readonly embed?: boolean;
  /** Include the undo history (every step's document). */
  readonly history?: boolean;
  /** The pipeline's name, recorded so `beamflow` knows which pipeline opens the project. */
  readonly pipeline?: string;
}

export function projectOf(engine: Engine, file: string, opts: SaveOptions = {}): ProjectFile {
  const dir = dirname(resolve(file));
  const doc = documentToJson(engine.document, dir);
  const items: JsonItem[] = doc.items.map((it) => {
    if (it.source.kind === 'combination') return it;
    if (it.source.kind === 'file' && !opts.embed) return it;
    const data = engine.entryData(it.id);
    return data ? { ...it, data: toJsonValue(data) } : it;
  });
  const h = engine.historyState;
  return {
    format: PROJECT_FORMAT, version: PROJECT_VERSION, saved: new Date().toISOString(), pipeline: opts.pipeline ?? null,
    embedded: opts.embed ?? false, ...doc, items,
    ...(opts.history ? { history: { cursor: h.cursor, steps: h.steps.toArray().map((s) => ({ label: s.label, document: documentToJson(s.doc, dir) })) } } : {}),
  };
}

export function saveProject(engine: Engine, file: string, opts: SaveOptions = {}): ProjectFile {
  const project = projectOf(engine, file, opts);
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(project, null, 1)}\n`);
  renameSync(tmp, file);
  return project;
}
