/**
 * One connected page: sends the pipeline, then the document, history, live state and node outputs as they
 * change, batched per tick: whatever changed within `flushMs` goes out together at its end (the latest
 * document, history and live state once each, node outputs as binary frames with only the changed items,
 * one per node), and held back while the socket's send buffer is full. Applies the page's actions.
 */
import { merge, type Subscription } from 'rxjs';
import type { WebSocket } from 'ws';
import type { Engine } from '../../src/graph/engine.ts';
import { messageOf } from '../../src/graph/errors.ts';
import { decodeUpload, isClientAction, isReplayAction, type ReplayAction, type ServerMessage } from '../shared/protocol.ts';
import type { ReplayControl } from './replay-control.ts';
import { encodeNodeFrame } from '../shared/wire.ts';
import { applyAction } from './actions.ts';
import type { DemoState } from './demo/index.ts';
import { describeItem, describePipeline } from './describe.ts';
import type { ItemDoc } from '../../src/history/document.ts';
import { NodeDiffer } from './node-stream.ts';
import type { Observable } from 'rxjs';

export interface SessionOptions {
  readonly engine: Engine;
  readonly title: string;
  readonly live$?: Observable<DemoState>;
  readonly flushMs?: number;
  /** Replay from the page (file list, upload, play/pause/stop); absent: replay actions are refused. */
  readonly replay?: ReplayControl;
}

const HIGH_WATER = 16 * 2 ** 20;

export class Session {
  private readonly subs: Subscription[] = [];
  private readonly differs = new Map<string, NodeDiffer>();
  private readonly dirtyNodes = new Set<string>();
  private docDirty = false;
  /** The items as last sent (Immutable records: an unchanged item keeps its identity). */
  private sentItems: Map<string, ItemDoc> | null = null;
  private historyDirty = false;
  private liveDirty = false;
  private replayDirty = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private live: DemoState = { streaming: false, detail: 'no live source' };
  private closed = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly o: SessionOptions,
  ) {
    const e = o.engine;
    this.send({ type: 'hello', version: 1, pipeline: describePipeline(e.pipeline, o.title) });
    for (const id of e.pipeline.order) this.differs.set(id, new NodeDiffer(id));
    this.subs.push(
      e.document$.subscribe(() => {
        this.docDirty = true;
        this.schedule();
      }),
      e.history$.subscribe(() => {
        this.historyDirty = true;
        this.schedule();
      }),
      merge(...e.pipeline.order.map((id) => e.node$(id))).subscribe(() => {
        for (const id of e.pipeline.order) this.dirtyNodes.add(id);
        this.schedule();
      }),
      e.busy$.subscribe(() => this.liveSoon()),
    );
    if (o.replay) this.subs.push(merge(o.replay.state$, o.replay.files$).subscribe(() => {
      this.replayDirty = true;
      this.liveDirty = true;
      this.schedule();
    }));
    if (o.live$) this.subs.push(o.live$.subscribe((s) => {
      this.live = s;
      this.liveSoon();
    }));
    ws.on('message', (raw, isBinary) => (isBinary ? this.onUpload(raw) : this.onMessage(raw.toString())));
    ws.on('close', () => this.close());
    ws.on('error', () => this.close());
  }

  private liveSoon(): void {
    this.liveDirty = true;
    this.schedule();
  }

  private sendLive(): void {
    // A replay playing is a live source too.
    const r = this.o.replay?.state$.getValue();
    const replaying = r !== undefined && (r.status === 'playing' || r.status === 'paused');
    const detail = replaying ? `replay ${r.status === 'paused' ? '(paused) ' : ''}${r.file}: ${r.done}/${r.total}` : this.live.detail;
    this.send({ type: 'live', streaming: this.live.streaming || (replaying && r.status === 'playing'), busy: this.o.engine.busy$.getValue(), detail });
  }

  private send(m: ServerMessage): void {
    if (!this.closed && this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(m));
  }

  private schedule(delay = this.o.flushMs ?? 30): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, delay);
  }

  private flush(): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > HIGH_WATER) return this.schedule(50);
    const e = this.o.engine;
    if (this.docDirty) {
      this.docDirty = false;
      this.sendDocument();
    }
    if (this.historyDirty) {
      this.historyDirty = false;
      const h = e.history$.getValue();
      this.send({ type: 'history', history: { labels: [...h.labels], cursor: h.cursor, canUndo: h.canUndo, canRedo: h.canRedo } });
    }
    if (this.liveDirty) {
      this.liveDirty = false;
      this.sendLive();
    }
    if (this.replayDirty && this.o.replay) {
      this.replayDirty = false;
      this.send({ type: 'replay', files: this.o.replay.files$.getValue(), state: this.o.replay.state$.getValue() });
    }
    for (const id of [...this.dirtyNodes]) {
      this.dirtyNodes.delete(id);
      const frame = this.differs.get(id)!.next(e.output(id));
      if (frame) this.ws.send(encodeNodeFrame(frame), { binary: true });
    }
  }

  /** The whole document the first time, then only the items that changed (and the order, the selection). */
  private sendDocument(): void {
    const e = this.o.engine;
    const prev = this.sentItems;
    const next = new Map<string, ItemDoc>();
    const order: string[] = [];
    const items = [];
    for (const it of e.document.items.values()) {
      next.set(it.id, it);
      order.push(it.id);
      if (!prev || prev.get(it.id) !== it) items.push(describeItem(e.pipeline, it));
    }
    this.sentItems = next;
    this.send({ type: 'document', full: prev === null, items, order, selection: [...e.document.selection] });
  }

  private onMessage(text: string | null): void {
    let seq: number | null = null;
    try {
      if (text === null) throw new Error('binary messages are not accepted');
      const m = JSON.parse(text) as { type?: unknown; seq?: unknown; action?: unknown };
      seq = typeof m.seq === 'number' ? m.seq : null;
      if (m.type !== 'action' || !isClientAction(m.action)) throw new Error('unknown message');
      if (isReplayAction(m.action)) this.replayAction(m.action);
      else applyAction(this.o.engine, m.action);
      if (seq !== null) this.send({ type: 'ack', seq });
    } catch (err) {
      this.send({ type: 'error', seq, message: messageOf(err) });
    }
  }

  private replayAction(a: ReplayAction): void {
    const r = this.o.replay;
    if (!r) throw new Error('this server does not replay files');
    switch (a.kind) {
      case 'replayList':
        r.refresh();
        return;
      case 'replayStart': {
        const { kind: _k, ...req } = a;
        return r.start(req);
      }
      case 'replayPause':
        return r.pause();
      case 'replayResume':
        return r.resume();
      case 'replayStop':
        return r.stop();
    }
  }

  /** A binary message is a file uploaded for replay (protocol.ts: encodeUpload). */
  private onUpload(raw: import('ws').RawData): void {
    try {
      if (!this.o.replay) throw new Error('binary messages are not accepted');
      const buf = Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw as ArrayBuffer);
      const { name, bytes } = decodeUpload(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
      this.o.replay.upload(name, bytes);
    } catch (err) {
      this.send({ type: 'error', seq: null, message: messageOf(err) });
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.subs) s.unsubscribe();
  }
}
