import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RowCollector } from '../../src/formats/column-table.ts';

const NUM = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** What the reader must give for one token: Number()'s double for a decimal, an error otherwise. */
function expected(tok: string): number | 'error' {
  if (/^nan$/i.test(tok)) return NaN;
  if (/^(\+?inf|\+?infinity)$/i.test(tok)) return Infinity;
  if (/^-(inf|infinity)$/i.test(tok)) return -Infinity;
  return NUM.test(tok) ? Number(tok) : 'error';
}

function parse(tok: string): number | 'error' {
  const r = new RowCollector('p.dat');
  r.addLine('1 2', 1, false);
  try {
    r.addLine(`3 ${tok}`, 2, false);
    return r.columns()[1][1];
  } catch {
    return 'error';
  }
}

const decimal = fc
  .tuple(
    fc.constantFrom('', '-', '+'),
    fc.stringMatching(/^[0-9]{0,20}$/),
    fc.constantFrom('', '.'),
    fc.stringMatching(/^[0-9]{0,20}$/),
    fc.constantFrom('', 'e', 'E', 'e-', 'e+', 'E-'),
    fc.stringMatching(/^[0-9]{0,3}$/),
  )
  .map(([s, a, d, b, e, x]) => `${s}${a}${d}${b}${e}${x}`)
  .filter((t) => t.length > 0);

describe('numeric tokens', () => {
  it('equal Number() bit for bit for every decimal form, and are errors otherwise', () => {
    fc.assert(
      fc.property(fc.oneof(decimal, fc.double().map(String), fc.stringMatching(/^[-+.eE0-9x]{1,8}$/)), (tok) => {
        const want = expected(tok);
        const got = parse(tok);
        if (want === 'error') expect(got).toBe('error');
        else expect(Object.is(got, want), `${tok}: ${String(got)} vs ${want}`).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });
  it('reads nan, inf and Fortran D exponents through the slow path', () => {
    for (const [t, v] of [['nan', NaN], ['-inf', -Infinity], ['1.5D3', 1500], ['2d-1', 0.2]] as const) expect(Object.is(parse(t), v)).toBe(true);
  });
});
