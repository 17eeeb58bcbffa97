/**
 * Feeding an engine from any Observable: items appear, get data, grow point by point, fail or disappear as
 * the events arrive. Bad events never stop the stream: an item whose data is bad is kept and marked failed
 * with the message, and every error is reported to `onError`.
 */
import type { Observable, Subscription } from 'rxjs';
import type { AddItemInput, Engine } from './engine.ts';
import { messageOf } from './errors.ts';
import type { NodeData } from './types.ts';

export type FeedEvent =
  | { readonly type: 'add'; readonly item: AddItemInput & { readonly id: string } }
  | { readonly type: 'set'; readonly id: string; readonly data: NodeData }
  | { readonly type: 'append'; readonly id: string; readonly data: NodeData }
  | { readonly type: 'fail'; readonly id: string; readonly error: string }
  | { readonly type: 'remove'; readonly id: string };

export interface FeedOptions {
  readonly onError?: (error: string, event: FeedEvent) => void;
}

export function feed(engine: Engine, source$: Observable<FeedEvent>, opts: FeedOptions = {}): Subscription {
  const report = (msg: string, ev: FeedEvent): void => opts.onError?.(msg, ev);
  return source$.subscribe({
    next(ev) {
      try {
        switch (ev.type) {
          case 'add':
            engine.addItem(ev.item);
            return;
          case 'set':
            engine.setData(ev.id, ev.data);
            return;
          case 'append':
            engine.appendData(ev.id, ev.data);
            return;
          case 'fail':
            engine.failData(ev.id, ev.error);
            return;
          case 'remove':
            if (engine.document.items.has(ev.id)) engine.removeItems([ev.id]);
            return;
        }
      } catch (e) {
        const msg = messageOf(e);
        report(msg, ev);
        try {
          if (ev.type === 'add' && !engine.document.items.has(ev.item.id)) engine.addItem({ ...ev.item, error: msg });
          else if (ev.type !== 'add' && engine.document.items.has(ev.id)) engine.failData(ev.id, msg);
        } catch (e2) {
          report(messageOf(e2), ev);
        }
      }
    },
    error(e) {
      report(`source failed: ${messageOf(e)}`, { type: 'fail', id: '', error: messageOf(e) });
    },
  });
}
