import { ExprError, type Expr } from './ast.ts';
import { tokenize, type Token } from './lexer.ts';

/**
 * Recursive-descent parser. Grammar:
 *   expr := term (('+'|'-') term)* ; term := unary (('*'|'/') unary)* ; unary := '-' unary | power
 *   power := atom ('^' unary)? ; atom := number | name | range | name '(' expr (',' expr)* ')' | '(' expr ')'
 */
export function parseExpr(src: string): Expr {
  if (src.trim() === '') throw new ExprError('empty expression', -1);
  const toks = tokenize(src);
  let p = 0;
  const peek = (): Token => toks[p];
  const isOp = (t: Token, ...ops: string[]): boolean => t.kind === 'op' && ops.includes(t.text);
  const expect = (op: string): void => {
    const t = peek();
    if (!isOp(t, op)) throw new ExprError(`expected '${op}'`, t.at);
    p++;
  };

  const expr = (): Expr => {
    let left = term();
    while (isOp(peek(), '+', '-')) {
      const op = (toks[p++] as { text: '+' | '-' }).text;
      left = { kind: 'binary', op, left, right: term() };
    }
    return left;
  };
  const term = (): Expr => {
    let left = unary();
    while (isOp(peek(), '*', '/')) {
      const op = (toks[p++] as { text: '*' | '/' }).text;
      left = { kind: 'binary', op, left, right: unary() };
    }
    return left;
  };
  const unary = (): Expr => {
    if (isOp(peek(), '-')) {
      p++;
      return { kind: 'unary', op: '-', arg: unary() };
    }
    if (isOp(peek(), '+')) {
      p++;
      return unary();
    }
    return power();
  };
  const power = (): Expr => {
    const base = atom();
    if (isOp(peek(), '^')) {
      p++;
      return { kind: 'binary', op: '^', left: base, right: unary() };
    }
    return base;
  };
  const atom = (): Expr => {
    const t = toks[p++];
    switch (t.kind) {
      case 'num':
        return { kind: 'number', value: t.value };
      case 'range':
        return { kind: 'range', prefix: t.prefix, from: t.from, to: t.to };
      case 'name': {
        if (!isOp(peek(), '(')) return { kind: 'column', name: t.text };
        p++;
        const args: Expr[] = [];
        if (!isOp(peek(), ')')) {
          args.push(expr());
          while (isOp(peek(), ',')) {
            p++;
            args.push(expr());
          }
        }
        expect(')');
        return { kind: 'call', fn: t.text.toLowerCase(), args };
      }
      case 'op':
        if (t.text === '(') {
          const e = expr();
          expect(')');
          return e;
        }
        throw new ExprError(`unexpected '${t.text}'`, t.at);
      case 'end':
        throw new ExprError('unexpected end of expression', t.at);
    }
  };
  const e = expr();
  const t = peek();
  if (t.kind !== 'end') throw new ExprError('unexpected text after the expression', t.at);
  return e;
}
