/**
 * Recording an engine: every event on `engine.events$` (user actions, data arriving, undo/redo) is appended
 * to a session log with its time (a project load in its plain form, load-record.ts). Stop by calling `stop()` (or when the engine closes).
 */
import type { Engine } from '../graph/engine.ts';
import { SessionWriter, type SessionWriterOptions } from './log-writer.ts';
import { recordedEvent, type RecordedEvent } from './load-record.ts';
import { projectOf } from '../project/save.ts';

export interface Recording {
  readonly writer: SessionWriter<RecordedEvent>;
  /** Stops recording and closes the log (fsyncs it). */
  stop(): void;
}

export function recordSession(engine: Engine, file: string, opts: SessionWriterOptions = {}): Recording {
  // A recording that starts from a non-empty engine carries that state, so a replay starts from it too.
  const initial = engine.document.items.size > 0 ? projectOf(engine, file, { embed: true }) : undefined;
  const writer = new SessionWriter<RecordedEvent>(file, { ...opts, ...(initial ? { initial } : {}) });
  const sub = engine.events$.subscribe({
    next: (e) => writer.append(recordedEvent(e, file)),
    complete: () => writer.close(),
  });
  return {
    writer,
    stop() {
      sub.unsubscribe();
      writer.close();
    },
  };
}
