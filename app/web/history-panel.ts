/** Undo/redo buttons, Ctrl+Z / Ctrl+Shift+Z (and Ctrl+Y), and the list of steps: click one to jump there. */
import type { Connection } from './connection.ts';
import type { Store } from './store.ts';

export class HistoryPanel {
  constructor(
    private readonly list: HTMLElement,
    private readonly undo: HTMLButtonElement,
    private readonly redo: HTMLButtonElement,
    private readonly store: Store,
    private readonly conn: Connection,
  ) {
    undo.onclick = () => conn.send({ kind: 'undo' });
    redo.onclick = () => conn.send({ kind: 'redo' });
    store.on('history', () => this.render());
    window.addEventListener('keydown', (e) => {
      const t = e.target;
      if (t instanceof HTMLInputElement || t instanceof HTMLSelectElement || t instanceof HTMLTextAreaElement) return;
      if (!(e.ctrlKey || e.metaKey)) return;
      const k = e.key.toLowerCase();
      if (k === 'z' && !e.shiftKey) conn.send({ kind: 'undo' });
      else if ((k === 'z' && e.shiftKey) || k === 'y') conn.send({ kind: 'redo' });
      else return;
      e.preventDefault();
    });
  }

  /** Updates the list in place: new steps are appended, changed labels and classes rewritten; no rebuild. */
  private scrollQueued = false;

  render(): void {
    const h = this.store.history;
    this.undo.disabled = !h.canUndo;
    this.redo.disabled = !h.canRedo;
    const items = this.list.children;
    const before = items.length;
    while (items.length > h.labels.length) this.list.lastElementChild!.remove();
    const frag = document.createDocumentFragment();
    for (let i = items.length; i < h.labels.length; i++) {
      const li = document.createElement('li');
      li.dataset.index = String(i);
      li.onclick = () => this.conn.send({ kind: 'jump', index: i });
      frag.appendChild(li);
    }
    this.list.appendChild(frag);
    h.labels.forEach((label, i) => {
      const li = items[i] as HTMLElement;
      if (li.textContent !== label) li.textContent = label;
      const cls = i === h.cursor ? 'current' : i > h.cursor ? 'future' : '';
      if (li.className !== cls) li.className = cls;
    });
    // Follow the newest step, only when steps were added, and after this frame's other DOM updates (the
    // tree's rows): scrolling forces a layout, which then is the frame's only one.
    if (h.labels.length > before && !this.scrollQueued) {
      this.scrollQueued = true;
      queueMicrotask(() => {
        this.scrollQueued = false;
        this.list.lastElementChild?.scrollIntoView?.({ block: 'nearest' });
      });
    }
  }
}
