/** `beamflow cbf-info FILE`: one JSON object describing the decoded image. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readCbf } from '../../formats/cbf.ts';
import { messageOf } from '../../graph/errors.ts';

export const summary = 'decode a CBF file and print {file, rows, cols, min, max, sum, sha256} as JSON';

const HELP = `usage: beamflow cbf-info FILE [--no-md5]

Decodes a byte-offset CBF and prints one JSON object: file, rows, cols, min, max, sum and sha256 (of the
decoded int32 little-endian row-major pixels). A wrong Content-MD5 is an error unless --no-md5.`;

export interface CbfInfo {
  readonly file: string;
  readonly rows: number;
  readonly cols: number;
  readonly min: number;
  readonly max: number;
  readonly sum: number;
  readonly sha256: string;
}

export function cbfInfo(file: string, bytes: Uint8Array, verifyMd5 = true): CbfInfo {
  const f = readCbf(bytes, { file, verifyMd5 });
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  const d = f.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  // Int32Array memory is little-endian on every platform Node runs on.
  const sha256 = createHash('sha256').update(new Uint8Array(d.buffer, d.byteOffset, d.byteLength)).digest('hex');
  return { file, rows: f.rows, cols: f.cols, min, max, sum, sha256 };
}

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(HELP);
    return 0;
  }
  const files = argv.filter((a) => !a.startsWith('--'));
  const unknown = argv.filter((a) => a.startsWith('--') && a !== '--no-md5');
  if (files.length !== 1 || unknown.length > 0) {
    console.error(unknown.length ? `cbf-info: unknown option ${unknown[0]}` : 'cbf-info: give exactly one FILE');
    console.error(HELP);
    return 2;
  }
  const file = files[0];
  try {
    const info = cbfInfo(file, new Uint8Array(readFileSync(file)), !argv.includes('--no-md5'));
    console.log(JSON.stringify(info));
    return 0;
  } catch (e) {
    const msg = messageOf(e);
    console.error(`cbf-info: ${msg.includes(file) ? msg : `${file}: ${msg}`}`);
    return 1;
  }
}
