/**
 * The page's picture of the server: pipeline, document, history, node outputs, live state, plus what is
 * the page's own (focused node, hidden items). Messages update it at once; views listen to the topics
 * they show, and hear of them once per animation frame (however many messages arrived in between), so a
 * burst of data costs one tree update, one history update and one refresh per node panel a frame.
 */
import type { NodeData } from '../../src/graph/types.ts';
import type { HistoryInfo, ItemInfo, PipelineInfo, ReplayFileInfo, ReplayState, ServerMessage } from '../shared/protocol.ts';
import type { NodeFrame } from '../shared/wire.ts';

export type ItemState = { readonly status: 'ok'; readonly data: NodeData; readonly version: number } | { readonly status: 'failed'; readonly error: string; readonly version: number } | { readonly status: 'pending'; readonly version: number };

export interface NodeState {
  order: string[];
  readonly states: Map<string, ItemState>;
}

export type Topic = 'pipeline' | 'document' | 'history' | 'node' | 'live' | 'connection' | 'focus' | 'visibility' | 'error' | 'replay';

export type Connection = 'connecting' | 'open' | 'closed';

/** The order views hear of the topics in a frame: structure first, then what depends on it. */
const TOPIC_ORDER: readonly Topic[] = ['pipeline', 'document', 'history', 'node', 'focus', 'visibility', 'live', 'replay', 'connection', 'error'];

/** Runs `f` before the next frame is drawn (the page), or soon (no animation frames, e.g. a hidden page in tests). */
export type FrameScheduler = (f: () => void) => void;

const nextFrame: FrameScheduler = (f) => (typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => f()) : setTimeout(f, 16));

export class Store {
  pipeline: PipelineInfo | null = null;
  items: ItemInfo[] = [];
  readonly itemById = new Map<string, ItemInfo>();
  selection: string[] = [];
  history: HistoryInfo = { labels: [], cursor: 0, canUndo: false, canRedo: false };
  readonly nodes = new Map<string, NodeState>();
  live = { streaming: false, busy: false, detail: '' };
  connection: Connection = 'connecting';
  /** How many times the socket opened (a reconnect increments it). */
  opens = 0;
  focused: string | null = null;
  readonly hidden = new Set<string>();
  lastError = '';
  /** Files the server offers for replay and the replay's state (null: the server does not replay). */
  replay: { files: readonly ReplayFileInfo[]; state: ReplayState } | null = null;
  private readonly listeners = new Map<Topic, Set<(detail?: string) => void>>();
  /** Topics raised since the last flush, with their details (node ids, error messages); '' for none. */
  private readonly pending = new Map<Topic, Set<string>>();
  private flushQueued = false;

  constructor(private readonly schedule: FrameScheduler = nextFrame) {}

  on(topic: Topic, f: (detail?: string) => void): void {
    let s = this.listeners.get(topic);
    if (!s) this.listeners.set(topic, (s = new Set()));
    s.add(f);
  }

  /** Raises a topic: its listeners run at the next flush, once per distinct detail. */
  emit(topic: Topic, detail?: string): void {
    let d = this.pending.get(topic);
    if (!d) this.pending.set(topic, (d = new Set()));
    d.add(detail ?? '');
    if (this.flushQueued) return;
    this.flushQueued = true;
    this.schedule(() => this.flush());
  }

  /** Tells the listeners of every raised topic (called once a frame; tests may call it directly). */
  flush(): void {
    this.flushQueued = false;
    for (const topic of TOPIC_ORDER) {
      const details = this.pending.get(topic);
      if (!details) continue;
      this.pending.delete(topic);
      for (const d of details) for (const f of this.listeners.get(topic) ?? []) f(d === '' ? undefined : d);
    }
  }

  apply(m: ServerMessage): void {
    switch (m.type) {
      case 'hello':
        this.pipeline = m.pipeline;
        this.nodes.clear();
        for (const n of m.pipeline.nodes) this.nodes.set(n.id, { order: [], states: new Map() });
        if (!this.focused || !this.nodes.has(this.focused)) this.focused = m.pipeline.nodes[0]?.id ?? null;
        this.emit('pipeline');
        return;
      case 'document': {
        if (m.full) this.itemById.clear();
        for (const it of m.items) this.itemById.set(it.id, it);
        const present = new Set(m.order);
        for (const id of [...this.itemById.keys()]) if (!present.has(id)) this.itemById.delete(id);
        this.items = m.order.flatMap((id) => this.itemById.get(id) ?? []);
        this.selection = [...m.selection];
        this.emit('document');
        return;
      }
      case 'history':
        this.history = m.history;
        this.emit('history');
        return;
      case 'live':
        this.live = { streaming: m.streaming, busy: m.busy, detail: m.detail };
        this.emit('live');
        return;
      case 'replay':
        this.replay = { files: m.files, state: m.state };
        this.emit('replay');
        return;
      case 'ack':
        return;
      case 'error':
        this.lastError = m.message;
        this.emit('error', m.message);
        return;
    }
  }

  applyFrame(f: NodeFrame): void {
    const n = this.nodes.get(f.node);
    if (!n) return;
    if (f.order) {
      n.order = [...f.order];
      const present = new Set(f.order);
      for (const id of [...n.states.keys()]) if (!present.has(id)) n.states.delete(id);
    } else if (f.appended) n.order.push(...f.appended);
    for (const c of f.changes) n.states.set(c.id, c.status === 'ok' ? { status: 'ok', data: c.data, version: c.version } : c.status === 'failed' ? { status: 'failed', error: c.error, version: c.version } : { status: 'pending', version: c.version });
    this.emit('node', f.node);
  }

  setConnection(c: Connection): void {
    this.connection = c;
    if (c === 'open') this.opens++;
    this.emit('connection');
  }

  focus(node: string): void {
    if (this.focused === node) return;
    this.focused = node;
    this.emit('focus');
  }

  toggleHidden(id: string): void {
    if (this.hidden.has(id)) this.hidden.delete(id);
    else this.hidden.add(id);
    this.emit('visibility');
  }
}
