/**
 * The page: connects to the engine's WebSocket, builds one panel per pipeline node, the data tree, the
 * parameter panel of the focused node, the history list, the combination dialog and the live indicator.
 */
import { nodeCsv } from '../../src/render/csv.ts';
import { CombineDialog } from './combine-dialog.ts';
import { Connection } from './connection.ts';
import { download } from './download.ts';
import { HistoryPanel } from './history-panel.ts';
import { NodePanel } from './node-panel.ts';
import { ParamsPanel } from './params-panel.ts';
import { ReplayPanel } from './replay-panel.ts';
import { Store } from './store.ts';
import { DataTree } from './tree.ts';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const store = new Store();
const token = new URLSearchParams(location.search).get('token');
const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws${token ? `?token=${encodeURIComponent(token)}` : ''}`;
const conn = new Connection(store, wsUrl);
const panels = new Map<string, NodePanel>();
/** Panels whose plot must catch up with the store: for data arriving, and for anything else (urgent). */
const dirty = new Set<string>();
const urgent = new Set<string>();
const lastRefresh = new Map<string, number>();
let frameRequested = false;
/**
 * While data stream in, a panel shows new data at most this often (its plot redraw and the picture
 * upload are the expensive part of a frame on a software renderer); user changes show at once.
 */
const DATA_INTERVAL_MS = 100;
/** Panels refreshed in one frame stop once this much time went (the others follow in the next frames). */
const FRAME_BUDGET_MS = 12;
/**
 * Panels shown new data in one frame: their GL work (picture upload, redraw, and the compositor's read
 * back of each WebGL canvas on a software renderer) is not in the time measured here, so it is capped by
 * count: panels take turns, one a frame.
 */
const DATA_PANELS_PER_FRAME = 1;

function refreshSoon(node: string | 'all', isData = false): void {
  const ids = node === 'all' ? [...panels.keys()] : [node];
  for (const id of ids) (isData ? dirty : urgent).add(id);
  if (frameRequested) return;
  frameRequested = true;
  // Store topics arrive in an animation frame already: refresh right after this frame's listeners.
  queueMicrotask(refreshPanels);
}

/** Time-sliced: urgent panels first, then data panels due, round robin, within the frame's budget. */
function refreshPanels(): void {
  frameRequested = false;
  const t0 = performance.now();
  const run = (id: string): void => {
    const p = panels.get(id);
    lastRefresh.set(id, performance.now());
    dirty.delete(id);
    urgent.delete(id);
    if (!p) return;
    p.refresh();
    p.plot?.frame.commitNow();
  };
  for (const id of [...urgent]) {
    if (performance.now() - t0 > FRAME_BUDGET_MS) break;
    run(id);
  }
  let shown = 0;
  for (const id of [...dirty]) {
    if (performance.now() - t0 > FRAME_BUDGET_MS || shown >= DATA_PANELS_PER_FRAME) break;
    if (t0 - (lastRefresh.get(id) ?? -Infinity) < DATA_INTERVAL_MS) continue;
    run(id);
    shown++;
  }
  if ((dirty.size > 0 || urgent.size > 0) && !frameRequested) {
    frameRequested = true;
    requestAnimationFrame(refreshPanels);
  }
}

async function buildPanels(): Promise<void> {
  const host = $('nodes');
  const p = store.pipeline;
  if (!p) return;
  const same = p.nodes.length === panels.size && p.nodes.every((n) => panels.has(n.id));
  $('title').textContent = p.title;
  document.title = p.title;
  if (same) return refreshSoon('all');
  for (const panel of panels.values()) panel.plot?.destroy();
  panels.clear();
  host.replaceChildren();
  for (const n of branchOrder(p.nodes, p.transforms)) {
    const panel = await NodePanel.create(n, store);
    panels.set(n.id, panel);
    host.appendChild(panel.el);
  }
  focusPanels();
  refreshSoon('all');
}

/** Nodes grouped by branch (each entry node followed by what it feeds), rank order inside a branch. */
function branchOrder<N extends { id: string }>(nodes: readonly N[], transforms: readonly { from: string; to: string }[]): N[] {
  const fed = new Set(transforms.filter((t) => t.from !== t.to).map((t) => t.to));
  const out: N[] = [];
  const placed = new Set<string>();
  for (const root of nodes.filter((n) => !fed.has(n.id))) {
    const reach = new Set([root.id]);
    for (const n of nodes)
      if (transforms.some((t) => t.to === n.id && t.from !== t.to && reach.has(t.from))) reach.add(n.id);
    for (const n of nodes) if (reach.has(n.id) && !placed.has(n.id)) (placed.add(n.id), out.push(n));
  }
  for (const n of nodes) if (!placed.has(n.id)) out.push(n);
  return out;
}

function focusPanels(): void {
  for (const [id, p] of panels) p.setFocused(id === store.focused);
}

function renderLive(): void {
  const el = $('live');
  const text = $('live-text');
  if (store.connection !== 'open') {
    el.dataset.state = store.connection === 'connecting' ? 'connecting' : 'disconnected';
    text.textContent = store.connection === 'connecting' ? 'connecting…' : 'disconnected — reconnecting…';
    return;
  }
  el.dataset.state = store.live.streaming ? 'streaming' : store.live.busy ? 'busy' : 'idle';
  text.textContent = store.live.streaming ? `live — ${store.live.detail}` : store.live.busy ? 'computing…' : `connected — ${store.live.detail || 'idle'}`;
}

function toast(message: string): void {
  const t = document.createElement('div');
  t.className = 'toast';
  t.textContent = message;
  $('toasts').appendChild(t);
  setTimeout(() => t.remove(), 6000);
}

function exportCsv(): void {
  const node = store.pipeline?.nodes.find((n) => n.id === store.focused);
  if (!node) return;
  const st = store.nodes.get(node.id);
  const ids = store.selection.length ? store.selection : (st?.order ?? []);
  const items = ids.flatMap((id) => {
    const s = st?.states.get(id);
    return s?.status === 'ok' ? [{ name: store.itemById.get(id)?.name ?? id, data: s.data }] : [];
  });
  if (items.length === 0) return toast(`no computed data at ${node.label} for the selected items`);
  download(`${node.id}.csv`, new Blob([nodeCsv(node.arrays, items)], { type: 'text/csv' }));
}

store.on('pipeline', () => void buildPanels());
store.on('node', (node) => node && refreshSoon(node, true));
// A new selection shows at once; other document changes (items arriving, renames) at the data pace.
let shownSelection = '';
store.on('document', () => {
  const sel = store.selection.join('\u0000');
  refreshSoon('all', sel === shownSelection);
  shownSelection = sel;
});
store.on('visibility', () => refreshSoon('all'));
store.on('focus', focusPanels);
store.on('live', renderLive);
store.on('connection', renderLive);
store.on('error', (m) => m && toast(m));

new DataTree($('tree'), store, conn);
new ParamsPanel($('params'), $('params-node'), store, conn);
new ReplayPanel($('replay'), store, conn);
new HistoryPanel($('history'), $<HTMLButtonElement>('undo'), $<HTMLButtonElement>('redo'), store, conn);
const combine = new CombineDialog($<HTMLDialogElement>('combine-dialog'), store, conn);
$('combine').onclick = () => combine.open();
$('export-csv').onclick = exportCsv;
conn.start();

declare global {
  interface Window {
    beamflow: { store: Store; panels: Map<string, NodePanel>; conn: Connection };
  }
}
window.beamflow = { store, panels, conn };
