import { describe, expect, it } from 'vitest';
import { ExprError } from '../../src/formats/expr/ast.ts';
import { columnsOf, evaluate } from '../../src/formats/expr/evaluate.ts';
import { parseExpr } from '../../src/formats/expr/parser.ts';

const cols: Record<string, Float64Array> = {
  i0: Float64Array.of(10, 20), itrans: Float64Array.of(5, 5), ch1: Float64Array.of(1, 2), ch2: Float64Array.of(3, 4),
  dt1: Float64Array.of(2, 2), dt2: Float64Array.of(1, 3),
};
const lookup = (n: string): Float64Array | undefined => cols[n.toLowerCase()];
const ev = (s: string): number[] => Array.from(evaluate(parseExpr(s), lookup, 2));

describe('column expressions', () => {
  it('evaluates arithmetic with precedence and right-associative powers', () => {
    expect(ev('1 + 2 * 3')).toEqual([7, 7]);
    expect(ev('(1 + 2) * 3')).toEqual([9, 9]);
    expect(ev('2 ^ 3 ^ 2')).toEqual([512, 512]);
    expect(ev('2 ** 3')).toEqual([8, 8]);
    expect(ev('-2 ^ 2')).toEqual([-4, -4]);
    expect(ev('i0 - -itrans')).toEqual([15, 25]);
  });
  it('resolves columns case-insensitively and applies functions', () => {
    expect(ev('ln(I0/ITRANS)')).toEqual([Math.log(2), Math.log(4)]);
    expect(ev('log10(i0)')).toEqual([1, Math.log10(20)]);
    expect(ev('sqrt(abs(-i0 * 10))')).toEqual([10, Math.sqrt(200)]);
  });
  it('expands ranges elementwise and sums them', () => {
    expect(ev('sum(ch1..2 * dt1..2) / i0')).toEqual([(1 * 2 + 3 * 1) / 10, (2 * 2 + 4 * 3) / 20]);
    expect(ev('mean(ch1..2)')).toEqual([2, 3]);
    expect(ev('sum(ch1, ch2, 1)')).toEqual([5, 7]);
    expect(columnsOf(parseExpr('sum(ch1..2 * dt1..2) / i0'))).toEqual(['ch1', 'ch2', 'dt1', 'dt2', 'i0']);
  });
  it('rejects anything that is not the language, with a position', () => {
    const bad: [string, RegExp][] = [
      ['', /empty expression/],
      ['ln(i0', /expected '\)'/],
      ['i0 +', /unexpected end/],
      ['i0 i1', /unexpected text after the expression/],
      ['process.exit(1)', /unknown function 'process.exit'/],
      ['i0; rm', /unexpected character ';'/],
      ['ch2..1', /empty range/],
      ['`ls`', /unexpected character/],
    ];
    for (const [src, re] of bad) {
      expect(() => evaluate(parseExpr(src), lookup, 2), src).toThrow(re);
    }
  });
  it('names unknown columns and mismatched ranges', () => {
    expect(() => ev('ln(i0/it)')).toThrow(/unknown column 'it'/);
    expect(() => ev('sum(ch1..3)')).toThrow(/unknown column 'ch3' \(in range ch1\.\.3\)/);
    expect(() => ev('ch1..2')).toThrow(/wrap the range in sum/);
    try {
      parseExpr('1 + * 2');
    } catch (e) {
      expect(e).toBeInstanceOf(ExprError);
      expect((e as ExprError).at).toBe(4);
    }
  });
});
