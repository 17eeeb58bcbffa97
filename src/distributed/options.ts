/**
 * Settings shared by the distributed executor and the workers, and the one way both open Redis.
 * Lock and stalled-check times are short on purpose: a SIGKILLed worker's job is redelivered within
 * about lockMs + stalledMs (seconds), not BullMQ's default 30 s.
 */
import { Redis } from 'ioredis';

export interface QueueSettings {
  /** Redis URL, e.g. redis://10.0.0.5:6379/0 (the same for every machine). */
  readonly redis: string;
  /** BullMQ queue name; executors and workers meet on it. */
  readonly queue: string;
}

export const defaults = {
  queue: 'beamflow',
  /** A job's lock lives this long without renewal; a worker renews it every lockMs / 2. */
  lockMs: 4000,
  /** How often workers look for jobs whose lock expired (their worker died). */
  stalledMs: 2000,
  /** A job whose worker died this many times is failed rather than redelivered again. */
  maxStalled: 2,
  /** Attempts per job when the transform throws (a poison job fails after these). */
  attempts: 2,
  /** Inputs and results up to this many bytes travel inside the job; larger ones through a Redis key. */
  inlineBytes: 1024,
  /** Payload keys expire after this long even if nobody frees them (executor gone): a leak guard only. */
  payloadTtlS: 24 * 3600,
} as const;

/**
 * A Redis connection that waits through outages instead of failing commands: BullMQ needs
 * maxRetriesPerRequest null, and a restarted Redis is rejoined with capped backoff.
 */
export function connect(url: string, name: string): Redis {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`not a Redis URL: '${url}' (expected redis://HOST:PORT[/DB])`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new Error(`not a Redis URL: '${url}' (expected redis:// or rediss://)`);
  }
  const conn = new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    connectionName: name,
    retryStrategy: (times) => Math.min(100 * times, 1000),
  });
  // Without a listener ioredis prints every reconnect failure; outages are reported by the callers.
  conn.on('error', () => undefined);
  return conn;
}

/** Resolves once Redis answers PING; rejects with a clear message after `ms` (a wrong URL, Redis down). */
export async function waitReachable(conn: Redis, url: string, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`cannot reach Redis at ${url} within ${ms / 1000} s`)), ms);
  });
  try {
    await Promise.race([conn.ping(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
