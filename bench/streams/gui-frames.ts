/**
 * The GUI during acquisition: the app server and a headless Chromium page open on an engine while
 * spectra arrive at a fixed rate; the page records every animation-frame interval. Reports the longest
 * frame and the 99th percentile. Chromium here renders in software (SwiftShader) on a shared 2-core machine.
 */
import { createEngine } from '../../src/graph/index.ts';
import { startAppServer } from '../../app/server/app-server.ts';
import { ensureWebBundle } from '../../app/server/web-bundle.ts';
import { launchChromium } from '../../app/tools/chromium.ts';
import { threeNodes } from './pipeline.ts';

export interface FrameStats {
  readonly frames: number;
  readonly maxMs: number;
  readonly p99Ms: number;
  readonly medianMs: number;
  readonly over50: number;
  readonly spectra: number;
  /** Every animation-frame interval, in order (ms). */
  readonly intervals: readonly number[];
  /** Longest frame of the page's own start-up (the settle period after it connected, no data), not counted above. */
  readonly startupMaxMs: number;
}

/** How long the page is left to start (first paint, shaders, plot pictures) before the measurement begins. */
export const SETTLE_MS = 1500;

export async function guiFrames(perSecond: number, seconds: number, points = 1000): Promise<FrameStats> {
  const webRoot = await ensureWebBundle();
  const engine = createEngine(threeNodes);
  const server = await startAppServer({ engine, title: 'bench', host: '127.0.0.1', port: 0, token: null, webRoot, dataRoots: [] });
  const chrome = await launchChromium();
  try {
    const page = await chrome.context.newPage();
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.goto(server.url);
    await page.waitForFunction(`window.beamflow?.store?.connection === 'open'`, undefined, { timeout: 60_000 });
    // Record frame intervals in the page, from the moment it connected; the page's own start-up frames (the
    // settle period, before any data) are kept apart: acquisition starts on a page that is open.
    // A string, not a function: the TypeScript loader would add helpers the page does not have.
    await page.evaluate(`(() => {
      window.__frames = [];
      let last = performance.now();
      const loop = (t) => { window.__frames.push(t - last); last = t; requestAnimationFrame(loop); };
      requestAnimationFrame(loop);
    })()`);
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const startup = ((await page.evaluate('window.__frames.splice(0)')) as number[]).slice(1);
    const x = Float64Array.from({ length: points }, (_, i) => i);
    const total = perSecond * seconds;
    const t0 = performance.now();
    for (let k = 0; k < total; k++) {
      engine.addItem({ id: `s${k}`, name: `spectrum ${k}`, entry: 'raw', data: { x, y: x.map((v) => Math.sin(v / 40 + k / 7) + k * 1e-3) } });
      const due = t0 + ((k + 1) * 1000) / perSecond;
      await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
    }
    if (total === 0) await new Promise((r) => setTimeout(r, seconds * 1000));
    await engine.settled();
    await new Promise((r) => setTimeout(r, 500));
    const frames = ((await page.evaluate('window.__frames')) as number[]).slice(1);
    const s = [...frames].sort((a, b) => a - b);
    return {
      frames: s.length, maxMs: s.at(-1) ?? NaN, p99Ms: s[Math.floor(s.length * 0.99)] ?? NaN, medianMs: s[s.length >> 1] ?? NaN,
      over50: s.filter((f) => f > 50).length, spectra: total, intervals: frames, startupMaxMs: Math.max(0, ...startup),
    };
  } finally {
    await chrome.close();
    await server.close();
    await engine.close();
  }
}
