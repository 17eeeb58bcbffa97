/**
 * Replay from the GUI, in real Chromium: a session recorded on the XAS pipeline (the real APS 4-ID scan
 * arriving point by point, then parameter edits and an undo) is replayed through the page's replay panel,
 * from the server's data folder and as an upload, instantly and at a recorded pace with pause/resume;
 * the summary the page shows equals `beamflow replay --instant --summary` (spawned CLI), and the server's
 * engine ends in the same document, history and node outputs as an in-process replay.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer, type AppServer } from '../../app/server/app-server.ts';
import { ensureWebBundle } from '../../app/server/web-bundle.ts';
import { launchChromium, type LaunchedBrowser } from '../../app/tools/chromium.ts';
import { createEngine, type Engine } from '../../src/graph/index.ts';
import { isImage2D } from '../../src/graph/types.ts';
import { loadPipelineModule } from '../../src/session/pipelines.ts';
import { recordSession } from '../../src/session/record.ts';
import { replayFile, type ReplaySummary } from '../../src/session/replay-file.ts';

const APS = fileURLToPath(new URL('../../../shared/data/bluesky/aps-4id-polar-qxscan-624e776a.msgpack', import.meta.url));
const MAPPING = { energy: { key: 'monochromator_energy', scale: 1000 }, i0: 'Ion Ch 1', itrans: 'Ion Ch 5' };

async function xasEngine(): Promise<Engine> {
  const { pipeline, combiners } = await loadPipelineModule('xas');
  return createEngine(pipeline, { combiners });
}

/** Every node's output, bytes of every array, comparable with toEqual. */
function outputs(e: Engine): unknown {
  return e.pipeline.order.map((node) => [node, [...e.output(node)].map(([id, s]) => s.status !== 'ok' ? [id, s.status] : [id, Object.entries(s.data).map(([k, v]) => {
    const a = typeof v === 'number' ? new Float64Array([v]) : isImage2D(v) ? v.data : v;
    return [k, Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64')];
  })])]);
}

let dir: string;
let server: AppServer;
let engine: Engine;
let chrome: LaunchedBrowser;
let page: Page;
let cli: ReplaySummary;
let expected: { doc: unknown; history: unknown; outputs: unknown };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bf-e2e-replay-'));
  // Record a session: the APS scan streamed in, point by point, then user edits (recorded 40 ms apart).
  let now = 1_700_000_000_000;
  const rec = await xasEngine();
  const log = join(dir, 'aps-session.jsonl');
  const recording = recordSession(rec, log, { meta: { pipeline: 'xas' }, clock: () => (now += 40), fsync: { kind: 'never' } });
  await replayFile(APS, { engine: rec, pace: { kind: 'instant' }, entry: 'raw', mapping: MAPPING });
  const ids = [...rec.document.items.keys()];
  rec.select(ids);
  rec.setParams(ids, 'normalize', { nnorm: 1 });
  rec.setParams(ids, 'normalize', { pre1: -150 });
  rec.undo();
  await rec.settled();
  recording.stop();
  await rec.close();
  // The CLI's summary of the same log.
  const out = execFileSync(process.execPath, ['bin/beamflow.js', 'replay', log, '--instant', '--summary'], { encoding: 'utf8' });
  cli = JSON.parse(out.trim().split('\n').at(-1)!) as ReplaySummary;
  const ref = (await replayFile(log, { pace: { kind: 'instant' } })).engine;
  expected = { doc: ref.document.toJS(), history: ref.history$.getValue(), outputs: outputs(ref) };
  await ref.close();

  engine = await xasEngine();
  server = await startAppServer({ engine, title: 'beamflow replay', host: '127.0.0.1', port: 0, token: null, webRoot: await ensureWebBundle(), dataRoots: [dir] });
  chrome = await launchChromium();
  page = await chrome.context.newPage();
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto(server.url);
  await page.waitForFunction(`window.beamflow?.store?.replay?.files?.length > 0`, undefined, { timeout: 60_000 });
}, 120_000);

afterAll(async () => {
  await chrome?.close();
  await server?.close();
  await engine?.close();
});

const state = () => page.evaluate(`window.beamflow.store.replay.state`) as Promise<{ status: string; done: number; total: number; summary: ReplaySummary | null }>;

async function waitStatus(status: string, timeout = 60_000): Promise<void> {
  await page.waitForSelector(`#replay[data-status="${status}"]`, { timeout });
}

describe('replay from the GUI', () => {
  it('lists the session log of the data folder and replays it instantly to the CLI summary and the same document', async () => {
    expect(cli.kind).toBe('session');
    expect(cli.items).toBe(1);
    expect(cli.nodes['chir']?.ok ?? cli.nodes[Object.keys(cli.nodes).at(-1)!].ok).toBe(1);
    await page.selectOption('#replay-file', '0:aps-session.jsonl');
    await page.selectOption('#replay-speed', 'instant');
    await page.click('#replay-play');
    await waitStatus('done');
    const s = await state();
    expect(s.summary).toEqual(cli);
    expect(await page.locator('#replay-summary').textContent()).toBe(JSON.stringify(cli));
    await engine.settled();
    expect(engine.document.toJS()).toEqual(expected.doc);
    expect(engine.history$.getValue()).toEqual(expected.history);
    expect(outputs(engine)).toEqual(expected.outputs);
    // The page got the replayed item and its outputs like any other data.
    await page.waitForFunction(`window.beamflow.store.items.length === 1 && [...window.beamflow.store.nodes.values()].every((n) => n.order.length === 1)`, undefined, { timeout: 30_000 });
  }, 120_000);

  it('plays an uploaded log at its recorded pace, pauses (progress stands still), resumes, and ends in the same state', async () => {
    await page.setInputFiles('#replay-upload', join(dir, 'aps-session.jsonl'));
    await page.waitForFunction(`document.querySelector('#replay-file').value.startsWith('upload:')`, undefined, { timeout: 30_000 });
    // ~190 records 40 ms apart: about 7.6 s at 1×, 3.8 s at 2×.
    await page.selectOption('#replay-speed', '2');
    await page.click('#replay-play');
    await page.waitForFunction(`(() => { const s = window.beamflow.store.replay.state; return s.status === 'playing' && s.done > 20; })()`, undefined, { timeout: 30_000 });
    await page.click('#replay-pause');
    await waitStatus('paused');
    const a = await state();
    await page.waitForTimeout(600);
    const b = await state();
    expect(b.status).toBe('paused');
    expect(b.done).toBe(a.done);
    expect(b.done).toBeLessThan(b.total);
    expect(await page.locator('#replay-pause').textContent()).toBe('Resume');
    await page.click('#replay-pause');
    await waitStatus('done', 60_000);
    const s = await state();
    expect(s.done).toBe(s.total);
    expect(s.summary).toEqual(cli);
    await engine.settled();
    expect(engine.document.toJS()).toEqual(expected.doc);
    expect(outputs(engine)).toEqual(expected.outputs);
  }, 120_000);

  it('stops a replay where it is', async () => {
    await page.selectOption('#replay-file', '0:aps-session.jsonl', { timeout: 20_000 });
    await page.selectOption('#replay-speed', '0.5', { timeout: 20_000 });
    await page.click('#replay-play', { timeout: 20_000 });
    // This replay's own progress (the previous one's state says done = total until the new one starts).
    await page.waitForFunction(`(() => { const s = window.beamflow.store.replay.state; return s.status === 'playing' && s.done > 5; })()`, undefined, { timeout: 30_000 });
    await page.click('#replay-stop', { timeout: 20_000 });
    await waitStatus('stopped', 30_000);
    const s = await state();
    expect(s.done).toBeLessThan(s.total);
    expect(s.summary?.events).toBe(cli.events);
  }, 120_000);
});
