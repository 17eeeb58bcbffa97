/**
 * A local stand-in for a cluster: one real redis-server and groups of real `beamflow worker` processes,
 * each group on its own queue, so that 1-worker and 2-worker runs can alternate (drift in machine speed
 * then hits both alike) instead of running one after the other.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { RedisServer } from '../../tests/scale/redis-server.ts';
import { createDistributedExecutor, type DistributedExecutor, type DistributedOptions } from '../../src/distributed/executor.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

export class Cluster {
  private readonly workers: ChildProcess[] = [];
  private readonly executors: DistributedExecutor[] = [];
  private constructor(readonly redis: RedisServer) {}

  static async start(): Promise<Cluster> {
    return new Cluster(await RedisServer.start());
  }

  /** An executor on its own queue; with `workers`, starts that many quiet workers on it and waits for them. */
  async group(queue: string, workers: number, opts: Partial<DistributedOptions> = {}): Promise<DistributedExecutor> {
    const ex = await createDistributedExecutor({ ...opts, redis: this.redis.url, queue });
    this.executors.push(ex);
    for (let i = 0; i < workers; i++) {
      this.workers.push(spawn(process.execPath, ['bin/beamflow.js', 'worker', '--redis', this.redis.url, '--queue', queue, '--log', 'none'], { cwd: root, stdio: 'ignore' }));
    }
    const until = Date.now() + 60_000;
    while ((await ex.queue.getWorkersCount()) < workers) {
      if (Date.now() > until) throw new Error(`only ${await ex.queue.getWorkersCount()} of ${workers} workers came up on '${queue}'`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return ex;
  }

  async stop(): Promise<void> {
    for (const ex of this.executors) await ex.close();
    await Promise.all(
      this.workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.exitCode !== null || w.signalCode !== null) return resolve();
            w.once('exit', () => resolve());
            w.kill('SIGTERM');
            setTimeout(() => w.kill('SIGKILL'), 10_000).unref();
          }),
      ),
    );
    await this.redis.stop();
  }
}
