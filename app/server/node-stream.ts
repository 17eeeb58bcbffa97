/**
 * What one page has seen of one node, and what to send next: only items whose version changed since the
 * last frame, plus the order when it changed (which tells the page what was removed): only the ids
 * appended when items just arrived, the whole order otherwise.
 */
import type { NodeOutput } from '../../src/graph/state.ts';
import type { ItemChange, NodeFrame } from '../shared/wire.ts';

export class NodeDiffer {
  private sent = new Map<string, number>();
  private lastOrder: string[] = [];
  private started = false;

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
    const last = this.lastOrder;
    const extends_ = this.started && order.length >= last.length && last.every((id, i) => id === order[i]);
    const sameOrder = extends_ && order.length === last.length;
    this.sent = seen;
    this.lastOrder = order;
    this.started = true;
    if (changes.length === 0 && sameOrder) return null;
    if (sameOrder) return { node: this.node, changes };
    if (extends_) return { node: this.node, appended: order.slice(last.length), changes };
    return { node: this.node, order, changes };
  }
}
