import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { badFile } from './column-table.ts';

/** Reads a text file, transparently gunzipping it (gzip magic 1f 8b, whatever the file's name). */
export function readTextFile(path: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw badFile(path, code === 'ENOENT' ? 'no such file' : `cannot read (${code})`);
  }
  return decodeText(bytes, path);
}

export function decodeText(bytes: Uint8Array, path: string): string {
  let data = bytes;
  if (data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b) {
    try {
      data = gunzipSync(data);
    } catch (e) {
      throw badFile(path, `corrupt gzip data (${(e as Error).message})`);
    }
  }
  if (data.length === 0) throw badFile(path, 'empty file');
  const probe = data.subarray(0, Math.min(data.length, 4096));
  if (probe.includes(0)) throw badFile(path, 'binary data, not a text file');
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
}
