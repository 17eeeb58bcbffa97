/**
 * A 2D image (detector frame, sinogram, tomogram) as a PixiJS sprite: values mapped through a colour map on
 * the CPU once per new image (robust limits, linear or log), pan and zoom by moving and scaling the sprite,
 * a colour bar and axes in pixel (or node) units on the overlay, and the value under the cursor on hover.
 */
import { BufferImageSource, Sprite, Texture } from 'pixi.js';
import type { Image2D } from '../graph/types.ts';
import { drawAxes, PLOT_FONT, type Margins } from './axes.ts';
import { applyColormap, colormapTable, robustLimits, type ColormapName, type ColorScale } from './colormap.ts';
import { PlotFrame, type FrameOptions } from './plot-frame.ts';
import { formatValue, linearTicks, logTicks } from './ticks.ts';
import { pan, zoomAt, type View } from './view.ts';

export const IMAGE_MARGINS: Margins = { left: 60, right: 84, top: 10, bottom: 42 };

export interface ImagePlotOptions extends FrameOptions {
  readonly colormap?: ColormapName;
  readonly logColor?: boolean;
}

export class ImagePlot {
  readonly frame: PlotFrame;
  private sprite: Sprite | null = null;
  private image: Image2D | null = null;
  private name = '';
  private scale: ColorScale = { lo: 0, hi: 1, log: false };
  private colormap: ColormapName;
  private logColor: boolean;
  private viewState: View = { x0: 0, x1: 1, y0: 1, y1: 0, logY: false };
  private imageDirty = false;
  private titles = { x: 'column', y: 'row' };
  private following = true;
  private rgba: Uint8Array | null = null;

  private constructor(frame: PlotFrame, o: ImagePlotOptions) {
    this.frame = frame;
    this.colormap = o.colormap ?? 'viridis';
    this.logColor = o.logColor ?? false;
    frame.attach({
      pan: (dx, dy) => this.setView(pan(this.viewState, dx, dy, frame.plotSize)),
      zoom: (px, py, fx, fy) => this.setView(zoomAt(this.viewState, px, py, fx, fy, frame.plotSize)),
      autoscale: () => this.autoscale(),
      hover: (px, py) => this.hover(px, py),
      leave: () => frame.hideTooltip(),
      commit: () => this.commit(),
    });
    // Draw the empty plot (background, axes, colour bar) at once, not only when the first image arrives.
    frame.invalidate();
  }

  static async create(host: HTMLElement, o: ImagePlotOptions): Promise<ImagePlot> {
    return new ImagePlot(await PlotFrame.create(host, { ...o, margins: o.margins ?? IMAGE_MARGINS, front: false }), o);
  }

  get view(): View {
    return this.viewState;
  }

  get colorScale(): ColorScale {
    return this.scale;
  }

  get currentImage(): { name: string; image: Image2D } | null {
    return this.image ? { name: this.name, image: this.image } : null;
  }

  setImage(name: string, image: Image2D): void {
    if (image.rows * image.cols !== image.data.length) throw new Error(`image '${name}': ${image.rows}×${image.cols} does not match ${image.data.length} values`);
    const resized = !this.image || this.image.rows !== image.rows || this.image.cols !== image.cols;
    this.image = image;
    this.name = name;
    this.imageDirty = true;
    if (resized && this.following) this.fit();
    this.frame.invalidate();
  }

  clear(): void {
    this.image = null;
    this.imageDirty = true;
    this.frame.invalidate();
  }

  setColormap(name: ColormapName): void {
    this.colormap = name;
    this.imageDirty = true;
    this.frame.invalidate();
  }

  setLogColor(log: boolean): void {
    this.logColor = log;
    this.imageDirty = true;
    this.frame.invalidate();
  }

  setView(v: View): void {
    this.following = false;
    this.viewState = v;
    this.frame.invalidate();
  }

  /** Shows the whole image again and keeps fitting new ones until the user pans or zooms. */
  autoscale(): void {
    this.following = true;
    this.fit();
  }

  /** Whole image, square pixels, row 0 at the top. */
  private fit(): void {
    const img = this.image;
    if (!img) return;
    const s = this.frame.plotSize;
    const k = Math.max(img.cols / s.width, img.rows / s.height);
    const w = k * s.width;
    const h = k * s.height;
    const cx = img.cols / 2;
    const cy = img.rows / 2;
    this.viewState = { x0: cx - w / 2, x1: cx + w / 2, y0: cy + h / 2, y1: cy - h / 2, logY: false };
    this.frame.invalidate();
  }

  private hover(px: number, py: number): void {
    const img = this.image;
    if (!img) return;
    const s = this.frame.plotSize;
    const v = this.viewState;
    const col = Math.floor(v.x0 + (px / s.width) * (v.x1 - v.x0));
    const row = Math.floor(v.y1 - (py / s.height) * (v.y1 - v.y0));
    if (col < 0 || row < 0 || col >= img.cols || row >= img.rows) return this.frame.hideTooltip();
    this.frame.showTooltip(`${this.name}: [${row}, ${col}] = ${formatValue(img.data[row * img.cols + col])}`, px, py);
  }

  private upload(): void {
    const img = this.image;
    if (!img) {
      this.sprite?.destroy({ texture: true, textureSource: true });
      this.sprite = null;
      return;
    }
    this.scale = robustLimits(img.data, this.logColor);
    const n = img.rows * img.cols * 4;
    if (!this.rgba || this.rgba.length !== n) this.rgba = new Uint8Array(n);
    applyColormap(img.data, this.scale, this.colormap, this.rgba);
    const same = this.sprite && this.sprite.texture.width === img.cols && this.sprite.texture.height === img.rows;
    if (same && this.sprite) {
      const src = this.sprite.texture.source as BufferImageSource;
      src.resource = this.rgba;
      src.update();
      return;
    }
    this.sprite?.destroy({ texture: true, textureSource: true });
    const source = new BufferImageSource({ resource: this.rgba, width: img.cols, height: img.rows, format: 'rgba8unorm', scaleMode: 'nearest' });
    this.sprite = new Sprite(new Texture({ source }));
    this.sprite.eventMode = 'none';
    this.frame.app.stage.addChild(this.sprite);
  }

  private commit(): void {
    if (this.imageDirty) {
      this.upload();
      this.imageDirty = false;
    }
    const s = this.frame.plotSize;
    const v = this.viewState;
    if (this.sprite) {
      // Pixel (col, row) → screen: linear maps, so the sprite's position and scale are the whole transform.
      const kx = s.width / (v.x1 - v.x0);
      const ky = s.height / (v.y0 - v.y1);
      this.sprite.x = -v.x0 * kx;
      this.sprite.y = -v.y1 * ky;
      this.sprite.scale.set(kx, ky);
    }
    this.frame.render();
    this.drawOverlay();
  }

  private drawOverlay(): void {
    const ctx = this.frame.ctx;
    const { width, height } = this.frame.size;
    const s = this.frame.plotSize;
    const m = this.frame.margins;
    ctx.clearRect(0, 0, width, height);
    drawAxes(ctx, this.viewState, s.width, s.height, this.titles, m);
    // Colour bar: the table as a vertical gradient, labelled with the limits' ticks.
    const t = colormapTable(this.colormap);
    const bx = m.left + s.width + 14;
    const bw = 14;
    for (let py = 0; py < s.height; py++) {
      const i = Math.round(255 * (1 - py / Math.max(1, s.height - 1)));
      ctx.fillStyle = `rgb(${t[i * 3]},${t[i * 3 + 1]},${t[i * 3 + 2]})`;
      ctx.fillRect(bx, m.top + py, bw, 1);
    }
    ctx.strokeStyle = '#333';
    ctx.strokeRect(bx - 0.5, m.top - 0.5, bw + 1, s.height + 1);
    const { lo, hi, log } = this.scale;
    const ticks = log ? logTicks(lo, hi, 6) : linearTicks(lo, hi, 6);
    ctx.fillStyle = '#333';
    ctx.font = PLOT_FONT;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    for (const tick of ticks) {
      const f = log ? (Math.log(tick.value) - Math.log(lo)) / (Math.log(hi) - Math.log(lo)) : (tick.value - lo) / (hi - lo);
      const py = Math.round(m.top + (1 - f) * s.height) + 0.5;
      ctx.fillRect(bx + bw, py - 0.5, 3, 1);
      ctx.fillText(tick.label, bx + bw + 5, py);
    }
  }

  destroy(): void {
    this.sprite?.destroy({ texture: true, textureSource: true });
    this.frame.destroy();
  }
}
