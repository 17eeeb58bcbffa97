/** An item's display colour: its own (meta.color, '#rrggbb') or the palette colour of its position. */
import { curveColor } from '../../src/render/colormap.ts';
import type { ItemInfo } from '../shared/protocol.ts';

export function itemColor(it: ItemInfo | undefined, index: number): number {
  const c = it?.meta.color;
  if (typeof c === 'string' && /^#[0-9a-f]{6}$/i.test(c)) return parseInt(c.slice(1), 16);
  return curveColor(index);
}

/** The item's group in the tree: its meta.group, "combinations", or its entry node. */
export function groupOf(it: ItemInfo): string {
  if (it.source.kind === 'combination') return 'combinations';
  const g = it.meta.group;
  return typeof g === 'string' ? g : it.entry;
}

/**
 * Palette positions by order within each group: scans and frames each start at the first colour, so
 * colours do not depend on how the arrivals of the two streams interleave.
 */
export function colorIndices(items: readonly ItemInfo[]): Map<string, number> {
  const next = new Map<string, number>();
  const out = new Map<string, number>();
  for (const it of items) {
    const g = groupOf(it);
    const i = next.get(g) ?? 0;
    out.set(it.id, i);
    next.set(g, i + 1);
  }
  return out;
}
