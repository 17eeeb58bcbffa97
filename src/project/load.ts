/**
 * Loading a project file into an engine: the document (validated against the pipeline), the entry data
 * (embedded, or read from the data files found relative to the project), and optionally the saved history.
 * A data file that cannot be read leaves its item in the project, marked failed with the reason.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Engine } from '../graph/engine.ts';
import { BeamflowError, messageOf } from '../graph/errors.ts';
import type { Pipeline } from '../graph/pipeline.ts';
import type { NodeData } from '../graph/types.ts';
import type { Document, ItemSource } from '../history/document.ts';
import { fromJsonValue } from '../session/codec.ts';
import { documentFromJson } from './document-json.ts';
import { PROJECT_FORMAT, PROJECT_VERSION, type ProjectFile } from './format.ts';

/** Reads a data file of a file source (e.g. the XAFS or CBF reader). */
export type DataLoader = (path: string, source: Extract<ItemSource, { kind: 'file' }>, itemId: string) => NodeData;

export interface LoadOptions {
  readonly loadFile?: DataLoader;
  readonly exists?: (path: string) => boolean;
  /** Restore the saved undo history when the project has one (default true); otherwise load as one step. */
  readonly restoreHistory?: boolean;
}

export interface ReadProject {
  readonly file: string;
  readonly pipeline: string | null;
  readonly document: Document;
  readonly data: ReadonlyMap<string, NodeData>;
  /** Items whose data could not be read, with why. */
  readonly failed: ReadonlyMap<string, string>;
  readonly history: { readonly cursor: number; readonly steps: readonly { readonly label: string; readonly document: Document }[] } | null;
}

export function parseProjectText(text: string, file: string): ProjectFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new BeamflowError({ kind: 'BadFile', file, problem: `not valid JSON (${(e as Error).message})` });
  }
  return checkProject(raw, file);
}

export function checkProject(raw: unknown, file: string): ProjectFile {
  const p = raw as ProjectFile;
  if (typeof raw !== 'object' || raw === null || p.format !== PROJECT_FORMAT) throw new BeamflowError({ kind: 'BadFile', file, problem: `not a beamflow project (format should be '${PROJECT_FORMAT}')` });
  if (typeof p.version !== 'number' || p.version > PROJECT_VERSION) throw new BeamflowError({ kind: 'BadFile', file, problem: `project version ${String(p.version)} is not one this beamflow reads (up to ${PROJECT_VERSION})` });
  return p;
}

export function readProject(file: string, pipeline: Pipeline, opts: LoadOptions = {}): ReadProject {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new BeamflowError({ kind: 'BadFile', file, problem: `cannot read (${(e as Error).message})` });
  }
  return projectFromObject(parseProjectText(text, file), file, pipeline, opts);
}

/** The same from an already parsed project (e.g. the initial state in a session log's header). */
export function projectFromObject(p: ProjectFile, file: string, pipeline: Pipeline, opts: LoadOptions = {}): ReadProject {
  const exists = opts.exists ?? existsSync;
  const document = documentFromJson(p, pipeline, file, exists);
  const data = new Map<string, NodeData>();
  const failed = new Map<string, string>();
  p.items.forEach((raw) => {
    const it = document.items.get(raw.id)!;
    if (raw.data !== undefined) {
      data.set(it.id, fromJsonValue(raw.data) as NodeData);
      return;
    }
    if (it.source.kind !== 'file') return;
    if (!opts.loadFile) { failed.set(it.id, `${it.source.path}: data not embedded and no file loader given`); return; }
    try {
      data.set(it.id, opts.loadFile(it.source.path, it.source, it.id));
    } catch (e) {
      failed.set(it.id, messageOf(e).includes(it.source.path) ? messageOf(e) : `${it.source.path}: ${messageOf(e)}`);
    }
  });
  const history = p.history
    ? { cursor: p.history.cursor, steps: p.history.steps.map((s) => ({ label: s.label, document: documentFromJson(s.document, pipeline, file, exists) })) }
    : null;
  return { file, pipeline: p.pipeline, document, data, failed, history };
}

/** Loads a project into an engine: with its saved undo history if it has one, else as one step ('load <file>'). */
export function loadProject(engine: Engine, file: string, opts: LoadOptions = {}): ReadProject {
  const r = readProject(file, engine.pipeline, opts);
  if (r.history && opts.restoreHistory !== false)
    engine.restoreHistory(r.history.steps.map((s) => ({ doc: s.document, label: s.label })), r.history.cursor, r.data);
  else engine.load(r.document, r.data, `load ${file}`);
  for (const [id, why] of r.failed) engine.failData(id, why);
  return r;
}
