import { ExprError } from './ast.ts';

export type Token =
  | { readonly kind: 'num'; readonly value: number; readonly at: number }
  | { readonly kind: 'name'; readonly text: string; readonly at: number }
  | { readonly kind: 'range'; readonly prefix: string; readonly from: number; readonly to: number; readonly at: number }
  | { readonly kind: 'op'; readonly text: '+' | '-' | '*' | '/' | '^' | '(' | ')' | ','; readonly at: number }
  | { readonly kind: 'end'; readonly at: number };

const NAME = /[A-Za-z_][A-Za-z0-9_.]*/y;
const NUMBER = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;

/** Splits an expression into tokens; `name1..7` (a name ending in digits, `..`, digits) is one range token. */
export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '*' && src[i + 1] === '*') {
      out.push({ kind: 'op', text: '^', at: i });
      i += 2;
      continue;
    }
    if ('+-*/^(),'.includes(c)) {
      out.push({ kind: 'op', text: c as '+', at: i });
      i++;
      continue;
    }
    NUMBER.lastIndex = i;
    const num = /[\d.]/.test(c) ? NUMBER.exec(src) : null;
    if (num) {
      out.push({ kind: 'num', value: Number(num[0]), at: i });
      i += num[0].length;
      continue;
    }
    NAME.lastIndex = i;
    const name = NAME.exec(src);
    if (name) {
      const text = name[0];
      // NAME also swallows "..7", so "fe_ka_mca1..7" arrives whole and splits here
      const rng = /^(.*?)(\d+)\.\.(\d+)$/.exec(text);
      if (rng) {
        out.push(rangeToken(rng[1], rng[2], rng[3], i));
        i += text.length;
      } else {
        if (text.endsWith('.')) throw new ExprError(`bad name '${text}'`, i);
        out.push({ kind: 'name', text, at: i });
        i += text.length;
      }
      continue;
    }
    throw new ExprError(`unexpected character '${c}'`, i);
  }
  out.push({ kind: 'end', at: src.length });
  return out;
}

function rangeToken(prefix: string, from: string, to: string, at: number): Token {
  if (prefix === '') throw new ExprError('a range needs a column name before the numbers', at);
  const a = Number(from);
  const b = Number(to);
  if (b < a) throw new ExprError(`empty range ${prefix}${from}..${to}`, at);
  if (b - a > 255) throw new ExprError(`range ${prefix}${from}..${to} is too long`, at);
  return { kind: 'range', prefix, from: a, to: b, at };
}
