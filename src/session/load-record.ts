/**
 * A project load in a session log. The engine's `load` event holds an Immutable document and a Map of entry
 * data; the log keeps it plain: the document in the project format's JSON form (file paths relative to the
 * log's folder, with the absolute path as a fallback) and the entry data as [id, data] pairs (typed arrays
 * stored bit-exactly by the log's codec). A replay validates the document against its pipeline again.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { messageOf } from '../graph/errors.ts';
import type { Pipeline } from '../graph/pipeline.ts';
import type { NodeData } from '../graph/types.ts';
import type { EngineEvent, LoadEvent } from '../history/actions.ts';
import { documentFromJson, documentToJson } from '../project/document-json.ts';
import type { JsonDocument } from '../project/format.ts';
import type { SessionRecord } from './log-format.ts';

export interface RecordedLoad {
  readonly type: 'load';
  readonly label: string;
  readonly document: JsonDocument;
  readonly data: readonly (readonly [string, NodeData])[];
}

/** What a session log holds for each engine event. */
export type RecordedEvent = Exclude<EngineEvent, LoadEvent> | RecordedLoad;

/** The plain form of an engine event for the log written at `logFile`. */
export function recordedEvent(e: EngineEvent, logFile: string): RecordedEvent {
  if (e.type !== 'load') return e;
  return { type: 'load', label: e.label, document: documentToJson(e.doc, dirname(resolve(logFile))), data: [...e.data] };
}

/** The engine event of a recorded one; throws (naming the log) when a recorded load does not fit the pipeline. */
export function engineEvent(r: RecordedEvent, pipeline: Pipeline, logFile: string, exists: (p: string) => boolean = existsSync): EngineEvent {
  if (r.type !== 'load') return r;
  const data = Array.isArray(r.data) ? new Map(r.data.map(([id, d]) => [id, d] as const)) : new Map<string, NodeData>();
  return { type: 'load', label: typeof r.label === 'string' ? r.label : 'load', doc: documentFromJson(r.document, pipeline, logFile, exists), data };
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
