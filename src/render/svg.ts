/**
 * SVG export of a line plot: the same axes (ticks from ticks.ts) and every visible curve as a polyline
 * clipped to the plot area, decimated to the plot's pixel columns so the file stays small. Pure string
 * building from plain data, so it is testable without a browser.
 */
import type { NumArray } from '../graph/types.ts';
import { axisTicks, MARGINS, type Margins } from './axes.ts';
import { cssColor } from './colormap.ts';
import { decimateMinMax, isSortedAscending, shouldDecimate } from './decimate.ts';
import type { View } from './view.ts';

export interface SvgCurve {
  readonly name: string;
  readonly x: NumArray;
  readonly y: NumArray;
  readonly color: number;
  readonly visible: boolean;
  readonly selected: boolean;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function linePlotSvg(curves: Iterable<SvgCurve>, view: View, width: number, height: number, titles: { x: string; y: string }, m: Margins = MARGINS): string {
  const pw = width - m.left - m.right;
  const ph = height - m.top - m.bottom;
  const sx = (x: number) => m.left + ((x - view.x0) / (view.x1 - view.x0)) * pw;
  const sy = (y: number) => m.top + ((view.y1 - (view.logY ? Math.log10(y) : y)) / (view.y1 - view.y0)) * ph;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`);
  out.push(`<rect width="${width}" height="${height}" fill="#fff"/>`);
  out.push(`<defs><clipPath id="plot"><rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}"/></clipPath></defs>`);
  const t = axisTicks(view, pw, ph);
  for (const tick of t.x) {
    const x = sx(tick.value).toFixed(1);
    out.push(`<line x1="${x}" y1="${m.top + ph}" x2="${x}" y2="${m.top + ph + 5}" stroke="#333"/><text x="${x}" y="${m.top + ph + 17}" text-anchor="middle">${esc(tick.label)}</text>`);
  }
  for (const tick of t.y) {
    const y = sy(tick.value).toFixed(1);
    out.push(`<line x1="${m.left - 5}" y1="${y}" x2="${m.left}" y2="${y}" stroke="#333"/><text x="${m.left - 7}" y="${y}" text-anchor="end" dominant-baseline="middle">${esc(tick.label)}</text>`);
  }
  out.push(`<text x="${m.left + pw / 2}" y="${height - 4}" text-anchor="middle">${esc(titles.x)}</text>`);
  out.push(`<text transform="translate(12 ${m.top + ph / 2}) rotate(-90)" text-anchor="middle" dominant-baseline="middle">${esc(titles.y)}</text>`);
  out.push(`<g clip-path="url(#plot)" fill="none" stroke-width="1">`);
  const ordered = [...curves].filter((c) => c.visible).sort((a, b) => Number(a.selected) - Number(b.selected));
  for (const c of ordered) {
    let x: ArrayLike<number> = c.x;
    let y: ArrayLike<number> = c.y;
    if (isSortedAscending(c.x) && shouldDecimate(c.x.length, pw)) ({ x, y } = decimateMinMax(c.x, c.y, pw));
    const pts: string[] = [];
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      if (!Number.isFinite(x[i]) || !Number.isFinite(y[i]) || (view.logY && y[i] <= 0)) continue;
      pts.push(`${sx(x[i]).toFixed(1)},${sy(y[i]).toFixed(1)}`);
    }
    if (pts.length < 2) continue;
    out.push(`<polyline stroke="${cssColor(c.color)}"${c.selected ? ' stroke-width="3"' : ''}><title>${esc(c.name)}</title></polyline>`.replace('<polyline ', `<polyline points="${pts.join(' ')}" `));
  }
  out.push('</g>');
  out.push(`<rect x="${m.left - 0.5}" y="${m.top - 0.5}" width="${pw + 1}" height="${ph + 1}" fill="none" stroke="#333"/>`);
  out.push('</svg>');
  return out.join('\n');
}
