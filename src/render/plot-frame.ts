/**
 * What every plot shares: a host element holding the PixiJS canvas (the plot area, drawn on the GPU) and a
 * 2D overlay canvas (axes, colour bar, hover marker) on top of it; pointer handling for pan (drag), zoom
 * (wheel; shift: x only, alt: y only), autoscale (double click) and hover; and the frame scheduler: setters
 * only raise dirty flags, and one commit runs per animation frame.
 */
import { Application } from 'pixi.js';
import { MARGINS, PLOT_FONT, type Margins } from './axes.ts';
import type { Size } from './view.ts';

export interface FrameOptions {
  readonly width: number;
  readonly height: number;
  readonly margins?: Margins;
  readonly background?: number;
  /** Whether a transparent front canvas is stacked on the back one (line plots: live curves). */
  readonly front?: boolean;
}

async function newApp(transparent: boolean, background: number): Promise<Application> {
  const app = new Application();
  await app.init({ width: 8, height: 8, preference: 'webgl', antialias: false, autoStart: false, sharedTicker: false, resolution: 1, background, backgroundAlpha: transparent ? 0 : 1, preserveDrawingBuffer: false, hello: false });
  return app;
}

export interface FrameHandlers {
  pan(dxPx: number, dyPx: number): void;
  zoom(px: number, py: number, fx: number, fy: number): void;
  autoscale(): void;
  hover(px: number, py: number): void;
  leave(): void;
  commit(): void;
}

/**
 * Two stacked WebGL canvases: `app` (back) holds what changes with the view only (the cached picture, an
 * image), `front` (transparent) holds what changes with the data (live and selected curves). A live update
 * redraws only the front canvas; the browser composites the two.
 */
export class PlotFrame {
  readonly app: Application;
  /** The front canvas; a plot without live content has none (browsers cap WebGL contexts per page). */
  readonly front: Application | null;
  readonly overlay: HTMLCanvasElement;
  readonly ctx: CanvasRenderingContext2D;
  readonly tooltip: HTMLDivElement;
  margins: Margins;
  private width: number;
  private height: number;
  private frameRequested = 0;
  private handlers: FrameHandlers | null = null;
  private readonly abort = new AbortController();
  /** Commits run so far (tests check that many setters in one frame cost one commit). */
  commits = 0;

  private constructor(readonly host: HTMLElement, app: Application, front: Application | null, o: FrameOptions) {
    this.app = app;
    this.front = front;
    this.width = o.width;
    this.height = o.height;
    this.margins = o.margins ?? MARGINS;
    host.style.position = 'relative';
    host.style.width = `${o.width}px`;
    host.style.height = `${o.height}px`;
    for (const a of this.apps) {
      a.canvas.style.position = 'absolute';
      host.appendChild(a.canvas);
    }
    this.overlay = document.createElement('canvas');
    this.overlay.style.position = 'absolute';
    this.overlay.style.left = '0';
    this.overlay.style.top = '0';
    this.overlay.style.touchAction = 'none';
    this.overlay.className = 'bf-plot-overlay';
    host.appendChild(this.overlay);
    this.ctx = this.overlay.getContext('2d')!;
    this.tooltip = document.createElement('div');
    this.tooltip.className = 'bf-plot-tooltip';
    Object.assign(this.tooltip.style, { position: 'absolute', pointerEvents: 'none', display: 'none', background: 'rgba(255,255,255,0.92)', border: '1px solid #999', padding: '2px 5px', font: PLOT_FONT, whiteSpace: 'nowrap' });
    host.appendChild(this.tooltip);
    this.layout();
  }

  static async create(host: HTMLElement, o: FrameOptions): Promise<PlotFrame> {
    const bg = o.background ?? 0xffffff;
    // The front clears to transparent black: premultiplied white with alpha 0 would composite as white.
    const [app, front] = await Promise.all([newApp(false, bg), o.front === false ? Promise.resolve(null) : newApp(true, 0x000000)]);
    return new PlotFrame(host, app, front, o);
  }

  get plotSize(): Size {
    return { width: Math.max(1, this.width - this.margins.left - this.margins.right), height: Math.max(1, this.height - this.margins.top - this.margins.bottom) };
  }

  get size(): Size {
    return { width: this.width, height: this.height };
  }

  resize(width: number, height: number): void {
    this.width = width;
    this.height = height;
    this.host.style.width = `${width}px`;
    this.host.style.height = `${height}px`;
    this.layout();
    this.invalidate();
  }

  private layout(): void {
    const p = this.plotSize;
    for (const a of this.apps) {
      a.renderer.resize(p.width, p.height);
      a.canvas.style.left = `${this.margins.left}px`;
      a.canvas.style.top = `${this.margins.top}px`;
    }
    this.overlay.width = this.width;
    this.overlay.height = this.height;
  }

  /** Installs the plot's callbacks and the pointer handling. */
  attach(h: FrameHandlers): void {
    this.handlers = h;
    const o = this.overlay;
    const sig = { signal: this.abort.signal };
    let drag: { x: number; y: number } | null = null;
    const local = (e: MouseEvent) => {
      const r = o.getBoundingClientRect();
      return { px: e.clientX - r.left - this.margins.left, py: e.clientY - r.top - this.margins.top };
    };
    o.addEventListener('pointerdown', (e) => {
      drag = { x: e.clientX, y: e.clientY };
      o.setPointerCapture(e.pointerId);
    }, sig);
    o.addEventListener('pointerup', (e) => {
      drag = null;
      if (o.hasPointerCapture(e.pointerId)) o.releasePointerCapture(e.pointerId);
    }, sig);
    o.addEventListener('pointermove', (e) => {
      if (drag) {
        h.pan(e.clientX - drag.x, e.clientY - drag.y);
        drag = { x: e.clientX, y: e.clientY };
        return;
      }
      const p = local(e);
      const s = this.plotSize;
      if (p.px < 0 || p.py < 0 || p.px > s.width || p.py > s.height) h.leave();
      else h.hover(p.px, p.py);
    }, sig);
    o.addEventListener('pointerleave', () => h.leave(), sig);
    o.addEventListener('wheel', (e) => {
      e.preventDefault();
      const p = local(e);
      const f = Math.exp(-e.deltaY * 0.0015);
      h.zoom(p.px, p.py, e.altKey ? 1 : f, e.shiftKey ? 1 : f);
    }, { ...sig, passive: false });
    o.addEventListener('dblclick', () => h.autoscale(), sig);
  }

  /** Raises the dirty flag: one commit at the next animation frame, however many calls come before it. */
  invalidate(): void {
    if (this.frameRequested) return;
    this.frameRequested = requestAnimationFrame(() => {
      this.frameRequested = 0;
      this.commitNow();
    });
  }

  /** Commits synchronously (export, bench); cancels a pending frame. */
  commitNow(): void {
    if (this.frameRequested) {
      cancelAnimationFrame(this.frameRequested);
      this.frameRequested = 0;
    }
    this.commits++;
    this.handlers?.commit();
  }

  /** Whether WebGL runs on a software rasteriser (SwiftShader, llvmpipe), where the CPU painter is faster. */
  get softwareGl(): boolean {
    const gl = (this.app.renderer as unknown as { gl?: WebGL2RenderingContext }).gl;
    if (!gl) return false;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const name = String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
    return /swiftshader|llvmpipe|software/i.test(name);
  }

  /** Draws the back canvas (view-dependent content). */
  render(): void {
    this.app.renderer.render(this.app.stage);
  }

  /** Draws the front canvas (live content). */
  renderFront(): void {
    this.front?.renderer.render(this.front.stage);
  }

  private get apps(): Application[] {
    return this.front ? [this.app, this.front] : [this.app];
  }

  /** Blocks until both canvases finished drawing (a 1-pixel read each), for honest timings. */
  sync(): void {
    for (const a of this.apps) {
      const gl = (a.renderer as unknown as { gl?: WebGL2RenderingContext }).gl;
      if (gl) gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
    }
  }

  /** The whole plot (GPU area + overlay) as one canvas; renders first so the WebGL buffer is current. */
  snapshot(): HTMLCanvasElement {
    this.commitNow();
    const c = document.createElement('canvas');
    c.width = this.width;
    c.height = this.height;
    const ctx = c.getContext('2d')!;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, c.width, c.height);
    ctx.drawImage(this.app.canvas, this.margins.left, this.margins.top);
    if (this.front) ctx.drawImage(this.front.canvas, this.margins.left, this.margins.top);
    ctx.drawImage(this.overlay, 0, 0);
    return c;
  }

  showTooltip(text: string, px: number, py: number): void {
    const t = this.tooltip;
    t.textContent = text;
    t.style.display = 'block';
    const left = this.margins.left + px + 12;
    t.style.left = `${Math.min(left, Math.max(0, this.width - 220))}px`;
    t.style.top = `${Math.max(0, this.margins.top + py - 26)}px`;
  }

  hideTooltip(): void {
    this.tooltip.style.display = 'none';
  }

  destroy(): void {
    this.abort.abort();
    if (this.frameRequested) cancelAnimationFrame(this.frameRequested);
    this.app.destroy(true, { children: true });
    this.front?.destroy(true, { children: true });
    this.overlay.remove();
    this.tooltip.remove();
  }
}
