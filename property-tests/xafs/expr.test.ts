import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/formats/expr/evaluate.ts';
import { parseExpr } from '../../src/formats/expr/parser.ts';
import { ExprError } from '../../src/formats/expr/ast.ts';

/** Random arithmetic over two columns, printed fully parenthesised, against a plain evaluator. */
type Node = { op: '+' | '-' | '*' | '/'; l: Node; r: Node } | { col: 'a' | 'b' } | { num: number };
const tree: fc.Arbitrary<Node> = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ col: fc.constantFrom<'a' | 'b'>('a', 'b') }),
    fc.record({ num: fc.integer({ min: 0, max: 99 }) }),
    fc.record({ op: fc.constantFrom<'+' | '-' | '*' | '/'>('+', '-', '*', '/'), l: tie('node'), r: tie('node') }),
  ),
})).node;

const A = Float64Array.of(1.5, -2, 7);
const B = Float64Array.of(3, 0.25, -1);
const show = (n: Node): string => ('op' in n ? `(${show(n.l)} ${n.op} ${show(n.r)})` : 'col' in n ? n.col.toUpperCase() : String(n.num));
const model = (n: Node, i: number): number => {
  if ('col' in n) return (n.col === 'a' ? A : B)[i];
  if ('num' in n) return n.num;
  const l = model(n.l, i);
  const r = model(n.r, i);
  return n.op === '+' ? l + r : n.op === '-' ? l - r : n.op === '*' ? l * r : l / r;
};

describe('expression language properties', () => {
  it('evaluates like the model, columns case-insensitively', () => {
    fc.assert(
      fc.property(tree, (t) => {
        const got = evaluate(parseExpr(show(t)), (n) => ({ a: A, b: B })[n.toLowerCase() as 'a' | 'b'], 3);
        for (let i = 0; i < 3; i++) expect(Object.is(got[i], model(t, i)) || Math.abs(got[i] - model(t, i)) < 1e-12).toBe(true);
      }),
    );
  });
  it('never throws anything but ExprError on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (s) => {
        try {
          evaluate(parseExpr(s), () => A, 3);
        } catch (e) {
          expect(e).toBeInstanceOf(ExprError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
