/**
 * One pipeline node on the page: a header (label, which y array, log y, autoscale, exports) and its plot,
 * fed incrementally: only items whose state changed are re-sent to the renderer. 1D nodes draw one curve
 * per item; 2D nodes show the image of the newest selected item (or the newest item).
 */
import type { ArraySpec, NodeSpec, NumArray } from '../../src/graph/types.ts';
import { isImage2D, isNumArray } from '../../src/graph/types.ts';
import { ImagePlot } from '../../src/render/image-plot.ts';
import { LinePlot } from '../../src/render/line-plot.ts';
import { linePlotSvg } from '../../src/render/svg.ts';
import { colorIndices, itemColor } from './colors.ts';
import { download } from './download.ts';
import type { Store } from './store.ts';

export const PLOT_W = 500;
export const PLOT_H = 280;

interface Shown {
  readonly x: NumArray;
  readonly y: NumArray;
  readonly name: string;
  readonly color: number;
  readonly visible: boolean;
}

export class NodePanel {
  readonly el: HTMLElement;
  private readonly errors: HTMLElement;
  private readonly xArray: ArraySpec | undefined;
  private readonly yArrays: ArraySpec[];
  private readonly imageArray: ArraySpec | undefined;
  private yName: string;
  private line: LinePlot | null = null;
  private image: ImagePlot | null = null;
  private readonly shown = new Map<string, Shown>();
  private shownImage: string | null = null;

  private constructor(
    readonly node: NodeSpec,
    private readonly store: Store,
  ) {
    this.xArray = node.arrays.find((a) => a.role === 'x');
    this.yArrays = node.arrays.filter((a) => a.role === 'y');
    this.imageArray = node.arrays.find((a) => a.role === '2D');
    // The array named after the node is its main one (norm at 'norm', chi at 'chi'); else the first.
    this.yName = (this.yArrays.find((a) => a.name === node.id) ?? this.yArrays[0])?.name ?? '';
    this.el = document.createElement('div');
    this.el.className = 'node-panel';
    this.el.dataset.node = node.id;
    const head = document.createElement('header');
    const h = document.createElement('h3');
    h.textContent = node.label;
    head.appendChild(h);
    if (this.yArrays.length > 1) {
      const sel = document.createElement('select');
      sel.className = 'y-array';
      for (const a of this.yArrays) sel.add(new Option(a.label ?? a.name, a.name));
      sel.value = this.yName;
      sel.onchange = () => {
        this.yName = sel.value;
        this.resetCurves();
      };
      head.appendChild(sel);
    }
    const button = (label: string, title: string, f: () => void, cls = '') => {
      const b = document.createElement('button');
      b.textContent = label;
      b.title = title;
      b.className = cls;
      b.onclick = (e) => {
        e.stopPropagation();
        f();
      };
      head.appendChild(b);
      return b;
    };
    if (!this.imageArray) {
      const log = document.createElement('label');
      log.innerHTML = '<input type="checkbox" class="log-y"> log y';
      log.querySelector('input')!.onchange = (e) => this.line?.setLogY((e.target as HTMLInputElement).checked);
      head.appendChild(log);
    } else {
      const log = document.createElement('label');
      log.innerHTML = '<input type="checkbox" class="log-c"> log';
      log.querySelector('input')!.onchange = (e) => this.image?.setLogColor((e.target as HTMLInputElement).checked);
      head.appendChild(log);
    }
    button('⤢', 'Autoscale (or double-click the plot)', () => (this.line ? this.line.autoscale() : this.image?.autoscale()), 'autoscale');
    button('PNG', 'Export this plot as PNG', () => this.exportPng(), 'export-png');
    button('SVG', 'Export this plot as SVG', () => this.exportSvg(), 'export-svg');
    this.el.appendChild(head);
    this.errors = document.createElement('div');
    this.errors.className = 'errors';
    this.el.appendChild(this.errors);
    this.el.addEventListener('pointerdown', () => store.focus(node.id));
  }

  static async create(node: NodeSpec, store: Store): Promise<NodePanel> {
    const p = new NodePanel(node, store);
    const host = document.createElement('div');
    host.className = 'plot';
    p.el.appendChild(host);
    if (p.imageArray) p.image = await ImagePlot.create(host, { width: PLOT_W, height: PLOT_H });
    else if (!p.xArray || p.yArrays.length === 0) {
      // Nothing declared to plot (a raw node of open file columns): no plot, and no WebGL context spent
      // (browsers keep about 16 per page).
      host.className = 'no-plot';
      host.textContent = 'Raw columns as read from the files: see the next nodes for plots.';
    } else {
      p.line = await LinePlot.create(host, { width: PLOT_W, height: PLOT_H });
      const y = p.yArrays.find((a) => a.name === p.yName);
      p.line.setTitles({ name: p.xArray.label ?? p.xArray.name, unit: p.xArray.unit }, { name: y?.label ?? p.yName, unit: y?.unit ?? '' });
    }
    return p;
  }

  get plot(): LinePlot | ImagePlot | null {
    return this.line ?? this.image;
  }

  private resetCurves(): void {
    for (const id of this.shown.keys()) this.line?.removeCurve(id);
    this.shown.clear();
    const y = this.yArrays.find((a) => a.name === this.yName);
    this.line?.setTitles({ name: this.xArray?.label ?? this.xArray?.name ?? 'x', unit: this.xArray?.unit ?? '' }, { name: y?.label ?? this.yName, unit: y?.unit ?? '' });
    this.refresh();
  }

  /** Brings the plot in line with the store: cheap when nothing changed (reference checks per item). */
  refresh(): void {
    const st = this.store.nodes.get(this.node.id);
    if (!st) return;
    const failed: string[] = [];
    for (const id of st.order) {
      const s = st.states.get(id);
      if (s?.status === 'failed') failed.push(`${this.store.itemById.get(id)?.name ?? id}: ${s.error}`);
    }
    this.errors.textContent = failed.length ? `⚠ ${failed.length} failed — ${failed[0]}` : '';
    this.errors.title = failed.join('\n');
    if (this.line) this.refreshLines(st.order, st.states);
    else this.refreshImage(st.order, st.states);
  }

  private refreshLines(order: string[], states: Map<string, import('./store.ts').ItemState>): void {
    const plot = this.line!;
    const present = new Set<string>();
    const index = colorIndices(this.store.items);
    for (const id of order) {
      const s = states.get(id);
      if (s?.status !== 'ok' || !this.xArray) continue;
      const x = s.data[this.xArray.name];
      const y = s.data[this.yName];
      if (!isNumArray(x) || !isNumArray(y)) continue;
      present.add(id);
      const it = this.store.itemById.get(id);
      const next: Shown = { x, y, name: it?.name ?? id, color: itemColor(it, index.get(id) ?? 0), visible: !this.store.hidden.has(id) };
      const prev = this.shown.get(id);
      if (prev && prev.x === next.x && prev.y === next.y && prev.name === next.name && prev.color === next.color && prev.visible === next.visible) continue;
      this.shown.set(id, next);
      plot.setCurve(id, next);
    }
    for (const id of [...this.shown.keys()])
      if (!present.has(id)) {
        this.shown.delete(id);
        plot.removeCurve(id);
      }
    plot.setSelected(this.store.selection.filter((id) => present.has(id)));
  }

  private refreshImage(order: string[], states: Map<string, import('./store.ts').ItemState>): void {
    const plot = this.image!;
    const sel = this.store.selection.filter((id) => states.get(id)?.status === 'ok');
    const pick = sel.length ? sel[sel.length - 1] : [...order].reverse().find((id) => states.get(id)?.status === 'ok');
    if (!pick || !this.imageArray) return;
    const s = states.get(pick);
    if (s?.status !== 'ok') return;
    const img = s.data[this.imageArray.name];
    if (!isImage2D(img)) return;
    const key = `${pick}:${s.version}`;
    if (key === this.shownImage) return;
    this.shownImage = key;
    plot.setImage(this.store.itemById.get(pick)?.name ?? pick, img);
  }

  setFocused(f: boolean): void {
    this.el.classList.toggle('focused', f);
  }

  private exportPng(): void {
    const p = this.plot;
    if (!p) return;
    p.frame.snapshot().toBlob((b) => b && download(`${this.node.id}.png`, b));
  }

  private exportSvg(): void {
    if (this.line) {
      const sel = new Set(this.store.selection);
      const curves = [...this.line.allCurves()].map(([id, c]) => ({ name: c.name, x: c.x, y: c.y, color: c.color, visible: c.visible, selected: sel.has(id) }));
      const s = this.line.frame.size;
      download(`${this.node.id}.svg`, new Blob([linePlotSvg(curves, this.line.view, s.width, s.height, this.line.axisTitles, this.line.frame.margins)], { type: 'image/svg+xml' }));
    } else if (this.image) {
      // An image stays a raster: the SVG embeds the rendered plot (image, axes and colour bar) as PNG.
      const c = this.image.frame.snapshot();
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${c.width}" height="${c.height}"><image width="${c.width}" height="${c.height}" href="${c.toDataURL('image/png')}"/></svg>`;
      download(`${this.node.id}.svg`, new Blob([svg], { type: 'image/svg+xml' }));
    }
  }
}
