/** Test helper: real `beamflow worker` child processes, with their JSON event log parsed from stdout. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerEvent } from '../../src/distributed/worker.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

export class WorkerProcess {
  readonly events: WorkerEvent[] = [];
  stderr = '';
  private readonly waiters: { pred: (e: WorkerEvent) => boolean; resolve: (e: WorkerEvent) => void }[] = [];
  readonly exited: Promise<number | null>;

  private constructor(readonly proc: ChildProcess) {
    let buf = '';
    proc.stdout?.on('data', (b: Buffer) => {
      buf += b.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (!line.startsWith('{')) continue;
        const e = JSON.parse(line) as WorkerEvent;
        this.events.push(e);
        for (const w of [...this.waiters]) {
          if (w.pred(e)) {
            this.waiters.splice(this.waiters.indexOf(w), 1);
            w.resolve(e);
          }
        }
      }
    });
    proc.stderr?.on('data', (b: Buffer) => (this.stderr += b.toString()));
    this.exited = new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
  }

  get pid(): number {
    return this.proc.pid ?? -1;
  }

  static async start(redisUrl: string, extra: readonly string[] = []): Promise<WorkerProcess> {
    const proc = spawn(process.execPath, ['bin/beamflow.js', 'worker', '--redis', redisUrl, '--log', 'json', ...extra], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const w = new WorkerProcess(proc);
    await w.waitFor((e) => e.event === 'ready', 30_000);
    return w;
  }

  waitFor(pred: (e: WorkerEvent) => boolean, ms: number): Promise<WorkerEvent> {
    const seen = this.events.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker ${this.pid}: no matching event in ${ms} ms; stderr: ${this.stderr}`)), ms);
      this.waiters.push({ pred, resolve: (e) => (clearTimeout(timer), resolve(e)) });
      void this.exited.then((code) => reject(new Error(`worker ${this.pid} exited (${code}); stderr: ${this.stderr}`)));
    });
  }

  /** Ends this worker by its pid: SIGTERM lets it finish its jobs, SIGKILL does not. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    this.proc.kill(signal);
    const t = setTimeout(() => this.proc.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(t);
  }
}
