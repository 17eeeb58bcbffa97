/**
 * The beamline demo end to end without a browser: the project's XAS and XRD pipelines behind the app
 * server, fed by the simulators; a page's WebSocket receives χ(R) curves and integrated patterns.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startBeamflow, type Running } from '../../app/server/start.ts';
import { decodeNodeFrame, type NodeFrame } from '../../app/shared/wire.ts';

let running: Running | null = null;
afterAll(async () => {
  await running?.close();
});

describe('beamline demo', () => {
  it('streams simulated scans and frames through the real pipelines to a connected page', async () => {
    running = await startBeamflow({ pipeline: 'beamline', demo: true, port: 0, host: '127.0.0.1', demoOptions: { scans: 2, points: 0, pointsPerTick: 60, tickMs: 10, frames: 2, frameMs: 150, frameSize: 0 } });
    const frames: NodeFrame[] = [];
    const ws = new WebSocket(running.server.url.replace('http', 'ws') + 'ws');
    ws.on('message', (d, binary) => binary && frames.push(decodeNodeFrame(new Uint8Array(d as Buffer))));
    const okAt = (node: string) => {
      const ids = new Set<string>();
      for (const f of frames) if (f.node === node) for (const c of f.changes) if (c.status === 'ok') ids.add(c.id);
      return ids.size;
    };
    await expect.poll(() => okAt('chir') >= 2 && okAt('pattern') >= 2 && !running!.demo!.state$.getValue().streaming, { timeout: 60_000, interval: 100 }).toBe(true);
    const pattern = frames.filter((f) => f.node === 'pattern').flatMap((f) => f.changes).find((c) => c.status === 'ok');
    if (pattern?.status !== 'ok') throw new Error('no pattern');
    expect((pattern.data.radial as Float64Array).length).toBe(400);
    ws.close();
  }, 90_000);
});
