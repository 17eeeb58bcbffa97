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
import { Store } from './store.ts';
import { DataTree } from './tree.ts';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const store = new Store();
const token = new URLSearchParams(location.search).get('token');
const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws${token ? `?token=${encodeURIComponent(token)}` : ''}`;
const conn = new Connection(store, wsUrl);
const panels = new Map<string, NodePanel>();
const dirty = new Set<string>();
let frameRequested = false;

function refreshSoon(node: string | 'all'): void {
  if (node === 'all') for (const id of panels.keys()) dirty.add(id);
  else dirty.add(node);
  if (frameRequested) return;
  frameRequested = true;
  requestAnimationFrame(() => {
    frameRequested = false;
    for (const id of dirty) panels.get(id)?.refresh();
    dirty.clear();
  });
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
store.on('node', (node) => node && refreshSoon(node));
store.on('document', () => refreshSoon('all'));
store.on('visibility', () => refreshSoon('all'));
store.on('focus', focusPanels);
store.on('live', renderLive);
store.on('connection', renderLive);
store.on('error', (m) => m && toast(m));

new DataTree($('tree'), store, conn);
new ParamsPanel($('params'), $('params-node'), store, conn);
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
