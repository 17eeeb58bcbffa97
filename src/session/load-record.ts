/**
 * A project load in a session log (`load`, and `restoreHistory` for a project saved with its undo history). The engine's `load` event holds an Immutable document and a Map of entry
 * data; the log keeps it plain: the document in the project format's JSON form (file paths relative to the
 * log's folder, with the absolute path as a fallback) and the entry data as [id, data] pairs (typed arrays
 * stored bit-exactly by the log's codec). A replay validates the document against its pipeline again.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { messageOf } from '../graph/errors.ts';
import type { Pipeline } from '../graph/pipeline.ts';
import type { NodeData } from '../graph/types.ts';
import type { EngineEvent, LoadEvent, RestoreHistoryEvent } from '../history/actions.ts';
import { documentFromJson, documentToJson } from '../project/document-json.ts';
import type { JsonDocument } from '../project/format.ts';
import type { SessionRecord } from './log-format.ts';

export interface RecordedLoad {
  readonly type: 'load';
  readonly label: string;
  readonly document: JsonDocument;
  readonly data: readonly (readonly [string, NodeData])[];
}

/** A project loaded with its undo history: every step's document, the cursor, the entry data. */
export interface RecordedRestore {
  readonly type: 'restoreHistory';
  readonly steps: readonly { readonly label: string; readonly document: JsonDocument }[];
  readonly cursor: number;
  readonly data: readonly (readonly [string, NodeData])[];
}

/** What a session log holds for each engine event. */
export type RecordedEvent = Exclude<EngineEvent, LoadEvent | RestoreHistoryEvent> | RecordedLoad | RecordedRestore;

/** The plain form of an engine event for the log written at `logFile`. */
export function recordedEvent(e: EngineEvent, logFile: string): RecordedEvent {
  const dir = dirname(resolve(logFile));
  if (e.type === 'load') return { type: 'load', label: e.label, document: documentToJson(e.doc, dir), data: [...e.data] };
  if (e.type === 'restoreHistory') return { type: 'restoreHistory', steps: e.steps.map((s) => ({ label: s.label, document: documentToJson(s.doc, dir) })), cursor: e.cursor, data: [...e.data] };
  return e;
}

const dataMap = (d: unknown): Map<string, NodeData> => (Array.isArray(d) ? new Map((d as [string, NodeData][]).map(([id, v]) => [id, v] as const)) : new Map<string, NodeData>());

/** The engine event of a recorded one; throws (naming the log) when a recorded load does not fit the pipeline. */
export function engineEvent(r: RecordedEvent, pipeline: Pipeline, logFile: string, exists: (p: string) => boolean = existsSync): EngineEvent {
  if (r.type === 'load') return { type: 'load', label: typeof r.label === 'string' ? r.label : 'load', doc: documentFromJson(r.document, pipeline, logFile, exists), data: dataMap(r.data) };
  if (r.type === 'restoreHistory') {
    if (!Array.isArray(r.steps)) throw new Error(`${logFile}: a recorded history has no steps`);
    return { type: 'restoreHistory', cursor: r.cursor, data: dataMap(r.data), steps: r.steps.map((s) => ({ label: String(s.label), doc: documentFromJson(s.document, pipeline, logFile, exists) })) };
  }
  return r;
}

/**
 * The records of a log as engine events for `pipeline`. A load that does not fit is reported through
 * `onProblem` and left out (the replay goes on, as with any refused event).
 */
export function replayableRecords(records: readonly SessionRecord<RecordedEvent>[], pipeline: Pipeline, logFile: string, onProblem: (index: number, problem: string) => void = () => undefined): SessionRecord<EngineEvent>[] {
  const out: SessionRecord<EngineEvent>[] = [];
  records.forEach((r, i) => {
    try {
      out.push({ t: r.t, event: engineEvent(r.event, pipeline, logFile) });
    } catch (e) {
      onProblem(i, messageOf(e));
    }
  });
  return out;
}
