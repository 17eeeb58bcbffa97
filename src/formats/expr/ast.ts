/** The syntax tree of a column expression such as `sum(fe_ka_mca1..7 * dtfactor_mca1..7) / i0`. */
export type Expr =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'column'; readonly name: string }
  /** `prefix{from..to}`: the columns prefix1 … prefix7, a list value. */
  | { readonly kind: 'range'; readonly prefix: string; readonly from: number; readonly to: number }
  | { readonly kind: 'unary'; readonly op: '-'; readonly arg: Expr }
  | { readonly kind: 'binary'; readonly op: '+' | '-' | '*' | '/' | '^'; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'call'; readonly fn: string; readonly args: readonly Expr[] };

export class ExprError extends Error {
  constructor(
    readonly problem: string,
    readonly at: number,
  ) {
    super(at >= 0 ? `${problem} (at character ${at + 1})` : problem);
    this.name = 'ExprError';
  }
}
