/**
 * Launches Debian's headless Chromium through playwright-core with WebGL on SwiftShader (software), as the
 * browser tests and the render bench need. A fresh profile directory per launch, removed on close.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.BEAMFLOW_CHROMIUM ?? '/usr/bin/chromium';

export interface LaunchedBrowser {
  /** A persistent context on the fresh profile: open pages with `context.newPage()`. */
  readonly context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<LaunchedBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install it (apt-get install -y chromium) or set BEAMFLOW_CHROMIUM`);
  }
  const profile = await mkdtemp(join(tmpdir(), 'beamflow-chromium-'));
  // Playwright takes the profile directory as an argument of launchPersistentContext, not as a flag.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
    ],
    viewport: { width: 1280, height: 900 },
    deviceScaleFactor: 1,
  });
  return {
    context,
    async close() {
      await context.close().catch(() => undefined);
      await rm(profile, { recursive: true, force: true }).catch(() => undefined);
    },
  };
}
