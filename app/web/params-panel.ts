/**
 * The parameters of the transforms feeding the focused node, generated from their declared schemas
 * (number and integer → spin boxes, boolean → check box, choice → select, string → text, numbers → a
 * comma-separated list). Values shown are the selected items' (blank with "mixed" when they differ); a
 * change applies to every selected item as one history step.
 */
import type { ParamSpec, ParamValue } from '../../src/graph/types.ts';
import type { TransformInfo } from '../shared/protocol.ts';
import type { Connection } from './connection.ts';
import type { Store } from './store.ts';

function same(a: ParamValue | undefined, b: ParamValue | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export class ParamsPanel {
  constructor(
    private readonly el: HTMLElement,
    private readonly title: HTMLElement,
    private readonly store: Store,
    private readonly conn: Connection,
  ) {
    for (const t of ['document', 'focus', 'pipeline'] as const) store.on(t, () => this.render());
  }

  private shownKey = '';

  private transforms(): TransformInfo[] {
    const p = this.store.pipeline;
    const f = this.store.focused;
    return p && f ? p.transforms.filter((t) => t.to === f) : [];
  }

  render(): void {
    const active = document.activeElement;
    if (active instanceof HTMLInputElement && this.el.contains(active) && active.type !== 'checkbox') return;
    const s = this.store;
    const node = s.pipeline?.nodes.find((n) => n.id === s.focused);
    this.title.textContent = node ? `— ${node.label}` : '';
    const ts = this.transforms();
    const selected = s.selection.map((id) => s.itemById.get(id)).filter((x) => x !== undefined);
    // Items arriving change the document many times a second: rebuild only when what is shown changed.
    const key = JSON.stringify([s.focused, ts.map((t) => t.name), selected.map((it) => [it.id, ts.map((t) => it.params[t.name] ?? null)])]);
    if (key === this.shownKey && this.el.childElementCount > 0) return;
    this.shownKey = key;
    const frag = document.createDocumentFragment();
    if (ts.length === 0) {
      const p = document.createElement('p');
      p.className = 'empty';
      p.textContent = node ? `${node.label} is an entry node: no transform feeds it.` : 'Click a plot to show its parameters.';
      frag.appendChild(p);
    }
    for (const t of ts) {
      const fs = document.createElement('fieldset');
      fs.dataset.transform = t.name;
      const lg = document.createElement('legend');
      lg.textContent = t.label;
      fs.appendChild(lg);
      const using = selected.filter((it) => it.params[t.name]);
      if (using.length === 0) fs.disabled = true;
      for (const [name, spec] of Object.entries(t.params)) {
        const values = using.map((it) => it.params[t.name][name]);
        const mixed = values.some((v) => !same(v, values[0]));
        fs.appendChild(this.control(t.name, name, spec, values[0] ?? spec.default, mixed, using.map((it) => it.id)));
      }
      frag.appendChild(fs);
    }
    if (ts.length > 0 && selected.length === 0) {
      const p = document.createElement('p');
      p.className = 'empty';
      p.textContent = 'Select items in the data tree to edit their parameters.';
      frag.appendChild(p);
    }
    this.el.replaceChildren(frag);
  }

  private control(transform: string, name: string, spec: ParamSpec, value: ParamValue, mixed: boolean, ids: string[]): HTMLElement {
    const label = document.createElement('label');
    const text = document.createElement('span');
    text.textContent = `${spec.label ?? name}${'unit' in spec && spec.unit ? ` (${spec.unit})` : ''}`;
    label.appendChild(text);
    const send = (v: ParamValue) => this.conn.send({ kind: 'setParams', ids, transform, values: { [name]: v } });
    let input: HTMLInputElement | HTMLSelectElement;
    switch (spec.kind) {
      case 'number':
      case 'integer': {
        const i = document.createElement('input');
        i.type = 'number';
        if (spec.min !== undefined) i.min = String(spec.min);
        if (spec.max !== undefined) i.max = String(spec.max);
        i.step = spec.kind === 'integer' ? '1' : String(spec.step ?? 'any');
        i.value = mixed || value === null ? '' : String(value);
        i.placeholder = mixed ? 'mixed' : spec.kind === 'number' && spec.nullable ? 'auto' : '';
        i.onchange = () => {
          if (i.value === '') {
            if (spec.kind === 'number' && spec.nullable) send(null);
            return;
          }
          const v = Number(i.value);
          if (Number.isFinite(v)) send(spec.kind === 'integer' ? Math.round(v) : v);
        };
        input = i;
        break;
      }
      case 'boolean': {
        const i = document.createElement('input');
        i.type = 'checkbox';
        i.checked = value === true;
        i.indeterminate = mixed;
        i.onchange = () => send(i.checked);
        input = i;
        break;
      }
      case 'choice': {
        const sel = document.createElement('select');
        if (mixed) sel.add(new Option('(mixed)', ''));
        for (const o of spec.options) sel.add(new Option(o, o));
        sel.value = mixed ? '' : String(value);
        sel.onchange = () => sel.value !== '' && send(sel.value);
        input = sel;
        break;
      }
      case 'string': {
        const i = document.createElement('input');
        i.type = 'text';
        i.value = mixed ? '' : String(value);
        i.placeholder = mixed ? 'mixed' : '';
        i.onchange = () => send(i.value);
        input = i;
        break;
      }
      case 'numbers': {
        const i = document.createElement('input');
        i.type = 'text';
        i.value = mixed ? '' : (value as readonly number[]).join(', ');
        i.placeholder = mixed ? 'mixed' : 'e.g. 1, 2, 3';
        i.onchange = () => {
          const parts = i.value.split(',').map((x) => x.trim()).filter((x) => x !== '');
          const nums = parts.map(Number);
          if (nums.every(Number.isFinite)) send(nums);
          else this.store.emit('error', `${name}: not a list of numbers: '${i.value}'`);
        };
        input = i;
        break;
      }
    }
    input.name = `${transform}.${name}`;
    label.appendChild(input);
    return label;
  }
}
