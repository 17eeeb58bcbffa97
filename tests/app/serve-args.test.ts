import { describe, expect, it } from 'vitest';
import { parseServeArgs, run } from '../../src/cli/commands/serve.ts';

describe('beamflow serve options', () => {
  it('defaults to 127.0.0.1:8765 without the demo', () => {
    expect(parseServeArgs([])).toMatchObject({ port: 8765, host: '127.0.0.1', demo: false, dataRoots: [] });
  });
  it('reads port, host, demo and data roots', () => {
    const a = parseServeArgs(['--port', '0', '--host', '0.0.0.0', '--demo', '--demo-scans', '3', '--data-root', '/tmp', '--data-root', 'x']);
    expect(a).toMatchObject({ port: 0, host: '0.0.0.0', demo: true });
    expect(a.demoOptions.scans).toBe(3);
    expect(a.dataRoots).toHaveLength(2);
  });
  it('rejects bad input with a clear message', () => {
    expect(() => parseServeArgs(['--port', '70000'])).toThrow(/--port/);
    expect(() => parseServeArgs(['--port'])).toThrow(/needs a value/);
    expect(() => parseServeArgs(['--colour'])).toThrow(/unknown option '--colour'/);
  });
  it('exits with 2 on a bad option', async () => {
    const err = console.error;
    console.error = () => undefined;
    try {
      expect(await run(['--bogus'])).toBe(2);
    } finally {
      console.error = err;
    }
  });
});
