/**
 * PCA of a few rows (spectra) of many points through the small Gram matrix: eigenvectors of C = Xc·Xcᵀ
 * (Jacobi rotations, exact for symmetric matrices) give the components Xcᵀv/√λ. Signs are fixed so the
 * largest-magnitude element of each component is positive (deterministic across runs and backends).
 */
export interface PcaResult {
  readonly mean: Float64Array;
  readonly components: Float64Array[];
  /** scores[i][k]: projection of centred row i on component k */
  readonly scores: number[][];
  readonly eigenvalues: number[];
}

export function pca(rows: readonly Float64Array[]): PcaResult {
  const m = rows.length;
  const n = rows[0].length;
  const mean = new Float64Array(n);
  for (const r of rows) for (let j = 0; j < n; j++) mean[j] += r[j] / m;
  const xc = rows.map((r) => r.map((v, j) => v - mean[j]));
  const c = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  for (let a = 0; a < m; a++) for (let b = a; b < m; b++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += xc[a][j] * xc[b][j];
    c[a][b] = c[b][a] = s;
  }
  const { values, vectors } = jacobiEigen(c);
  const order = values.map((v, i) => [v, i] as const).sort((p, q) => q[0] - p[0]);
  const scale = Math.max(1e-300, Math.abs(order[0]?.[0] ?? 0));
  const components: Float64Array[] = [];
  const eigenvalues: number[] = [];
  for (const [lambda, idx] of order) {
    if (!(lambda > scale * 1e-12)) continue;
    const comp = new Float64Array(n);
    for (let a = 0; a < m; a++) {
      const w = vectors[a][idx];
      for (let j = 0; j < n; j++) comp[j] += w * xc[a][j];
    }
    const norm = Math.sqrt(lambda);
    let big = 0;
    for (let j = 0; j < n; j++) {
      comp[j] /= norm;
      if (Math.abs(comp[j]) > Math.abs(big)) big = comp[j];
    }
    if (big < 0) for (let j = 0; j < n; j++) comp[j] = -comp[j];
    components.push(comp);
    eigenvalues.push(lambda);
  }
  const scores = xc.map((r) => components.map((comp) => r.reduce((s, v, j) => s + v * comp[j], 0)));
  return { mean, components, scores, eigenvalues };
}

function jacobiEigen(a0: number[][]): { values: number[]; vectors: number[][] } {
  const m = a0.length;
  const a = a0.map((r) => [...r]);
  const v: number[][] = Array.from({ length: m }, (_, i) => Array.from({ length: m }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < m; p++) for (let q = p + 1; q < m; q++) off += a[p][q] * a[p][q];
    if (off < 1e-30 * (1 + a.reduce((s, r, i) => s + r[i] * r[i], 0))) break;
    for (let p = 0; p < m; p++) for (let q = p + 1; q < m; q++) {
      if (a[p][q] === 0) continue;
      const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const cs = 1 / Math.sqrt(t * t + 1);
      const sn = t * cs;
      for (let k = 0; k < m; k++) {
        const akp = a[k][p];
        const akq = a[k][q];
        a[k][p] = cs * akp - sn * akq;
        a[k][q] = sn * akp + cs * akq;
      }
      for (let k = 0; k < m; k++) {
        const apk = a[p][k];
        const aqk = a[q][k];
        a[p][k] = cs * apk - sn * aqk;
        a[q][k] = sn * apk + cs * aqk;
      }
      for (let k = 0; k < m; k++) {
        const vkp = v[k][p];
        const vkq = v[k][q];
        v[k][p] = cs * vkp - sn * vkq;
        v[k][q] = sn * vkp + cs * vkq;
      }
    }
  }
  return { values: a.map((r, i) => r[i]), vectors: v };
}
