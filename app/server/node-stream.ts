/**
 * What one page has seen of one node, and what to send next: only items whose version changed since the
 * last frame, plus the current order (which tells the page what was removed).
 */
import type { NodeOutput } from '../../src/graph/state.ts';
import type { ItemChange, NodeFrame } from '../shared/wire.ts';

export class NodeDiffer {
  private sent = new Map<string, number>();
  private lastOrder: string[] = [];

  constructor(readonly node: string) {}

  /** The frame bringing the page from what it has to `out`, or null when nothing changed. */
  next(out: NodeOutput): NodeFrame | null {
    const changes: ItemChange[] = [];
    const order: string[] = [];
    const seen = new Map<string, number>();
    for (const [id, s] of out) {
      order.push(id);
      seen.set(id, s.version);
      if (this.sent.get(id) === s.version) continue;
      if (s.status === 'ok') changes.push({ id, status: 'ok', version: s.version, data: s.data });
      else if (s.status === 'failed') changes.push({ id, status: 'failed', version: s.version, error: s.error });
      else changes.push({ id, status: 'pending', version: s.version });
    }
    const sameOrder = order.length === this.lastOrder.length && order.every((id, i) => id === this.lastOrder[i]);
    this.sent = seen;
    this.lastOrder = order;
    if (changes.length === 0 && sameOrder) return null;
    return { node: this.node, order, changes };
  }
}
