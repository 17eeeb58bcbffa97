/**
 * Persistent history: a list of documents and a cursor. Undo/redo move the cursor; a new step after an undo
 * drops the redo branch; consecutive steps with the same merge key collapse into one. Each step remembers
 * which items it touched so the engine recomputes only the difference when the cursor moves.
 */
import { List } from 'immutable';
import type { Document } from './document.ts';

export interface Step {
  readonly doc: Document;
  readonly label: string;
  readonly mergeKey: string | null;
  /** Items this step changed relative to the previous step ('all' after a whole-document load). */
  readonly touched: ReadonlySet<string> | 'all';
}

export interface History {
  readonly steps: List<Step>;
  readonly cursor: number;
}

export function startHistory(doc: Document, label = 'start'): History {
  return { steps: List([{ doc, label, mergeKey: null, touched: 'all' as const }]), cursor: 0 };
}

export function current(h: History): Document {
  return h.steps.get(h.cursor)!.doc;
}

function union(a: ReadonlySet<string> | 'all', b: ReadonlySet<string> | 'all'): ReadonlySet<string> | 'all' {
  if (a === 'all' || b === 'all') return 'all';
  if (a.size === 0) return b;
  if (b.size === 0) return a;
  return new Set([...a, ...b]);
}

/** Adds a step (or merges it into the current one when the merge keys match and nothing was undone). */
export function push(h: History, step: Step): History {
  const top = h.steps.get(h.cursor)!;
  const atEnd = h.cursor === h.steps.size - 1;
  if (step.mergeKey !== null && atEnd && h.cursor > 0 && top.mergeKey === step.mergeKey) {
    const merged: Step = { ...step, touched: union(top.touched, step.touched) };
    return { steps: h.steps.set(h.cursor, merged), cursor: h.cursor };
  }
  const kept = atEnd ? h.steps : h.steps.setSize(h.cursor + 1);
  return { steps: kept.push(step), cursor: h.cursor + 1 };
}

export function canUndo(h: History): boolean {
  return h.cursor > 0;
}

export function canRedo(h: History): boolean {
  return h.cursor < h.steps.size - 1;
}

/** Moves the cursor; returns the new history and the items touched between the two positions. */
export function moveTo(h: History, index: number): { history: History; touched: ReadonlySet<string> | 'all' } {
  const target = Math.max(0, Math.min(h.steps.size - 1, index));
  let touched: ReadonlySet<string> | 'all' = new Set<string>();
  const [lo, hi] = target < h.cursor ? [target, h.cursor] : [h.cursor, target];
  for (let i = lo + 1; i <= hi; i++) touched = union(touched, h.steps.get(i)!.touched);
  return { history: { steps: h.steps, cursor: target }, touched };
}
