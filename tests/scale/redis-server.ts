/**
 * Test helper: a real redis-server on 127.0.0.1 on a free port, with AOF persistence in a temp dir so a
 * restart keeps the queue (as a production Redis would). Tests skip visibly when the binary is absent.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** BEAMFLOW_REDIS_SERVER points at another binary (e.g. one carried to a machine without Debian's package). */
export const REDIS_BIN = process.env.BEAMFLOW_REDIS_SERVER ?? '/usr/bin/redis-server';
export const haveRedis = existsSync(REDIS_BIN);
export const noRedisReason = `${REDIS_BIN} not found: install it with apt-get install -y redis-server`;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export class RedisServer {
  private proc: ChildProcess | null = null;
  private constructor(readonly port: number, readonly dir: string) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<RedisServer> {
    const s = new RedisServer(await freePort(), mkdtempSync(join(tmpdir(), 'bf-redis-')));
    await s.launch();
    return s;
  }

  private launch(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--save', '',
      '--appendonly', 'yes', '--appendfsync', 'always', '--loglevel', 'notice'];
    const proc = spawn(REDIS_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc = proc;
    return new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 10_000);
      const onData = (b: Buffer): void => {
        out += b.toString();
        if (out.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      };
      proc.stdout?.on('data', onData);
      proc.stderr?.on('data', onData);
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with ${code}: ${out}`));
      });
    });
  }

  /**
   * Graceful stop (SIGTERM: Redis flushes its AOF) and start again on the same port and directory; with
   * `wipe`, the data are deleted in between (a Redis without persistence, or a replaced server).
   */
  async restart(downMs = 0, wipe = false): Promise<void> {
    await this.kill('SIGTERM');
    if (wipe) for (const f of readdirSync(this.dir)) rmSync(join(this.dir, f), { recursive: true, force: true });
    if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
    await this.launch();
  }

  private kill(signal: NodeJS.Signals): Promise<void> {
    const p = this.proc;
    this.proc = null;
    if (!p || p.exitCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      p.once('exit', () => resolve());
      p.kill(signal);
    });
  }

  async stop(): Promise<void> {
    await this.kill('SIGTERM');
    rmSync(this.dir, { recursive: true, force: true });
  }
}
