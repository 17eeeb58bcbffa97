/**
 * A minimal WebAssembly assembler: LEB128, sections, one-function modules with an exported memory or with
 * an imported one (env.memory), shared between threads or not.
 */

export const uleb = (v: number): number[] => {
  const out: number[] = [];
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
};

export const sleb = (v: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
};

export const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
export const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];

export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;

export const op = {
  get: (i: number) => [0x20, ...uleb(i)],
  set: (i: number) => [0x21, ...uleb(i)],
  tee: (i: number) => [0x22, ...uleb(i)],
  i32: (v: number) => [0x41, ...sleb(v)],
  f64: (v: number) => [0x44, ...new Uint8Array(Float64Array.of(v).buffer)],
  simd: (code: number, ...imm: number[]) => [0xfd, ...uleb(code), ...imm],
} as const;

/**
 * One exported function `fn(params: i32...) → result` with the given locals (as [count, type] runs) and body
 * (without the final `end`), plus an exported memory of `pages` initial pages.
 */
export function oneFunctionModule(fn: string, params: number, result: number | null, locals: readonly [number, number][], code: readonly number[], pages = 1): Uint8Array {
  const type = [1, 0x60, params, ...new Array<number>(params).fill(I32), ...(result === null ? [0] : [1, result])];
  const body = [...uleb(locals.length), ...locals.flatMap(([n, t]) => [...uleb(n), t]), ...code, 0x0b];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, type),
    ...section(3, [1, 0]),
    ...section(5, [1, 0x00, ...uleb(pages)]),
    ...section(7, [2, ...name(fn), 0x00, 0, ...name('memory'), 0x02, 0]),
    ...section(10, [1, ...uleb(body.length), ...body]),
  ]);
}

/** Pages a shared memory may grow to (the whole 32-bit address space); shared memories need a maximum. */
export const MAX_PAGES = 65536;

/**
 * One exported function whose memory is imported as `env.memory`: a thread's own memory (`shared` false) or
 * a shared one (`shared` true, declared with maximum MAX_PAGES), so that several modules, and several
 * threads, can work on the same bytes.
 */
export function importingModule(fn: string, params: number, result: number | null, locals: readonly [number, number][], code: readonly number[], shared: boolean): Uint8Array {
  const type = [1, 0x60, params, ...new Array<number>(params).fill(I32), ...(result === null ? [0] : [1, result])];
  const body = [...uleb(locals.length), ...locals.flatMap(([n, t]) => [...uleb(n), t]), ...code, 0x0b];
  const limits = shared ? [0x03, 1, ...uleb(MAX_PAGES)] : [0x00, 1];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, type),
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, ...limits]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...name(fn), 0x00, 0]),
    ...section(10, [1, ...uleb(body.length), ...body]),
  ]);
}
