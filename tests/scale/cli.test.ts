/** `beamflow worker` argument and connection errors, and the executor's clear failure without Redis. */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createDistributedExecutor } from '../../src/distributed/executor.ts';
import { freePort } from './redis-server.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const worker = (...args: string[]) => spawnSync(process.execPath, ['bin/beamflow.js', 'worker', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });

describe('beamflow worker command line', () => {
  it('requires --redis, validates numbers and URLs, and exits 1 when Redis cannot be reached', async () => {
    const none = worker();
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('--redis URL is required');
    const badN = worker('--redis', 'redis://127.0.0.1:6379', '--concurrency', 'zero');
    expect(badN.status).toBe(1);
    expect(badN.stderr).toContain("--concurrency must be a positive integer, got 'zero'");
    const badUrl = worker('--redis', 'http://example');
    expect(badUrl.status).toBe(1);
    expect(badUrl.stderr).toContain("not a Redis URL: 'http://example'");
    const port = await freePort();
    const down = worker('--redis', `redis://127.0.0.1:${port}`, '--connect-ms', '500');
    expect(down.status).toBe(1);
    expect(down.stderr).toContain(`cannot reach Redis at redis://127.0.0.1:${port}`);
    expect(worker('--help').stdout).toContain('usage: beamflow worker --redis URL');
  }, 60_000);

  it('createDistributedExecutor fails clearly when Redis is not there', async () => {
    const port = await freePort();
    await expect(createDistributedExecutor({ redis: `redis://127.0.0.1:${port}`, connectMs: 300 })).rejects.toThrow(`cannot reach Redis at redis://127.0.0.1:${port}`);
  });
});
