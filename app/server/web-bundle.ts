/**
 * The page bundle (app/web → app/web/dist, git-ignored), built with vite when missing or older than its
 * sources, so `beamflow serve` and the browser tests always serve the current page.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPage } from '../tools/vite-build.ts';

export const APP_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const WEB_SRC = join(APP_ROOT, 'web');
export const WEB_DIST = join(WEB_SRC, 'dist');
const SOURCES = [WEB_SRC, join(APP_ROOT, 'shared'), resolve(APP_ROOT, '../src/render')];

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'dist' || e.name === 'node_modules') continue;
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

export function bundleIsCurrent(): boolean {
  const index = join(WEB_DIST, 'index.html');
  if (!existsSync(index)) return false;
  const built = statSync(index).mtimeMs;
  return SOURCES.every((d) => !existsSync(d) || newest(d) <= built);
}

/** Builds the page if needed; returns the folder to serve. */
export async function ensureWebBundle(log: (s: string) => void = () => undefined): Promise<string> {
  if (!bundleIsCurrent()) {
    log('building the page (vite)…');
    // Build beside, then swap in: test files running in parallel may build at the same time, and a
    // half-written dist/ must never be served. A lost race leaves the other (identical) bundle in place.
    // (The temporary folder is under node_modules/.cache: git-ignored, and on the same file system.)
    const tmp = join(APP_ROOT, '..', 'node_modules', '.cache', `beamflow-web-${process.pid}-${Date.now()}`);
    await buildPage(WEB_SRC, tmp);
    await rm(WEB_DIST, { recursive: true, force: true });
    await rename(tmp, WEB_DIST).catch(async () => {
      await rm(tmp, { recursive: true, force: true });
    });
  }
  return WEB_DIST;
}
