/**
 * A plot of many curves on the GPU. All curves live in shared vertex chunks (vertex-chunks.ts); selected
 * curves are copied into a second, small layer drawn on top as thick lines while the rest dim. Setters only
 * mark curves dirty; the commit (one per animation frame) decimates and writes the dirty curves, uploads
 * the changed byte ranges, sets the view uniforms and renders once.
 */
import type { NumArray } from '../graph/types.ts';
import { axisTitle, drawAxes } from './axes.ts';
import { cssColor } from './colormap.ts';
import { decimateMinMax, isSortedAscending, shouldDecimate } from './decimate.ts';
import { findHover, type HoverCurve, type HoverHit } from './hover.ts';
import { CurveCache, type Painter } from './curve-cache.ts';
import { LineLayer, type LayerPass } from './line-layer.ts';
import { PlotFrame, type FrameOptions } from './plot-frame.ts';
import { formatValue } from './ticks.ts';
import { VertexChunks } from './vertex-chunks.ts';
import { autoscale, boundsOf, emptyBounds, mergeBounds, pan, toPixel, withLogY, zoomAt, type Bounds, type View } from './view.ts';

export interface CurveInput {
  readonly name: string;
  readonly x: NumArray;
  readonly y: NumArray;
  /** 0xRRGGBB */
  readonly color: number;
  readonly visible?: boolean;
}

/** Where a curve is drawn: the cached picture (cold), live geometry every frame (live), or on top, thick (top: selected). */
export type Tier = 'cold' | 'live' | 'top';

export interface Curve extends HoverCurve {
  readonly color: number;
  readonly bounds: Bounds;
  /** Pixel columns the GPU copy was decimated to (0: all points). */
  decimatedTo: number;
  /** Drawn live until this time (ms, performance.now()) after its last change, then folded into the cache. */
  hotUntil: number;
  tier: Tier | null;
}

/** A curve that changed stays live this long before it joins the cached picture. */
const HOT_MS = 3000;
/** New curves arriving together beyond this count go straight to the cache. */
const LIVE_BATCH = 16;
/**
 * New curves go live only while the live layer holds fewer points than this: with 100 spectra/s arriving
 * the live geometry (redrawn every frame, about 1 µs a segment on a software rasteriser) stays small and
 * the rest join the cached picture, painted in over it.
 */
const LIVE_MAX_POINTS = 4096;
/** Progressive cache rebuild time per frame. */
const BUILD_BUDGET_MS = 10;

export interface LinePlotOptions extends FrameOptions {
  readonly xTitle?: string;
  readonly yTitle?: string;
  readonly logY?: boolean;
  /** Who draws the cached picture of cold curves; 'auto': the CPU on a software WebGL, else the GPU. */
  readonly painter?: Painter | 'auto';
}

const BASE_PASS: LayerPass[] = [{ alpha: 1, dx: 0, dy: 0, override: null }];
const HALO: LayerPass[] = [
  { alpha: 1, dx: 1, dy: 0, override: null },
  { alpha: 1, dx: -1, dy: 0, override: null },
  { alpha: 1, dx: 0, dy: 1, override: null },
  { alpha: 1, dx: 0, dy: -1, override: null },
  { alpha: 1, dx: 0, dy: 0, override: null },
];
const DIMMED = 0.3;

export class LinePlot {
  readonly frame: PlotFrame;
  private readonly curves = new Map<string, Curve>();
  private readonly dirty = new Set<string>();
  private readonly cold = new VertexChunks();
  private readonly live = new VertexChunks();
  private readonly top = new VertexChunks();
  private readonly coldLayer: LineLayer;
  private readonly liveLayer: LineLayer;
  private readonly topLayer: LineLayer;
  private readonly cache: CurveCache;
  private demoteTimer: ReturnType<typeof setTimeout> | null = null;
  private selected = new Set<string>();
  /** Curves drawn (in some version) into the current cached picture. */
  private pictured = new Set<string>();
  /** Points new curves may still add to the live layer in this commit. */
  private liveBudget = 0;
  /** The back canvas needs drawing (view moved, cache changed). */
  private backDirty = true;
  private backKey = '';
  /** The front canvas needs drawing (first frame, selection fade changed); and the view it was drawn for. */
  private frontDirty = true;
  private frontKey = '';
  private selectionDirty = false;
  private viewState: View;
  private following = true;
  private bounds: Bounds = emptyBounds();
  private boundsDirty = false;
  private titles: { x: string; y: string };
  private hoverHit: HoverHit | null = null;
  private decimateTimer: ReturnType<typeof setTimeout> | null = null;
  /** Bytes uploaded to the GPU by the last commit. */
  lastUploadBytes = 0;
  onHover: ((hit: HoverHit | null) => void) | null = null;

  private constructor(frame: PlotFrame, o: LinePlotOptions) {
    this.frame = frame;
    this.titles = { x: o.xTitle ?? 'x', y: o.yTitle ?? 'y' };
    this.viewState = autoscale(emptyBounds(), o.logY ?? false);
    this.coldLayer = new LineLayer(this.cold, BASE_PASS);
    this.liveLayer = new LineLayer(this.live, BASE_PASS);
    this.topLayer = new LineLayer(this.top, HALO);
    const painter = o.painter && o.painter !== 'auto' ? o.painter : frame.softwareGl ? 'cpu' : 'gpu';
    this.cache = new CurveCache(frame.app.renderer, this.coldLayer, painter);
    // A hidden segment in each front layer, so their shader is compiled with the first frame rather than
    // in the middle of the first live update (about 200 ms on a software rasteriser).
    const warm = { x: [0, 1], y: [0, 0], color: 0, visible: false };
    this.live.set('\u0000warm', warm);
    this.top.set('\u0000warm', warm);
    frame.invalidate();
    frame.app.stage.addChild(this.cache.sprite);
    if (!frame.front) throw new Error('a line plot needs a front canvas');
    frame.front.stage.addChild(this.liveLayer.container, this.topLayer.container);
    frame.attach({
      pan: (dx, dy) => this.changeView(pan(this.viewState, dx, dy, frame.plotSize)),
      zoom: (px, py, fx, fy) => this.changeView(zoomAt(this.viewState, px, py, fx, fy, frame.plotSize)),
      autoscale: () => this.autoscale(),
      hover: (px, py) => this.hover(px, py),
      leave: () => this.hover(-1, -1),
      commit: () => this.commit(),
    });
  }

  static async create(host: HTMLElement, o: LinePlotOptions): Promise<LinePlot> {
    return new LinePlot(await PlotFrame.create(host, { ...o, front: true }), o);
  }

  get view(): View {
    return this.viewState;
  }

  get curveCount(): number {
    return this.curves.size;
  }

  curve(id: string): Curve | undefined {
    return this.curves.get(id);
  }

  /** Curves in insertion order (export, legend). */
  allCurves(): IterableIterator<[string, Curve]> {
    return this.curves.entries();
  }

  setTitles(x: { name: string; unit: string }, y: { name: string; unit: string }): void {
    this.titles = { x: axisTitle(x.name, x.unit), y: axisTitle(y.name, y.unit) };
    this.frame.invalidate();
  }

  get axisTitles(): { x: string; y: string } {
    return this.titles;
  }

  setCurve(id: string, c: CurveInput): void {
    const prev = this.curves.get(id);
    const sorted = prev && prev.x === c.x ? prev.sorted : isSortedAscending(c.x);
    const bounds = prev && prev.x === c.x && prev.y === c.y ? prev.bounds : boundsOf(c.x, c.y);
    // An update of a curve already drawn makes it live for a while (a scan growing point by point).
    const hotUntil = prev?.tier ? performance.now() + HOT_MS : 0;
    this.curves.set(id, { id, name: c.name, x: c.x, y: c.y, color: c.color, visible: c.visible ?? true, sorted, bounds, decimatedTo: prev?.decimatedTo ?? 0, hotUntil, tier: prev?.tier ?? null });
    this.dirty.add(id);
    this.boundsDirty = true;
    this.frame.invalidate();
  }

  removeCurve(id: string): void {
    const c = this.curves.get(id);
    if (!c) return;
    this.curves.delete(id);
    if (c.tier === 'cold') this.cache.invalidate();
    this.dirty.add(id);
    this.selected.delete(id);
    this.boundsDirty = true;
    this.frame.invalidate();
  }

  setVisible(id: string, visible: boolean): void {
    const c = this.curves.get(id);
    if (!c || c.visible === visible) return;
    this.curves.set(id, { ...c, visible });
    this.dirty.add(id);
    this.boundsDirty = true;
    this.frame.invalidate();
  }

  setSelected(ids: Iterable<string>): void {
    const next = new Set(ids);
    if (next.size === this.selected.size && [...next].every((id) => this.selected.has(id))) return;
    for (const id of this.selected) if (!next.has(id)) this.dirty.add(id);
    for (const id of next) if (!this.selected.has(id)) this.dirty.add(id);
    this.selected = next;
    this.selectionDirty = true;
    this.frame.invalidate();
  }

  setLogY(logY: boolean): void {
    this.refreshBounds();
    this.viewState = withLogY(this.viewState, logY, this.bounds);
    this.frame.invalidate();
  }

  /** Shows all visible curves and keeps following new data until the user pans or zooms. */
  autoscale(): void {
    this.following = true;
    this.boundsDirty = true;
    this.frame.invalidate();
  }

  setView(v: View): void {
    this.following = false;
    this.viewState = v;
    this.frame.invalidate();
    this.scheduleRedecimation();
  }

  private changeView(v: View): void {
    this.setView(v);
  }

  private hover(px: number, py: number): void {
    const hit = px < 0 ? null : findHover(this.visibleCurves(), this.viewState, this.frame.plotSize, px, py);
    this.hoverHit = hit;
    if (hit) this.frame.showTooltip(`${hit.name}: x = ${formatValue(hit.x)}, y = ${formatValue(hit.y)}`, toPixel(this.viewState, hit.x, hit.y, this.frame.plotSize).px, toPixel(this.viewState, hit.x, hit.y, this.frame.plotSize).py);
    else this.frame.hideTooltip();
    this.onHover?.(hit);
    this.frame.invalidate();
  }

  private *visibleCurves(): Generator<Curve> {
    for (const c of this.curves.values()) if (c.visible) yield c;
  }

  private refreshBounds(): void {
    if (!this.boundsDirty) return;
    const b = emptyBounds();
    for (const c of this.curves.values()) if (c.visible) mergeBounds(b, c.bounds);
    this.bounds = b;
    this.boundsDirty = false;
  }

  /** After a zoom settles, curves decimated for another zoom level are rewritten at the new one. */
  private scheduleRedecimation(): void {
    if (this.decimateTimer) clearTimeout(this.decimateTimer);
    this.decimateTimer = setTimeout(() => {
      this.decimateTimer = null;
      const want = (c: Curve) => this.columnsFor(c);
      for (const [id, c] of this.curves) {
        const cols = want(c);
        const needs = shouldDecimate(c.x.length, cols) ? cols : 0;
        if (needs !== c.decimatedTo && (needs === 0 || c.decimatedTo === 0 || needs > 2 * c.decimatedTo || 2 * needs < c.decimatedTo)) this.dirty.add(id);
      }
      if (this.dirty.size > 0) this.frame.invalidate();
    }, 150);
  }

  private columnsFor(c: Curve): number {
    const w = this.frame.plotSize.width;
    const span = c.bounds.xMax - c.bounds.xMin;
    const viewSpan = this.viewState.x1 - this.viewState.x0;
    if (!(span > 0) || !(viewSpan > 0)) return w;
    return Math.max(1, Math.min(1 << 20, Math.round((w * span) / viewSpan)));
  }

  /** Cache statistics: completed rebuilds and whether one is in progress (tests, bench). */
  get cacheState(): { builds: number; busy: boolean; painter: Painter } {
    return { builds: this.cache.builds, busy: this.cache.busy, painter: this.cache.painter };
  }

  private store(t: Tier): VertexChunks {
    return t === 'cold' ? this.cold : t === 'live' ? this.live : this.top;
  }

  private writeCurve(id: string, now: number, newLive: boolean): void {
    const c = this.curves.get(id);
    const prevTier = c?.tier ?? null;
    if (!c) {
      if (this.cold.has(id) || this.pictured.has(id)) this.cache.invalidate();
      for (const t of ['cold', 'live', 'top'] as const) this.store(t).remove(id);
      this.pictured.delete(id);
      return;
    }
    const fresh = prevTier === null && newLive && c.x.length <= this.liveBudget;
    if (fresh) this.liveBudget -= c.x.length;
    const tier: Tier = this.selected.has(id) ? 'top' : c.hotUntil > now || fresh ? 'live' : 'cold';
    if (tier === 'live' && c.hotUntil <= now) c.hotUntil = now + HOT_MS;
    let pts: { x: ArrayLike<number>; y: ArrayLike<number> } = c;
    const cols = this.columnsFor(c);
    if (c.sorted && shouldDecimate(c.x.length, cols)) {
      pts = decimateMinMax(c.x, c.y, cols);
      c.decimatedTo = cols;
    } else c.decimatedTo = 0;
    this.store(tier).set(id, { x: pts.x, y: pts.y, color: c.color, visible: c.visible });
    for (const t of ['cold', 'live', 'top'] as const) if (t !== tier) this.store(t).remove(id);
    // A curve leaving the cache (it went live or on top) stays in the old picture, hidden under its live
    // copy, until the next rebuild: a scan growing point by point must not redraw the cache every point.
    if (tier === 'cold') {
      // A curve the picture never showed is painted in over it; one it shows (maybe an older version) redraws it.
      const r = prevTier !== 'cold' && !this.pictured.has(id) ? this.cold.range(id) : undefined;
      if (r) this.cache.add(r);
      else this.cache.invalidate();
      this.pictured.add(id);
    }
    c.tier = tier;
  }

  /** Live curves whose time is up are folded into the cache at the next commit. */
  private scheduleDemotion(now: number): void {
    let next = Infinity;
    for (const c of this.curves.values()) if (c.tier === 'live') next = Math.min(next, c.hotUntil);
    if (this.demoteTimer) clearTimeout(this.demoteTimer);
    this.demoteTimer = null;
    if (!Number.isFinite(next)) return;
    this.demoteTimer = setTimeout(() => {
      this.demoteTimer = null;
      const t = performance.now();
      for (const [id, c] of this.curves) if (c.tier === 'live' && c.hotUntil <= t) this.dirty.add(id);
      this.frame.invalidate();
    }, Math.max(0, next - now) + 20);
  }

  private commit(): void {
    const now = performance.now();
    let fresh = 0;
    for (const id of this.dirty) if (this.curves.get(id)?.tier === null) fresh++;
    const newLive = fresh <= LIVE_BATCH && this.cache.hasPicture;
    this.liveBudget = LIVE_MAX_POINTS;
    if (newLive && fresh > 0) for (const c of this.curves.values()) if (c.tier === 'live') this.liveBudget -= c.decimatedTo > 0 ? 2 * c.decimatedTo : c.x.length;
    for (const id of this.dirty) this.writeCurve(id, now, newLive);
    if (this.dirty.size > 0) this.scheduleDemotion(now);
    this.dirty.clear();
    if (this.selectionDirty) {
      const a = this.selected.size > 0 ? DIMMED : 1;
      this.liveLayer.setPassAlpha(0, a);
      this.cache.setFade(1 - a);
      this.selectionDirty = false;
      this.frontDirty = true;
    }
    if (this.following && this.boundsDirty) {
      this.refreshBounds();
      this.viewState = autoscale(this.bounds, this.viewState.logY);
    }
    const size = this.frame.plotSize;
    // The first picture is drawn whole (first frame complete); later rebuilds spread over frames.
    const budget = this.cache.hasPicture ? BUILD_BUDGET_MS : Infinity;
    const buildsBefore = this.cache.builds;
    const building = this.cache.update(this.viewState, size, budget, () => this.frame.sync());
    const frontBytes = this.liveLayer.commit() + this.topLayer.commit();
    this.lastUploadBytes = frontBytes + this.coldLayer.lastUploadBytes;
    this.coldLayer.lastUploadBytes = 0;
    this.liveLayer.setView(this.viewState, size.width, size.height);
    this.topLayer.setView(this.viewState, size.width, size.height);
    // The back canvas shows the cached picture: redraw it only when the view or the picture changed.
    const v = this.viewState;
    const key = `${v.x0},${v.x1},${v.y0},${v.y1},${v.logY},${size.width},${size.height},${this.selected.size > 0}`;
    if (this.cache.builds !== buildsBefore) {
      // A full redraw: the picture now shows exactly the cold curves.
      this.pictured.clear();
      for (const [id, c] of this.curves) if (c.tier === 'cold') this.pictured.add(id);
    }
    const paintedIn = this.cache.takePainted();
    // The front canvas (live and selected curves) likewise: a software compositor reads back every WebGL
    // canvas drawn in a frame, so an unchanged one is not drawn again.
    const frontChanged = this.frontDirty || frontBytes > 0 || key !== this.frontKey;
    if (this.backDirty || key !== this.backKey || this.cache.builds !== buildsBefore || paintedIn) {
      this.frame.render();
      this.backKey = key;
      this.backDirty = false;
    }
    if (frontChanged) {
      this.frame.renderFront();
      this.frontKey = key;
      this.frontDirty = false;
    }
    this.drawOverlay();
    if (building) this.frame.invalidate();
  }

  private drawOverlay(): void {
    const ctx = this.frame.ctx;
    const { width, height } = this.frame.size;
    const size = this.frame.plotSize;
    const m = this.frame.margins;
    ctx.clearRect(0, 0, width, height);
    drawAxes(ctx, this.viewState, size.width, size.height, this.titles, m);
    const h = this.hoverHit;
    if (h) {
      const c = this.curves.get(h.id);
      const p = toPixel(this.viewState, h.x, h.y, size);
      ctx.save();
      ctx.strokeStyle = c ? cssColor(c.color) : '#000';
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.arc(m.left + p.px, m.top + p.py, 4, 0, 2 * Math.PI);
      ctx.stroke();
      ctx.restore();
    }
  }

  destroy(): void {
    if (this.decimateTimer) clearTimeout(this.decimateTimer);
    if (this.demoteTimer) clearTimeout(this.demoteTimer);
    this.cache.destroy();
    this.coldLayer.destroy();
    this.liveLayer.destroy();
    this.topLayer.destroy();
    this.frame.destroy();
  }
}
