/** A synthetic bluesky energy scan (start, descriptor, N single events, stop) as msgpack bytes. */
import { encode } from '@msgpack/msgpack';

export function syntheticScan(n: number, uid = 'bench-run-0000'): Uint8Array {
  const parts: Uint8Array[] = [];
  parts.push(encode(['start', { uid, time: 0, plan_name: 'bench', hints: { dimensions: [[['energy'], 'primary']] } }]));
  parts.push(encode(['descriptor', {
    uid: 'desc', time: 0, run_start: uid, name: 'primary',
    data_keys: { energy: { source: 'sim', dtype: 'number', shape: [] }, i0: { source: 'sim', dtype: 'number', shape: [] }, it: { source: 'sim', dtype: 'number', shape: [] } },
    hints: { det: { fields: ['i0', 'it'] } },
  }]));
  for (let i = 1; i <= n; i++) {
    const e = 8800 + i * 0.05;
    const it = 1e5 * Math.exp(-(0.3 + 0.7 / (1 + Math.exp(-(e - 8979) / 2))));
    parts.push(encode(['event', { uid: `e${i}`, time: i * 1e-3, seq_num: i, descriptor: 'desc', data: { energy: e, i0: 1e5, it }, timestamps: { energy: i * 1e-3, i0: i * 1e-3, it: i * 1e-3 } }]));
  }
  parts.push(encode(['stop', { uid: 'stop', time: n * 1e-3, run_start: uid, exit_status: 'success' }]));
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let pos = 0;
  for (const p of parts) { out.set(p, pos); pos += p.length; }
  return out;
}

export function chunks(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let pos = 0; pos < bytes.length; pos += size) out.push(bytes.subarray(pos, pos + size));
  return out;
}
