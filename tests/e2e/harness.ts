/**
 * Browser-test harness: an engine with the demo pipeline, a short deterministic demo, the app server on a
 * free port, and a Chromium page on it.
 */
import type { Page } from 'playwright-core';
import { createEngine, type Engine } from '../../src/graph/index.ts';
import { startAppServer, type AppServer } from '../../app/server/app-server.ts';
import { beamlineCombiners, beamlinePipeline, beamlineSources } from '../../app/server/demo/beamline.ts';
import { DemoStream, demoPipeline, SIMPLE_SOURCES, type DemoOptions } from '../../app/server/demo/index.ts';
import { ensureWebBundle } from '../../app/server/web-bundle.ts';
import { launchChromium, type LaunchedBrowser } from '../../app/tools/chromium.ts';

export const E2E_DEMO: DemoOptions = { scans: 5, points: 351, pointsPerTick: 39, tickMs: 25, frames: 2, frameMs: 400, frameSize: 256 };

export interface Harness {
  engine: Engine;
  demo: DemoStream;
  server: AppServer;
  chrome: LaunchedBrowser;
  page: Page;
  webRoot: string;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(pipeline: 'demo' | 'beamline' = 'demo', demoOptions: DemoOptions = E2E_DEMO): Promise<Harness> {
  const webRoot = await ensureWebBundle();
  const engine = pipeline === 'beamline' ? createEngine(beamlinePipeline(), { combiners: beamlineCombiners }) : createEngine(demoPipeline());
  const demo = new DemoStream(engine, demoOptions, pipeline === 'beamline' ? beamlineSources() : SIMPLE_SOURCES);
  const opts = { engine, title: 'beamflow demo', host: '127.0.0.1', token: null, webRoot, dataRoots: [], live$: demo.state$ };
  let server = await startAppServer({ ...opts, port: 0 });
  const chrome = await launchChromium();
  const page = await chrome.context.newPage();
  await page.setViewportSize({ width: 1600, height: 1000 });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  demo.start();
  await page.goto(server.url);
  const h: Harness = {
    engine,
    demo,
    server,
    chrome,
    page,
    webRoot,
    async restart() {
      const port = server.port;
      await server.close();
      server = await startAppServer({ ...opts, port });
      h.server = server;
    },
    async close() {
      demo.stop();
      await chrome.close();
      await server.close();
      await engine.close();
      if (errors.length) throw new Error(`errors in the page: ${errors.join('; ')}`);
    },
  };
  return h;
}

/** Waits until the demo finished streaming and every node is computed, plus a quiet moment for the plots. */
export async function waitForDemo(page: Page, items: number): Promise<void> {
  await page.waitForFunction(
    (n) => {
      const s = window.beamflow?.store;
      return !!s && s.items.length >= n && !s.live.streaming && !s.live.busy && s.connection === 'open' && window.beamflow.panels.size === s.pipeline?.nodes.length;
    },
    items,
    { timeout: 60_000 },
  );
}

/** A checksum of an item's y array at a node, computed in the page (what the plot was given). */
export async function checksum(page: Page, node: string, id: string, array: string): Promise<number | string> {
  return page.evaluate(
    ([node, id, array]) => {
      const s = window.beamflow.store.nodes.get(node)?.states.get(id);
      if (!s) return 'absent';
      if (s.status !== 'ok') return s.status;
      const a = s.data[array] as Float64Array;
      let h = 0;
      for (let i = 0; i < a.length; i++) h = (h * 31 + a[i] * 1000) % 1e9;
      return h;
    },
    [node, id, array] as const,
  );
}

export async function idOf(page: Page, name: string): Promise<string> {
  const id = await page.evaluate((n) => window.beamflow.store.items.find((it) => it.name === n)?.id, name);
  if (!id) throw new Error(`no item named '${name}'`);
  return id;
}
