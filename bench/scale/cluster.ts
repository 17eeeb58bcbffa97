/** A local stand-in for a cluster: one real redis-server and N real `beamflow worker` processes. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { RedisServer } from '../../tests/scale/redis-server.ts';
import { createDistributedExecutor, type DistributedExecutor } from '../../src/distributed/executor.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

export class Cluster {
  readonly workers: ChildProcess[] = [];
  private constructor(readonly redis: RedisServer, readonly executor: DistributedExecutor) {}

  static async start(): Promise<Cluster> {
    const redis = await RedisServer.start();
    return new Cluster(redis, await createDistributedExecutor({ redis: redis.url }));
  }

  /** Grows (never shrinks) to n quiet worker processes; resolves when BullMQ sees them all. */
  async scaleTo(n: number): Promise<void> {
    while (this.workers.length < n) {
      this.workers.push(spawn(process.execPath, ['bin/beamflow.js', 'worker', '--redis', this.redis.url, '--log', 'none'], { cwd: root, stdio: 'ignore' }));
    }
    const until = Date.now() + 60_000;
    while ((await this.executor.queue.getWorkersCount()) < n) {
      if (Date.now() > until) throw new Error(`only ${await this.executor.queue.getWorkersCount()} of ${n} workers came up`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stop(): Promise<void> {
    await this.executor.close();
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
