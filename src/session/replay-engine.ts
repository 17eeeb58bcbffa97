/**
 * Replaying a session log (or any list of timed engine events) into an engine on an RxJS scheduler.
 * An event the engine refuses (bad data, unknown item) is reported and the replay goes on, as the
 * recording did. With a virtual-time scheduler the whole session is applied synchronously in order.
 */
import { VirtualTimeScheduler, type SchedulerLike } from 'rxjs';
import type { Engine } from '../graph/engine.ts';
import { messageOf } from '../graph/errors.ts';
import type { EngineEvent } from '../history/actions.ts';
import type { SessionRecord } from './log-format.ts';
import { replay$, type ReplayPace } from './replay.ts';

export interface ReplayResult {
  readonly applied: number;
  readonly refused: readonly { readonly index: number; readonly type: string; readonly error: string }[];
}

export interface ReplayOptions {
  readonly pace?: ReplayPace;
  /** Default: a fresh VirtualTimeScheduler, flushed at once (the outcome does not depend on the pace). */
  readonly scheduler?: SchedulerLike;
  readonly onEvent?: (e: EngineEvent, index: number) => void;
  /** Stops the replay where it is (the GUI's stop button); the promise then resolves with what was applied. */
  readonly signal?: AbortSignal;
}

export function replayInto(engine: Engine, records: readonly SessionRecord<EngineEvent>[], opts: ReplayOptions = {}): Promise<ReplayResult> {
  const pace = opts.pace ?? { kind: 'instant' };
  const virtual = opts.scheduler === undefined;
  const scheduler = opts.scheduler ?? new VirtualTimeScheduler();
  let index = 0;
  let applied = 0;
  const refused: { index: number; type: string; error: string }[] = [];
  return new Promise<ReplayResult>((resolve, reject) => {
    const sub = replay$(records, pace, scheduler).subscribe({
      next: (e) => {
        try {
          engine.apply(e);
          applied++;
        } catch (err) {
          refused.push({ index, type: e.type, error: messageOf(err) });
        }
        opts.onEvent?.(e, index);
        index++;
      },
      error: reject,
      complete: () => {
        engine.settled().then(() => resolve({ applied, refused }), reject);
      },
    });
    const stop = (): void => {
      sub.unsubscribe();
      engine.settled().then(() => resolve({ applied, refused }), reject);
    };
    if (opts.signal?.aborted) stop();
    else opts.signal?.addEventListener('abort', stop, { once: true });
    if (virtual) (scheduler as VirtualTimeScheduler).flush();
  });
}
