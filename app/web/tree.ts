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

  /** Rows by item id, with what each shows (apart from the selection), and group boxes by name. */
  private readonly rows = new Map<string, { readonly row: HTMLElement; key: string }>();
  private readonly groups = new Map<string, { readonly box: HTMLElement; readonly title: HTMLElement }>();

  /** What one row shows, apart from the selection: a row is rebuilt only when this changes. */
  private rowKey(id: string, color: number, focused: import('./store.ts').NodeState | undefined): string {
    const s = this.store;
    const it = s.itemById.get(id)!;
    const st = focused?.states.get(id);
    const src = it.source.kind === 'combination' ? `${it.source.op}:${it.source.parents.map((p) => s.itemById.get(p)?.name ?? p).join(',')}` : it.source.kind;
    return `${it.name}\u0000${color}\u0000${it.stop ?? ''}\u0000${src}\u0000${s.hidden.has(id) ? 1 : 0}\u0000${st?.status ?? ''}\u0000${st?.status === 'failed' ? st.error : ''}`;
  }

  /**
   * Brings the rows in line with the store incrementally: rows whose content changed are replaced, new
   * ones inserted, removed ones dropped; the others (and the row under a double click) stay as they are.
   */
  render(): void {
    if (this.renaming) return;
    const s = this.store;
    const focused = s.focused ? s.nodes.get(s.focused) : undefined;
    const byGroup = new Map<string, string[]>();
    for (const it of s.items) {
      const g = groupOf(it);
      let ids = byGroup.get(g);
      if (!ids) byGroup.set(g, (ids = []));
      ids.push(it.id);
    }
    const sel = new Set(this.selection);
    const indexOf = colorIndices(s.items);
    const present = new Set<string>();
    let prevBox: Element | null = null;
    for (const [g, ids] of byGroup) {
      let grp = this.groups.get(g);
      if (!grp) {
        const box = document.createElement('div');
        box.className = 'group';
        const title = document.createElement('div');
        title.className = 'group-title';
        box.appendChild(title);
        grp = { box, title };
        this.groups.set(g, grp);
      }
      const count = `${g} (${ids.length})`;
      if (grp.title.textContent !== count) grp.title.textContent = count;
      // Group boxes in first-appearance order.
      const want: Element | null = prevBox ? prevBox.nextElementSibling : this.el.firstElementChild;
      if (want !== grp.box) this.el.insertBefore(grp.box, want);
      prevBox = grp.box;
      let prevRow: Element = grp.title;
      for (const id of ids) {
        present.add(id);
        const it = s.itemById.get(id)!;
        const color = itemColor(it, indexOf.get(id) ?? 0);
        const key = this.rowKey(id, color, focused);
        let r = this.rows.get(id);
        if (!r || r.key !== key) {
          const row = this.buildRow(id, color, focused);
          if (r) r.row.replaceWith(row);
          r = { row, key };
          this.rows.set(id, r);
        }
        r.row.classList.toggle('selected', sel.has(id));
        if (prevRow.nextElementSibling !== r.row) grp.box.insertBefore(r.row, prevRow.nextElementSibling);
        prevRow = r.row;
      }
      // Rows that moved to another group or were removed leave this box.
      while (prevRow.nextElementSibling) prevRow.nextElementSibling.remove();
    }
    for (const [id, r] of this.rows) if (!present.has(id)) (r.row.remove(), this.rows.delete(id));
    for (const [g, grp] of this.groups) if (!byGroup.has(g)) (grp.box.remove(), this.groups.delete(g));
  }

  private buildRow(id: string, color: number, focused: import('./store.ts').NodeState | undefined): HTMLElement {
    const s = this.store;
    const it = s.itemById.get(id)!;
    const row = document.createElement('div');
    row.className = 'row';
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
    const swatch = document.createElement('input');
    swatch.type = 'color';
    swatch.value = cssColor(color);
    swatch.onclick = (e) => e.stopPropagation();
    swatch.onchange = () => this.conn.send({ kind: 'setMeta', ids: [id], key: 'color', value: swatch.value });
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
    row.append(vis, swatch, name);
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
    return row;
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
      const r = this.rows.get(id);
      if (r) r.key = '';
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
