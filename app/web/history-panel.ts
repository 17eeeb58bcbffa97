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

  render(): void {
    const h = this.store.history;
    this.undo.disabled = !h.canUndo;
    this.redo.disabled = !h.canRedo;
    const frag = document.createDocumentFragment();
    h.labels.forEach((label, i) => {
      const li = document.createElement('li');
      li.textContent = label;
      li.dataset.index = String(i);
      if (i === h.cursor) li.className = 'current';
      else if (i > h.cursor) li.className = 'future';
      li.onclick = () => this.conn.send({ kind: 'jump', index: i });
      frag.appendChild(li);
    });
    this.list.replaceChildren(frag);
    this.list.lastElementChild?.scrollIntoView?.({ block: 'nearest' });
  }
}
