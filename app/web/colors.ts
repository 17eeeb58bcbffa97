/** An item's display colour: its own (meta.color, '#rrggbb') or the palette colour of its position. */
import { curveColor } from '../../src/render/colormap.ts';
import type { ItemInfo } from '../shared/protocol.ts';

export function itemColor(it: ItemInfo | undefined, index: number): number {
  const c = it?.meta.color;
  if (typeof c === 'string' && /^#[0-9a-f]{6}$/i.test(c)) return parseInt(c.slice(1), 16);
  return curveColor(index);
}
