/**
 * A parser for the Perl Data::Dumper literals found in Athena project files: quoted strings, numbers,
 * undef, [arrays], {hashes} and (lists) with `,` or `=>` separators. Never evaluated, only parsed.
 */
export type PerlValue = string | number | null | readonly PerlValue[] | { readonly [k: string]: PerlValue };

export class PerlSyntaxError extends Error {}

export function parsePerlList(src: string): PerlValue[] {
  const p = new Parser(src);
  p.skip();
  const v = p.sequence('(', ')');
  p.skip();
  if (p.pos < src.length && src[p.pos] !== ';') throw new PerlSyntaxError(`unexpected '${src[p.pos]}' at ${p.pos}`);
  return v;
}

class Parser {
  pos = 0;
  constructor(private readonly s: string) {}

  skip(): void {
    while (this.pos < this.s.length && /\s/.test(this.s[this.pos])) this.pos++;
  }

  sequence(open: string, close: string): PerlValue[] {
    if (this.s[this.pos] !== open) throw new PerlSyntaxError(`expected '${open}' at ${this.pos}`);
    this.pos++;
    const out: PerlValue[] = [];
    for (;;) {
      this.skip();
      if (this.pos >= this.s.length) throw new PerlSyntaxError(`unterminated '${open}'`);
      if (this.s[this.pos] === close) {
        this.pos++;
        return out;
      }
      out.push(this.value());
      this.skip();
      if (this.s.startsWith('=>', this.pos)) this.pos += 2;
      else if (this.s[this.pos] === ',') this.pos++;
      else if (this.s[this.pos] !== close) throw new PerlSyntaxError(`expected ',' or '${close}' at ${this.pos}`);
    }
  }

  value(): PerlValue {
    const c = this.s[this.pos];
    if (c === "'" || c === '"') return this.quoted(c);
    if (c === '[') return this.sequence('[', ']');
    if (c === '{') {
      const items = this.sequence('{', '}');
      const h: Record<string, PerlValue> = {};
      for (let i = 0; i + 1 < items.length; i += 2) h[String(items[i])] = items[i + 1];
      return h;
    }
    const m = /^(?:undef|[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[A-Za-z_]\w*)/.exec(this.s.slice(this.pos, this.pos + 64));
    if (!m) throw new PerlSyntaxError(`unexpected '${c}' at ${this.pos}`);
    this.pos += m[0].length;
    if (m[0] === 'undef') return null;
    const n = Number(m[0]);
    return Number.isNaN(n) ? m[0] : n;
  }

  quoted(q: string): string {
    let out = '';
    this.pos++;
    while (this.pos < this.s.length) {
      const c = this.s[this.pos++];
      if (c === '\\' && this.pos < this.s.length) out += this.s[this.pos++];
      else if (c === q) return out;
      else out += c;
    }
    throw new PerlSyntaxError('unterminated string');
  }
}
