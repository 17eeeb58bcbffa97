/**
 * The data tree: items grouped (meta.group, or "combinations"), click to select, ctrl/cmd-click to toggle,
 * shift-click for a range; double-click renames; a swatch sets the colour; a check box shows or hides the
 * curve. Each row shows the item's state at the focused node (⚠ failed with its message, … pending).
 */
import { cssColor } from '../../src/render/colormap.ts';
import { colorIndices, groupOf, itemColor } from './colors.ts';
import type { Connection } from './connection.ts';
import type { Store } from './store.ts';

export class DataTree {
  private anchor: string | null = null;
  private renaming: string | null = null;
  /**
   * The selection last sent and not yet confirmed by the server: quick clicks (click, then ctrl-click)
   * must build on it, not on the older selection still in the store.
   */
  private pending: { ids: string[]; at: number } | null = null;

  constructor(
    private readonly el: HTMLElement,
    private readonly store: Store,
    private readonly conn: Connection,
  ) {
    store.on('document', () => {
      const p = this.pending;
      if (p && (same(p.ids, store.selection) || Date.now() - p.at > 2000)) this.pending = null;
    });
    for (const t of ['document', 'focus', 'visibility'] as const) store.on(t, () => this.render());
    store.on('node', (node) => {
      if (node === store.focused) this.render();
    });
  }

  private get selection(): string[] {
    return this.pending?.ids ?? this.store.selection;
  }

  private click(id: string, e: MouseEvent): void {
    const ids = this.store.items.map((it) => it.id);
    let sel: string[];
    if (e.shiftKey && this.anchor && ids.includes(this.anchor)) {
      const [a, b] = [ids.indexOf(this.anchor), ids.indexOf(id)].sort((x, y) => x - y);
      sel = ids.slice(a, b + 1);
    } else if (e.ctrlKey || e.metaKey) {
      const cur = this.selection;
      sel = cur.includes(id) ? cur.filter((x) => x !== id) : [...cur, id];
      this.anchor = id;
    } else {
      sel = [id];
      this.anchor = id;
    }
    this.pending = { ids: sel, at: Date.now() };
    this.conn.send({ kind: 'select', ids: sel });
    this.markSelected();
  }

  /** Selection shown by classes on the existing rows: a click must not replace the row under a double click. */
  private markSelected(): void {
    const sel = new Set(this.selection);
    for (const row of this.el.querySelectorAll<HTMLElement>('.row')) row.classList.toggle('selected', sel.has(row.dataset.id ?? ''));
  }

  /** What the rows show, apart from the selection: when it is unchanged the rows are kept. */
  private structureKey(): string {
    const s = this.store;
    const focused = s.focused ? s.nodes.get(s.focused) : undefined;
    return JSON.stringify([
      s.focused,
      [...s.hidden],
      s.items.map((it) => {
        const st = focused?.states.get(it.id);
        return [it.id, it.name, it.meta.color ?? null, it.meta.group ?? null, it.stop, it.source.kind, st?.status ?? null, st?.status === 'failed' ? st.error : null];
      }),
    ]);
  }

  private lastKey = '';

  render(): void {
    if (this.renaming) return;
    const key = this.structureKey();
    if (key === this.lastKey) return this.markSelected();
    this.lastKey = key;
    const s = this.store;
    const focused = s.focused ? s.nodes.get(s.focused) : undefined;
    const groups = new Map<string, string[]>();
    for (const it of s.items) {
      const g = groupOf(it);
      if (!groups.has(g)) groups.set(g, []);
      groups.get(g)!.push(it.id);
    }
    const sel = new Set(this.selection);
    const frag = document.createDocumentFragment();
    let index = 0;
    const indexOf = colorIndices(s.items);
    for (const [g, ids] of groups) {
      const box = document.createElement('div');
      box.className = 'group';
      const title = document.createElement('div');
      title.className = 'group-title';
      title.textContent = `${g} (${ids.length})`;
      box.appendChild(title);
      for (const id of ids) {
        const it = s.itemById.get(id)!;
        const row = document.createElement('div');
        row.className = `row${sel.has(id) ? ' selected' : ''}`;
        row.dataset.id = id;
        const vis = document.createElement('input');
        vis.type = 'checkbox';
        vis.className = 'visible';
        vis.checked = !s.hidden.has(id);
        vis.title = 'Show / hide';
        vis.onclick = (e) => {
          e.stopPropagation();
          s.toggleHidden(id);
        };
        const color = document.createElement('input');
        color.type = 'color';
        color.value = cssColor(itemColor(it, indexOf.get(id) ?? index));
        color.onclick = (e) => e.stopPropagation();
        color.onchange = () => this.conn.send({ kind: 'setMeta', ids: [id], key: 'color', value: color.value });
        const name = document.createElement('span');
        name.className = 'name';
        name.textContent = it.name;
        name.title = it.source.kind === 'combination' ? `${it.source.op} of ${it.source.parents.map((p) => s.itemById.get(p)?.name ?? p).join(', ')}` : it.name;
        const status = document.createElement('span');
        status.className = 'status';
        const st = focused?.states.get(id);
        if (st?.status === 'failed') {
          status.classList.add('failed');
          status.textContent = '⚠';
          status.title = st.error;
        } else if (st?.status === 'pending') {
          status.classList.add('pending');
          status.textContent = '…';
          status.title = 'computing';
        }
        row.append(vis, color, name);
        if (it.stop) {
          const stop = document.createElement('span');
          stop.className = 'stop';
          stop.textContent = `stop: ${it.stop}`;
          stop.title = `stopped at node ${it.stop}`;
          row.appendChild(stop);
        }
        row.appendChild(status);
        row.onclick = (e) => this.click(id, e);
        row.ondblclick = () => this.startRename(id, name);
        box.appendChild(row);
        index++;
      }
      frag.appendChild(box);
    }
    this.el.replaceChildren(frag);
  }

  private startRename(id: string, span: HTMLElement): void {
    const it = this.store.itemById.get(id);
    if (!it) return;
    this.renaming = id;
    const input = document.createElement('input');
    input.className = 'rename';
    input.value = it.name;
    span.replaceWith(input);
    input.focus();
    input.select();
    const finish = (commit: boolean) => {
      if (this.renaming !== id) return;
      this.renaming = null;
      const v = input.value.trim();
      if (commit && v && v !== it.name) this.conn.send({ kind: 'rename', id, name: v });
      // The row holds the input field now: rebuild it even though nothing else changed.
      this.lastKey = '';
      this.render();
    };
    input.onkeydown = (e) => {
      e.stopPropagation();
      if (e.key === 'Enter') finish(true);
      if (e.key === 'Escape') finish(false);
    };
    input.onblur = () => finish(true);
    input.onclick = (e) => e.stopPropagation();
  }
}

function same(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
