/**
 * Replay from the page: pick a session log or recorded bluesky run from the server's data folders (or
 * upload one), choose the speed (instant or N× the recorded pace), play, pause/resume, stop; a progress
 * bar and, at the end, the summary `beamflow replay --summary` prints. The server replays into its engine,
 * so every page sees the data arrive.
 */
import { encodeUpload } from '../shared/protocol.ts';
import type { Connection } from './connection.ts';
import type { Store } from './store.ts';

const $ = <T extends HTMLElement>(root: HTMLElement, sel: string) => root.querySelector(sel) as T;

export class ReplayPanel {
  private readonly file: HTMLSelectElement;
  private readonly speed: HTMLSelectElement;
  private readonly clear: HTMLInputElement;
  private readonly map: HTMLInputElement;
  private readonly entry: HTMLInputElement;
  private readonly play: HTMLButtonElement;
  private readonly pause: HTMLButtonElement;
  private readonly stop: HTMLButtonElement;
  private readonly progress: HTMLProgressElement;
  private readonly status: HTMLElement;
  private readonly summary: HTMLElement;
  private filesKey = '';
  /** An upload just sent: select it when the server lists it. */
  private wanted: string | null = null;

  constructor(
    private readonly el: HTMLElement,
    private readonly store: Store,
    private readonly conn: Connection,
  ) {
    this.file = $(el, '#replay-file');
    this.speed = $(el, '#replay-speed');
    this.clear = $(el, '#replay-clear');
    this.map = $(el, '#replay-map');
    this.entry = $(el, '#replay-entry');
    this.play = $(el, '#replay-play');
    this.pause = $(el, '#replay-pause');
    this.stop = $(el, '#replay-stop');
    this.progress = $(el, '#replay-progress');
    this.status = $(el, '#replay-status');
    this.summary = $(el, '#replay-summary');
    $<HTMLButtonElement>(el, '#replay-refresh').onclick = () => conn.send({ kind: 'replayList' });
    const upload = $<HTMLInputElement>(el, '#replay-upload');
    upload.onchange = async () => {
      const f = upload.files?.[0];
      if (!f) return;
      this.wanted = f.name;
      conn.sendBinary(encodeUpload(f.name, new Uint8Array(await f.arrayBuffer())));
      upload.value = '';
    };
    this.play.onclick = () => {
      if (!this.file.value) return store.emit('error', 'choose a file to replay first');
      const speed = this.speed.value === 'instant' ? null : Number(this.speed.value);
      conn.send({ kind: 'replayStart', file: this.file.value, speed, clear: this.clear.checked, ...(this.map.value.trim() ? { map: this.map.value } : {}), ...(this.entry.value.trim() ? { entry: this.entry.value.trim() } : {}) });
    };
    this.pause.onclick = () => conn.send({ kind: store.replay?.state.status === 'paused' ? 'replayResume' : 'replayPause' });
    this.stop.onclick = () => conn.send({ kind: 'replayStop' });
    store.on('replay', () => this.render());
    store.on('connection', () => this.render());
    this.render();
  }

  render(): void {
    const r = this.store.replay;
    this.el.hidden = r === null;
    if (!r) return;
    const key = r.files.map((f) => f.id).join('\u0000');
    if (key !== this.filesKey) {
      this.filesKey = key;
      const keep = this.file.value;
      this.file.replaceChildren(...r.files.map((f) => new Option(`${f.label} (${kib(f.size)})`, f.id)));
      const up = this.wanted ? r.files.find((f) => f.id.startsWith('upload:') && f.id.endsWith(this.wanted!.replace(/[^\w.-]+/g, '_'))) : undefined;
      if (up) this.wanted = null;
      this.file.value = up?.id ?? (r.files.some((f) => f.id === keep) ? keep : r.files[0]?.id ?? '');
    }
    const s = r.state;
    const active = s.status === 'playing' || s.status === 'paused';
    this.el.dataset.status = s.status;
    this.play.disabled = active || r.files.length === 0;
    this.pause.disabled = !active || s.speed === null;
    this.pause.textContent = s.status === 'paused' ? 'Resume' : 'Pause';
    this.stop.disabled = !active;
    this.progress.max = Math.max(1, s.total);
    this.progress.value = s.done;
    const pace = s.speed === null ? 'instant' : `${s.speed}×`;
    this.status.textContent = s.status === 'idle' ? 'no replay yet' : `${s.status}: ${s.file} (${pace}) ${s.done}/${s.total}${s.error ? ` — ${s.error}` : ''}${s.problems.length ? ` — ${s.problems.length} problem(s): ${s.problems[0]}` : ''}`;
    this.status.title = s.problems.join('\n');
    this.summary.textContent = s.summary ? JSON.stringify(s.summary) : '';
  }
}

function kib(n: number): string {
  return n < 1024 ? `${n} B` : n < 2 ** 20 ? `${(n / 1024).toFixed(0)} KiB` : `${(n / 2 ** 20).toFixed(1)} MiB`;
}
