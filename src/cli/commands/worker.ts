/**
 * `beamflow worker --redis URL [--concurrency N]`: processes beamflow jobs from a Redis queue on this
 * machine until SIGINT/SIGTERM (then finishes its active jobs and exits 0).
 */
import { parseArgs } from 'node:util';
import { startWorker, type WorkerEvent } from '../../distributed/worker.ts';
import { defaults } from '../../distributed/options.ts';

export const summary = 'process distributed jobs from a Redis queue (run one per core, on any machine)';

const help = `usage: beamflow worker --redis URL [options]

  --redis URL          Redis holding the queue, e.g. redis://10.0.0.5:6379 (required)
  --queue NAME         queue name (default ${defaults.queue})
  --concurrency N      jobs in flight in this process (default 1; for CPU-heavy transforms start one
                       worker process per core instead)
  --allow PREFIX       also import transforms from module URLs starting with PREFIX (repeatable;
                       this checkout is always allowed)
  --map FROM=TO        rewrite module URL prefix FROM to TO (a checkout at another path; repeatable)
  --lock-ms MS         job lock duration (default ${defaults.lockMs}); a job must not block longer
  --stalled-ms MS      how often to look for jobs of dead workers (default ${defaults.stalledMs})
  --connect-ms MS      give up at start if Redis does not answer within MS (default 10000)
  --log text|json|none event log on stdout (default text)`;

function positiveInt(name: string, v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got '${v}'`);
  return n;
}

function formatEvent(e: WorkerEvent): string {
  switch (e.event) {
    case 'ready':
      return `worker ${e.backend} ready on queue '${e.queue}'`;
    case 'active':
      return `job ${e.job} (item ${e.item}) attempt ${e.attempt}`;
    case 'completed':
      return `job ${e.job} (item ${e.item}) done in ${e.ms.toFixed(1)} ms`;
    case 'failed':
      return `job ${e.job} (item ${e.item}) failed: ${e.error}`;
    case 'error':
      return `error: ${e.error}`;
  }
}

export async function run(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        redis: { type: 'string' },
        queue: { type: 'string' },
        concurrency: { type: 'string' },
        allow: { type: 'string', multiple: true },
        map: { type: 'string', multiple: true },
        'lock-ms': { type: 'string' },
        'stalled-ms': { type: 'string' },
        'connect-ms': { type: 'string' },
        log: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    console.error(`beamflow worker: ${e instanceof Error ? e.message : String(e)}\n\n${help}`);
    return 2;
  }
  if (values.help) {
    console.log(help);
    return 0;
  }
  const log = values.log ?? 'text';
  if (!values.redis || !['text', 'json', 'none'].includes(log)) {
    console.error(`beamflow worker: ${values.redis ? `bad --log '${log}'` : '--redis URL is required'}\n\n${help}`);
    return 2;
  }
  let handle;
  try {
    const map = (values.map ?? []).map((m): [string, string] => {
      const i = m.indexOf('=');
      if (i <= 0) throw new Error(`--map wants FROM=TO, got '${m}'`);
      return [m.slice(0, i), m.slice(i + 1)];
    });
    handle = await startWorker({
      redis: values.redis,
      queue: values.queue,
      concurrency: positiveInt('concurrency', values.concurrency, 1),
      lockMs: positiveInt('lock-ms', values['lock-ms'], defaults.lockMs),
      stalledMs: positiveInt('stalled-ms', values['stalled-ms'], defaults.stalledMs),
      connectMs: positiveInt('connect-ms', values['connect-ms'], 10_000),
      allow: values.allow ?? [],
      map,
      onEvent: (e) => {
        if (log === 'json') console.log(JSON.stringify(e));
        else if (log === 'text') console.log(formatEvent(e));
      },
    });
  } catch (e) {
    console.error(`beamflow worker: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await handle.close();
  return 0;
}
