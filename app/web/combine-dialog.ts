/** The combination dialog: average, sum, RMS or PCA of the selected items at a node, optionally stopping the parents at a node. */
import type { CombineOp } from '../shared/protocol.ts';
import type { Connection } from './connection.ts';
import type { Store } from './store.ts';

export class CombineDialog {
  private readonly form: HTMLFormElement;

  constructor(
    private readonly dialog: HTMLDialogElement,
    private readonly store: Store,
    private readonly conn: Connection,
  ) {
    this.form = dialog.querySelector('form')!;
    dialog.addEventListener('close', () => {
      if (dialog.returnValue === 'ok') this.submit();
    });
  }

  open(): void {
    const s = this.store;
    if (s.selection.length === 0) {
      s.emit('error', 'select the items to combine first');
      return;
    }
    const nodeSel = this.form.elements.namedItem('node') as HTMLSelectElement;
    const stopSel = this.form.elements.namedItem('stop') as HTMLSelectElement;
    nodeSel.replaceChildren();
    stopSel.replaceChildren(new Option("(don't stop)", ''));
    for (const n of s.pipeline?.nodes ?? []) {
      if (!n.arrays.some((a) => a.role === 'y')) continue;
      // Only nodes every selected item reaches.
      if (!s.selection.every((id) => s.nodes.get(n.id)?.order.includes(id))) continue;
      nodeSel.add(new Option(n.label, n.id));
    }
    for (const n of s.pipeline?.nodes ?? []) stopSel.add(new Option(n.label, n.id));
    if (s.focused && [...nodeSel.options].some((o) => o.value === s.focused)) nodeSel.value = s.focused;
    (this.form.querySelector('#combine-hint') as HTMLElement).textContent = `${s.selection.length} item(s) selected: ${s.selection.map((id) => s.itemById.get(id)?.name ?? id).join(', ')}`;
    (this.form.elements.namedItem('name') as HTMLInputElement).value = '';
    this.dialog.returnValue = '';
    this.dialog.showModal();
  }

  private submit(): void {
    const f = this.form.elements;
    const op = (f.namedItem('op') as HTMLSelectElement).value as CombineOp;
    const node = (f.namedItem('node') as HTMLSelectElement).value;
    if (!node) {
      this.store.emit('error', 'no node that all selected items reach');
      return;
    }
    const stop = (f.namedItem('stop') as HTMLSelectElement).value;
    const ncomp = Number((f.namedItem('ncomp') as HTMLInputElement).value) || 2;
    const name = (f.namedItem('name') as HTMLInputElement).value.trim();
    this.conn.send({ kind: 'addCombination', name, op, parents: [...this.store.selection], node, ncomp, stopParentsAt: stop || null });
  }
}
