/**
 * Axes drawn on a 2D canvas overlay around the GPU plot area: frame, ticks, tick labels and axis titles in
 * the node's units. Tick positions come from ticks.ts, shared with the SVG export.
 */
import { linearTicks, logTicks, type Tick } from './ticks.ts';
import type { View } from './view.ts';

export interface Margins {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

export const MARGINS: Margins = { left: 68, right: 14, top: 10, bottom: 42 };

export interface AxisTitles {
  readonly x: string;
  readonly y: string;
}

export interface AxisTicks {
  readonly x: Tick[];
  readonly y: Tick[];
}

/** Ticks for a view, with y tick values in data units (not log10) for labels. */
export function axisTicks(view: View, plotW: number, plotH: number): AxisTicks {
  // Views may be inverted (an image's row axis grows downwards): ticks are taken over the sorted range.
  const x = linearTicks(Math.min(view.x0, view.x1), Math.max(view.x0, view.x1), Math.max(2, Math.floor(plotW / 90)));
  const yTarget = Math.max(2, Math.floor(plotH / 45));
  const [ylo, yhi] = [Math.min(view.y0, view.y1), Math.max(view.y0, view.y1)];
  const y = view.logY ? logTicks(10 ** ylo, 10 ** yhi, yTarget) : linearTicks(ylo, yhi, yTarget);
  return { x, y };
}

/** "energy (eV)", or just the name for a dimensionless array. */
export function axisTitle(name: string, unit: string): string {
  return unit ? `${name} (${unit})` : name;
}

export interface AxesStyle {
  readonly font: string;
  readonly color: string;
  readonly grid: string;
}

/** A named font first, so screenshots do not depend on what "sans-serif" maps to on a machine. */
export const PLOT_FONT = '11px "DejaVu Sans", sans-serif';

export const AXES_STYLE: AxesStyle = { font: PLOT_FONT, color: '#333', grid: 'rgba(0,0,0,0.08)' };

export function drawAxes(ctx: CanvasRenderingContext2D, view: View, plotW: number, plotH: number, titles: AxisTitles, m: Margins = MARGINS, style: AxesStyle = AXES_STYLE): void {
  const t = axisTicks(view, plotW, plotH);
  ctx.save();
  ctx.font = style.font;
  ctx.fillStyle = style.color;
  ctx.strokeStyle = style.color;
  ctx.lineWidth = 1;
  ctx.strokeRect(m.left - 0.5, m.top - 0.5, plotW + 1, plotH + 1);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const tick of t.x) {
    const px = Math.round(m.left + ((tick.value - view.x0) / (view.x1 - view.x0)) * plotW) + 0.5;
    line(ctx, px, m.top + plotH, px, m.top + plotH + 5);
    gridLine(ctx, style, px, m.top, px, m.top + plotH);
    ctx.fillText(tick.label, px, m.top + plotH + 7);
  }
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const tick of t.y) {
    const yv = view.logY ? Math.log10(tick.value) : tick.value;
    const py = Math.round(m.top + ((view.y1 - yv) / (view.y1 - view.y0)) * plotH) + 0.5;
    line(ctx, m.left - 5, py, m.left, py);
    gridLine(ctx, style, m.left, py, m.left + plotW, py);
    ctx.fillText(tick.label, m.left - 7, py);
  }
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText(titles.x, m.left + plotW / 2, m.top + plotH + m.bottom - 2);
  ctx.translate(12, m.top + plotH / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'middle';
  ctx.fillText(titles.y, 0, 0);
  ctx.restore();
}

function line(ctx: CanvasRenderingContext2D, x0: number, y0: number, x1: number, y1: number): void {
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.stroke();
}

function gridLine(ctx: CanvasRenderingContext2D, s: AxesStyle, x0: number, y0: number, x1: number, y1: number): void {
  ctx.save();
  ctx.strokeStyle = s.grid;
  line(ctx, x0, y0, x1, y1);
  ctx.restore();
}
