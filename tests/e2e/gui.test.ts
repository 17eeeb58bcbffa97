/**
 * The GUI end to end, in Debian's headless Chromium on the demo: load, select, edit a parameter of every
 * selected item, undo/redo, average, stop a parent, an error state, reconnect after a server restart, and
 * screenshots compared with committed references by a tolerant pixel difference.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchReference } from './compare.ts';
import { checksum, E2E_DEMO, idOf, startHarness, waitForDemo, type Harness } from './harness.ts';

const ITEMS = E2E_DEMO.scans + E2E_DEMO.frames;
const SHOTS = 'tests/e2e/screenshots';
const OUT = 'tests/e2e/__out__';
let h: Harness;

async function screenshotMatches(name: string): Promise<void> {
  // Let the plots settle (live curves fold into the cached picture after 3 s of quiet).
  await h.page.waitForTimeout(3600);
  await h.page.mouse.move(1, 1);
  const shot = await h.page.screenshot();
  const r = await matchReference(h.page, shot, `${SHOTS}/${name}.png`, `${OUT}/${name}.png`);
  if (r.written && process.env.UPDATE_SCREENSHOTS !== '1') throw new Error(`no reference for ${name}: written to ${SHOTS}/${name}.png, look at it and commit it`);
  expect(r.sameSize).toBe(true);
  expect(r.fraction, `${r.differing} pixels differ (${(100 * r.fraction).toFixed(2)}%); actual in ${OUT}/${name}.png`).toBeLessThan(0.01);
}

async function select(names: string[]): Promise<string[]> {
  const p = h.page;
  await p.click(`.row:has(.name:text-is("${names[0]}"))`);
  for (const n of names.slice(1)) await p.click(`.row:has(.name:text-is("${n}"))`, { modifiers: ['Control'] });
  const ids = await Promise.all(names.map((n) => idOf(p, n)));
  await p.waitForFunction((want) => JSON.stringify(window.beamflow.store.selection) === JSON.stringify(want), ids);
  return ids;
}

async function setParam(name: string, value: string): Promise<void> {
  const input = h.page.locator(`input[name="${name}"]`);
  await input.fill(value);
  await input.press('Enter');
}

async function download(trigger: () => Promise<void>): Promise<{ name: string; text: string; bytes: Buffer }> {
  const [d] = await Promise.all([h.page.waitForEvent('download'), trigger()]);
  const path = await d.path();
  const bytes = await readFile(path);
  return { name: d.suggestedFilename(), text: bytes.toString('utf8'), bytes };
}

async function settled(): Promise<void> {
  await h.engine.settled();
  await h.page.waitForFunction(() => !window.beamflow.store.live.busy);
  await h.page.waitForTimeout(300);
}

describe('beamflow GUI in Chromium', () => {
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('loads the demo: every node has a panel, every streamed item is in the tree and drawn', async () => {
    await waitForDemo(h.page, ITEMS);
    const panels = await h.page.locator('.node-panel').count();
    expect(panels).toBe(h.engine.pipeline.order.length);
    expect(await h.page.locator('#tree .row').count()).toBe(ITEMS);
    await settled();
    const curves = await h.page.evaluate(() => {
      const p = window.beamflow.panels.get('mu')!.plot as unknown as { curveCount: number };
      return p.curveCount;
    });
    expect(curves).toBe(E2E_DEMO.scans);
    await screenshotMatches('demo-loaded');
  });

  it('selects with click and ctrl-click, and a parameter change redraws every selected curve only', async () => {
    const ids = await select(['Cu foil #1', 'Ni foil #1']);
    const other = await idOf(h.page, 'Fe foil #1');
    expect(await h.page.locator('.row.selected').count()).toBe(2);
    await h.page.click('.node-panel[data-node="norm"]');
    await h.page.waitForSelector('fieldset[data-transform="normalize"]');
    const before = await Promise.all(ids.map((id) => checksum(h.page, 'norm', id, 'norm')));
    const otherBefore = await checksum(h.page, 'norm', other, 'norm');
    await setParam('normalize.pre2', '-40');
    await settled();
    const after = await Promise.all(ids.map((id) => checksum(h.page, 'norm', id, 'norm')));
    after.forEach((a, i) => {
      expect(typeof a).toBe('number');
      expect(a).not.toBe(before[i]);
    });
    expect(await checksum(h.page, 'norm', other, 'norm')).toBe(otherBefore);
    const last = await h.page.locator('#history li.current').textContent();
    expect(last).toContain('pre2');
    // Both selected items carry the new value; the panel shows it.
    expect(await h.page.inputValue('input[name="normalize.pre2"]')).toBe('-40');
  });

  it('undoes with Ctrl+Z and redoes with Ctrl+Shift+Z and the buttons, and jumps by clicking a step', async () => {
    const id = await idOf(h.page, 'Cu foil #1');
    const edited = await checksum(h.page, 'norm', id, 'norm');
    // Keyboard focus away from the parameter inputs (shortcuts are ignored while typing in a field).
    await h.page.click('#right h2');
    await h.page.keyboard.press('Control+z');
    await settled();
    const undone = await checksum(h.page, 'norm', id, 'norm');
    expect(undone).not.toBe(edited);
    await h.page.keyboard.press('Control+Shift+z');
    await settled();
    expect(await checksum(h.page, 'norm', id, 'norm')).toBe(edited);
    await h.page.click('#undo');
    await settled();
    expect(await checksum(h.page, 'norm', id, 'norm')).toBe(undone);
    await h.page.click('#redo');
    await settled();
    expect(await checksum(h.page, 'norm', id, 'norm')).toBe(edited);
    const n = await h.page.locator('#history li').count();
    await h.page.click(`#history li[data-index="${n - 2}"]`);
    await settled();
    expect(await checksum(h.page, 'norm', id, 'norm')).toBe(undone);
    await h.page.click(`#history li[data-index="${n - 1}"]`);
    await settled();
    expect(await checksum(h.page, 'norm', id, 'norm')).toBe(edited);
  });

  it('makes an average of two scans at µ(E) and stops a parent there', async () => {
    const [a, b] = await select(['Cu foil #1', 'Cu foil #2']);
    await h.page.click('#combine');
    await h.page.selectOption('#combine-dialog select[name="op"]', 'average');
    await h.page.selectOption('#combine-dialog select[name="node"]', 'mu');
    await h.page.fill('#combine-dialog input[name="name"]', 'Cu average');
    await h.page.selectOption('#combine-dialog select[name="stop"]', 'mu');
    await h.page.click('#combine-ok');
    await settled();
    const avg = await idOf(h.page, 'Cu average');
    const ok = await h.page.evaluate(([avg, a, b]) => {
      const st = window.beamflow.store.nodes.get('mu')!.states;
      const s = st.get(avg);
      const p = st.get(a);
      const q = st.get(b);
      if (s?.status !== 'ok' || p?.status !== 'ok' || q?.status !== 'ok') return `states ${s?.status} ${p?.status} ${q?.status}`;
      // Same energy grid (same simulated foil): the average is the mean point by point.
      const m = s.data.mu as Float64Array;
      const x = p.data.mu as Float64Array;
      const y = q.data.mu as Float64Array;
      let worst = 0;
      for (let i = 0; i < m.length; i++) worst = Math.max(worst, Math.abs(m[i] - (x[i] + y[i]) / 2));
      return m.length === x.length && worst < 1e-9 ? true : `length ${m.length} vs ${x.length}, worst ${worst}`;
    }, [avg, a, b] as const);
    expect(ok).toBe(true);
    // The average flows downstream; the stopped parents do not.
    const normOrder = await h.page.evaluate(() => window.beamflow.store.nodes.get('norm')!.order);
    expect(normOrder).toContain(avg);
    expect(normOrder).not.toContain(a);
    expect(normOrder).not.toContain(b);
    await expect.poll(() => h.page.locator('.row:has(.name:text-is("Cu foil #1")) .stop').textContent()).toContain('mu');
    expect(await h.page.locator('.group-title:has-text("combinations")').count()).toBe(1);
  });

  it('shows a per-item error state with its message', async () => {
    const [fe] = await select(['Fe foil #1']);
    await h.page.click('.node-panel[data-node="norm"]');
    await setParam('normalize.pre1', '-10');
    await settled();
    const status = h.page.locator(`.row[data-id="${fe}"] .status.failed`);
    await expect.poll(() => status.count()).toBe(1);
    expect(await status.getAttribute('title')).toContain('pre-edge range is empty');
    expect(await h.page.locator('.node-panel[data-node="norm"] .errors').textContent()).toContain('Fe foil #1');
    await screenshotMatches('after-edits');
  });

  it('shows the item name and value on hover, and exports PNG, SVG and CSV', async () => {
    // Hover a point of the live curve of a selected item: the tooltip names it.
    const [cu2] = await select(['Cu foil #2']);
    const at = await h.page.evaluate((id) => {
      const panel = window.beamflow.panels.get('mu')!;
      const plot = panel.plot as unknown as { view: { x0: number; x1: number; y0: number; y1: number }; curve(id: string): { x: Float64Array; y: Float64Array } | undefined; frame: { margins: { left: number; top: number }; plotSize: { width: number; height: number }; overlay: HTMLCanvasElement } };
      const c = plot.curve(id)!;
      const i = Math.floor(c.x.length * 0.8);
      const v = plot.view;
      const s = plot.frame.plotSize;
      const r = plot.frame.overlay.getBoundingClientRect();
      return { x: r.left + plot.frame.margins.left + ((c.x[i] - v.x0) / (v.x1 - v.x0)) * s.width, y: r.top + plot.frame.margins.top + ((v.y1 - c.y[i]) / (v.y1 - v.y0)) * s.height };
    }, cu2);
    await h.page.mouse.move(at.x, at.y);
    await expect.poll(() => h.page.locator('.node-panel[data-node="mu"] .bf-plot-tooltip').textContent()).toContain('Cu foil #2');

    await h.page.click('.node-panel[data-node="mu"]');
    const csv = await download(() => h.page.click('#export-csv'));
    expect(csv.name).toBe('mu.csv');
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe('item,energy (eV),mu');
    expect(lines.length).toBe(1 + E2E_DEMO.points);
    expect(lines[1].startsWith('Cu foil #2,')).toBe(true);

    const svg = await download(() => h.page.click('.node-panel[data-node="mu"] .export-svg'));
    expect(svg.name).toBe('mu.svg');
    expect(svg.text).toContain('<svg');
    expect(svg.text).toContain('energy (eV)');
    expect((svg.text.match(/<polyline/g) ?? []).length).toBeGreaterThanOrEqual(E2E_DEMO.scans);

    const png = await download(() => h.page.click('.node-panel[data-node="frame"] .export-png'));
    expect(png.name).toBe('frame.png');
    expect(png.bytes.subarray(1, 4).toString()).toBe('PNG');
  });

  it('renames, recolours and hides items from the tree, and switches a plot to log y', async () => {
    const p = h.page;
    const id = await idOf(p, 'Zn foil #1');
    await p.dblclick(`.row[data-id="${id}"] .name`);
    await p.fill(`.row[data-id="${id}"] input.rename`, 'Zn reference');
    await p.press(`.row[data-id="${id}"] input.rename`, 'Enter');
    await expect.poll(() => p.evaluate((i) => window.beamflow.store.itemById.get(i)?.name, id)).toBe('Zn reference');
    expect(h.engine.document.items.get(id)?.name).toBe('Zn reference');

    await p.locator(`.row[data-id="${id}"] input[type=color]`).evaluate((el: HTMLInputElement) => {
      el.value = '#00aa00';
      el.dispatchEvent(new Event('change'));
    });
    await expect.poll(() => p.evaluate((i) => (window.beamflow.panels.get('mu')!.plot as unknown as { curve(id: string): { color: number } | undefined }).curve(i)?.color, id)).toBe(0x00aa00);

    await p.click(`.row[data-id="${id}"] input.visible`);
    await expect.poll(() => p.evaluate((i) => (window.beamflow.panels.get('mu')!.plot as unknown as { curve(id: string): { visible: boolean } | undefined }).curve(i)?.visible, id)).toBe(false);
    await p.click(`.row[data-id="${id}"] input.visible`);
    await expect.poll(() => p.evaluate((i) => (window.beamflow.panels.get('mu')!.plot as unknown as { curve(id: string): { visible: boolean } | undefined }).curve(i)?.visible, id)).toBe(true);

    await p.click('.node-panel[data-node="pattern"] input.log-y');
    await expect.poll(() => p.evaluate(() => (window.beamflow.panels.get('pattern')!.plot as unknown as { view: { logY: boolean } }).view.logY)).toBe(true);
    await p.click('.node-panel[data-node="pattern"] input.log-y');
  });

  it('reconnects after a server restart and gets the whole state again', async () => {
    const opens = await h.page.evaluate(() => window.beamflow.store.opens);
    await h.restart();
    await h.page.waitForFunction((n) => window.beamflow.store.opens > n && window.beamflow.store.connection === 'open', opens, { timeout: 20_000 });
    expect(await h.page.locator('#live').getAttribute('data-state')).not.toBe('disconnected');
    await settled();
    const n = await h.page.evaluate(() => window.beamflow.store.items.length);
    expect(n).toBe(h.engine.document.items.size);
    // Actions work on the new connection.
    await h.page.click('#undo');
    await settled();
    const fe = await idOf(h.page, 'Fe foil #1');
    expect(await h.page.locator(`.row[data-id="${fe}"] .status.failed`).count()).toBe(0);
  });
});
