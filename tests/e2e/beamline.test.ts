/**
 * The default demo in Chromium: the project's XAS and XRD pipelines fed by the simulators. Every node
 * with plottable arrays gets a plot; χ(R) and the integrated patterns are drawn; a parameter of the real
 * normalisation applies to the selected scans; the screenshot matches the committed reference.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchReference } from './compare.ts';
import { checksum, idOf, startHarness, waitForDemo, type Harness } from './harness.ts';

const DEMO = { scans: 3, points: 0, pointsPerTick: 40, tickMs: 20, frames: 3, frameMs: 300, frameSize: 0 };
let h: Harness;

describe('beamline demo in Chromium', () => {
  beforeAll(async () => {
    h = await startHarness('beamline', DEMO);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('shows every node of the XAS and XRD pipelines with the streamed data', async () => {
    await waitForDemo(h.page, DEMO.scans + DEMO.frames);
    await h.engine.settled();
    expect(await h.page.locator('.node-panel').count()).toBe(h.engine.pipeline.order.length);
    const counts = await h.page.evaluate(() => {
      const n = (id: string) => (window.beamflow.panels.get(id)?.plot as unknown as { curveCount?: number } | null)?.curveCount ?? -1;
      return { chir: n('chir'), pattern: n('pattern'), norm: n('norm') };
    });
    expect(counts).toEqual({ chir: DEMO.scans, pattern: DEMO.frames, norm: DEMO.scans });
    expect(await h.page.locator('.node-panel[data-node="raw"] .no-plot').count()).toBe(1);
  });

  it('applies a normalisation parameter to the selected scans only', async () => {
    const p = h.page;
    const [a, b, c] = await Promise.all(['Cu foil #1', 'Cu sample #1', 'Cu oxide #1'].map((n) => idOf(p, n)));
    await p.click('.row:has(.name:text-is("Cu foil #1"))');
    await p.click('.row:has(.name:text-is("Cu sample #1"))', { modifiers: ['Control'] });
    await p.click('.node-panel[data-node="norm"]');
    const before = await Promise.all([a, b, c].map((id) => checksum(p, 'norm', id, 'norm')));
    const input = p.locator('input[name="normalize.pre2"]');
    await input.fill('-60');
    await input.press('Enter');
    await h.engine.settled();
    await p.waitForFunction(() => !window.beamflow.store.live.busy);
    await expect.poll(() => checksum(p, 'norm', a, 'norm')).not.toBe(before[0]);
    await expect.poll(() => checksum(p, 'norm', b, 'norm')).not.toBe(before[1]);
    expect(await checksum(p, 'norm', c, 'norm')).toBe(before[2]);
    await p.click('#undo');
    await h.engine.settled();
    await expect.poll(() => checksum(p, 'norm', a, 'norm')).toBe(before[0]);
    await p.click('#tree .group-title');
  });

  it('looks like the reference', async () => {
    await h.page.waitForTimeout(3600);
    await h.page.mouse.move(1, 1);
    const shot = await h.page.screenshot();
    const r = await matchReference(h.page, shot, 'tests/e2e/screenshots/beamline.png', 'tests/e2e/__out__/beamline.png');
    if (r.written && process.env.UPDATE_SCREENSHOTS !== '1') throw new Error('no reference for beamline: written, look at it and commit it');
    expect(r.fraction, `${r.differing} pixels differ`).toBeLessThan(0.01);
  });
});
