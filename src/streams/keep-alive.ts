/**
 * Keeps a live source connected: when the connection drops (error) or the sender closes it (complete,
 * e.g. between runs), subscribe again after `delayMs` on the given scheduler. Virtual-time testable.
 */
import { repeat, retry, timer, type MonoTypeOperatorFunction, type SchedulerLike, asyncScheduler } from 'rxjs';

export interface KeepAliveOptions {
  readonly delayMs?: number;
  /** Give up after this many consecutive failed connections (default: never). */
  readonly maxRetries?: number;
  readonly scheduler?: SchedulerLike;
  /** Called on every reconnection with the reason. */
  readonly onReconnect?: (reason: string) => void;
}

export function keepAlive<T>(opts: KeepAliveOptions = {}): MonoTypeOperatorFunction<T> {
  const delayMs = opts.delayMs ?? 1000;
  const scheduler = opts.scheduler ?? asyncScheduler;
  return (source) => source.pipe(
    retry({
      ...(opts.maxRetries !== undefined ? { count: opts.maxRetries } : {}),
      delay: (e: unknown) => { opts.onReconnect?.(e instanceof Error ? e.message : String(e)); return timer(delayMs, scheduler); },
      resetOnSuccess: true,
    }),
    repeat({ delay: () => { opts.onReconnect?.('closed by the sender'); return timer(delayMs, scheduler); } }),
  );
}
