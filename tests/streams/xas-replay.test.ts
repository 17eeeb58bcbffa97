/**
 * The real APS 4-ID energy scan replayed point by point into the XAFS pipeline ends with the same µ(E)
 * (and the same downstream results, whatever they are for this short XANES range) as loading the
 * finished scan at once.
 */
import { decodeMulti } from '@msgpack/msgpack';
import { readFileSync } from 'node:fs';
import { VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/graph/index.ts';
import { xasPipeline } from '../../src/pipelines/xas.ts';
import { replayFile } from '../../src/session/replay-file.ts';
import { APS_SCAN } from './fixtures.ts';

const mapping = { energy: { key: 'monochromator_energy', scale: 1000 }, i0: 'Ion Ch 1', itrans: 'Ion Ch 5' };

/** The finished scan read directly (independent of the run assembler): primary-stream columns. */
function finishedScan(): { energy: Float64Array; i0: Float64Array; itrans: Float64Array } {
  let primary = '';
  const e: number[] = [];
  const i0: number[] = [];
  const it: number[] = [];
  for (const v of decodeMulti(readFileSync(APS_SCAN))) {
    const [name, doc] = v as [string, Record<string, unknown>];
    if (name === 'descriptor' && doc['name'] === 'primary') primary = doc['uid'] as string;
    if (name === 'event_page' && doc['descriptor'] === primary) {
      const data = doc['data'] as Record<string, number[]>;
      e.push(...data['monochromator_energy'].map((x) => x * 1000));
      i0.push(...data['Ion Ch 1']);
      it.push(...data['Ion Ch 5']);
    }
  }
  return { energy: Float64Array.from(e), i0: Float64Array.from(i0), itrans: Float64Array.from(it) };
}

function bytes(engine: Engine, node: string, id: string): unknown {
  const s = engine.state(node, id);
  if (!s) return 'absent';
  if (s.status !== 'ok') return s.status === 'failed' ? `failed: ${s.error}` : s.status;
  return Object.fromEntries(Object.entries(s.data).map(([k, v]) => [k, typeof v === 'number' ? v : ArrayBuffer.isView(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex') : 'image']));
}

describe('APS scan: live replay into the XAFS pipeline = the finished scan', () => {
  it('same µ(E) bit for bit, and the same results at every node', async () => {
    const appends: number[] = [];
    const scheduler = new VirtualTimeScheduler();
    const replay = replayFile(APS_SCAN, {
      pipeline: xasPipeline, entry: 'raw', mapping, pace: { kind: 'speed', speed: 10 }, scheduler,
      onEvent: (e) => { if (e.type === 'appendData') appends.push(scheduler.now()); },
    });
    const { summary, engine: live } = await replay;
    expect(summary).toMatchObject({ events: 185, items: 1, problems: 0 });
    expect(appends).toHaveLength(182);
    expect(appends.at(-1)! / 1000).toBeCloseTo((1600216938.4706252 - 1600216652.4697354) / 10, 2);

    const finished = createEngine(xasPipeline);
    finished.addItem({ id: 'bs-624e776a', name: 'qxscan #287', entry: 'raw', data: finishedScan() });
    await finished.settled();

    const mu = live.state('mu', 'bs-624e776a');
    expect(mu?.status).toBe('ok');
    expect(mu?.status === 'ok' && (mu.data['energy'] as Float64Array).length).toBe(183);
    for (const node of xasPipeline.order) expect(bytes(live, node, 'bs-624e776a'), node).toEqual(bytes(finished, node, 'bs-624e776a'));
    const chi = live.state('chi', 'bs-624e776a');
    console.log(`APS scan at nodes: ${xasPipeline.order.map((n) => `${n} ${live.state(n, 'bs-624e776a')?.status}`).join(', ')}${chi?.status === 'failed' ? ` (χ: ${chi.error})` : ''}`);
    await live.close();
    await finished.close();
  });
});
