/**
 * The WebSocket to the server, reconnecting after a drop (a server restart): 250 ms, doubling up to 2 s.
 * Text frames are JSON messages; binary frames are node outputs.
 */
import type { ClientAction, ServerMessage } from '../shared/protocol.ts';
import { decodeNodeFrame } from '../shared/wire.ts';
import type { Store } from './store.ts';

export class Connection {
  private ws: WebSocket | null = null;
  private seq = 0;
  private delay = 250;
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly url: string,
  ) {}

  start(): void {
    this.stopped = false;
    this.open();
  }

  private open(): void {
    this.store.setConnection('connecting');
    const ws = new WebSocket(this.url);
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    ws.onopen = () => {
      this.delay = 250;
      this.store.setConnection('open');
    };
    ws.onmessage = (ev: MessageEvent<string | ArrayBuffer>) => {
      if (typeof ev.data === 'string') this.store.apply(JSON.parse(ev.data) as ServerMessage);
      else this.store.applyFrame(decodeNodeFrame(new Uint8Array(ev.data)));
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.store.setConnection('closed');
      if (this.stopped) return;
      setTimeout(() => this.open(), this.delay);
      this.delay = Math.min(2000, this.delay * 2);
    };
  }

  send(action: ClientAction): boolean {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) {
      this.store.emit('error', 'not connected to the server: the action was not sent');
      return false;
    }
    ws.send(JSON.stringify({ type: 'action', seq: ++this.seq, action }));
    return true;
  }

  /** A binary message (a file uploaded for replay). */
  sendBinary(bytes: Uint8Array): boolean {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) {
      this.store.emit('error', 'not connected to the server: the file was not sent');
      return false;
    }
    ws.send(bytes);
    return true;
  }

  stop(): void {
    this.stopped = true;
    this.ws?.close();
  }
}
