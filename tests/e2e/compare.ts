/**
 * Tolerant screenshot comparison, done in the browser (no image library needed): both PNGs are decoded
 * into canvases and compared pixel by pixel; a pixel differs when any channel differs by more than
 * `channelTolerance`; the images match when at most `maxFraction` of the pixels differ.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Page } from 'playwright-core';

export interface Comparison {
  readonly width: number;
  readonly height: number;
  readonly differing: number;
  readonly fraction: number;
  readonly sameSize: boolean;
}

export async function comparePngs(page: Page, actual: Buffer, reference: Buffer, channelTolerance = 40): Promise<Comparison> {
  return page.evaluate(
    async ([a, b, tol]) => {
      const load = async (b64: string) => {
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const c = document.createElement('canvas');
        c.width = img.naturalWidth;
        c.height = img.naturalHeight;
        const ctx = c.getContext('2d', { willReadFrequently: true })!;
        ctx.drawImage(img, 0, 0);
        return ctx.getImageData(0, 0, c.width, c.height);
      };
      const [x, y] = await Promise.all([load(a), load(b)]);
      if (x.width !== y.width || x.height !== y.height) return { width: x.width, height: x.height, differing: x.width * x.height, fraction: 1, sameSize: false };
      let differing = 0;
      for (let i = 0; i < x.data.length; i += 4) {
        if (Math.abs(x.data[i] - y.data[i]) > tol || Math.abs(x.data[i + 1] - y.data[i + 1]) > tol || Math.abs(x.data[i + 2] - y.data[i + 2]) > tol) differing++;
      }
      return { width: x.width, height: x.height, differing, fraction: differing / (x.width * x.height), sameSize: true };
    },
    [actual.toString('base64'), reference.toString('base64'), channelTolerance] as const,
  );
}

/**
 * Compares with the committed reference. With UPDATE_SCREENSHOTS=1 (or no reference yet) the reference is
 * (re)written and the result says so; the caller fails in that case unless updating was asked for.
 */
export async function matchReference(page: Page, actual: Buffer, referencePath: string, outPath: string): Promise<Comparison & { written: boolean }> {
  await mkdir(dirname(outPath), { recursive: true });
  await writeFile(outPath, actual);
  if (process.env.UPDATE_SCREENSHOTS === '1' || !existsSync(referencePath)) {
    await writeFile(referencePath, actual);
    return { width: 0, height: 0, differing: 0, fraction: 0, sameSize: true, written: true };
  }
  const cmp = await comparePngs(page, actual, await readFile(referencePath));
  return { ...cmp, written: false };
}
