import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';

const run = promisify(execFile);
const root = new URL('../', import.meta.url);
const examples = readdirSync(new URL('examples/', root)).filter((f) => f.endsWith('.ts'));

describe('examples/ run as documented', () => {
  test('there are examples', () => expect(examples.length).toBeGreaterThanOrEqual(2));
  test.each(examples)('%s exits 0 and prints its results', async (file) => {
    const { stdout } = await run(process.execPath, ['bin/run-ts.js', `examples/${file}`], { cwd: root, timeout: 120_000 });
    expect(stdout.trim().length).toBeGreaterThan(0);
    if (file === 'quickstart.ts') expect(stdout).toMatch(/history: start \| add 2 items \| normalize: pre=40 \(1 item\)/);
    if (file === 'live-compose.ts') expect(stdout).toMatch(/final average: 100 points/);
  });
});
