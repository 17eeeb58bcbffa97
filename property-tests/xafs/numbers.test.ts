import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDecimal, RowCollector } from '../../src/formats/column-table.ts';

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
  it('parseDecimal equals Number() on long mantissas, trailing and leading zeros, and edge exponents', () => {
    const zeros = fc.stringMatching(/^0{0,30}$/);
    const digits = fc.stringMatching(/^[0-9]{1,25}$/);
    const long = fc
      .tuple(fc.constantFrom('', '-', '+'), zeros, digits, zeros, fc.constantFrom('', '.'), zeros, fc.stringMatching(/^[0-9]{0,25}$/), zeros, fc.constantFrom('', 'e', 'E-', 'e+'), fc.integer({ min: 0, max: 340 }))
      .map(([s, z0, a, z1, d, z2, b, z3, e, x]) => `${s}${z0}${a}${z1}${d}${z2}${b}${z3}${e}${e ? x : ''}`);
    // near the fast path's limits: 2^53 mantissas, powers of ten at ±22, full-precision doubles
    const edge = fc.oneof(
      fc.integer({ min: -3, max: 3 }).map((d) => String(2 ** 53 + d)),
      fc.tuple(fc.integer({ min: 1, max: 2 ** 53 }), fc.integer({ min: -25, max: 25 })).map(([m, p]) => `${m}e${p}`),
      fc.double({ noNaN: true }).map((v) => v.toPrecision(17)),
      fc.double({ noNaN: true, min: -1e6, max: 1e6 }).map(String),
    );
    fc.assert(
      fc.property(fc.oneof(long, edge), (tok) => {
        const got = parseDecimal(tok);
        expect(got === null ? 'error' : got, tok).not.toBe('error');
        expect(Object.is(got, Number(tok)), `${tok}: ${String(got)} vs ${Number(tok)}`).toBe(true);
        // in place, inside a row of a longer text
        const r = new RowCollector('p.dat');
        r.addLine(`1\t${tok},${tok} 2`, 1, false);
        const cols = r.columns();
        expect(Object.is(cols[1][0], Number(tok)) && Object.is(cols[2][0], Number(tok)), tok).toBe(true);
      }),
      { numRuns: 20000 },
    );
  });
});
