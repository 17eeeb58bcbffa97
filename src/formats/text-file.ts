import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { badFile, utf8 } from './column-table.ts';

/** Reads a text file, transparently gunzipping it (gzip magic 1f 8b, whatever the file's name). */
export function readTextFile(path: string): string {
  return utf8(readTextBytes(path));
}

/**
 * Reads a text file's bytes (UTF-8 or ASCII), gunzipped when gzip-compressed; fails on an absent, empty or
 * binary file. The column readers parse these bytes in place, without decoding the whole file to a string.
 */
export function readTextBytes(path: string): Uint8Array {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw badFile(path, code === 'ENOENT' ? 'no such file' : `cannot read (${code})`);
  }
  return checkText(bytes, path);
}

export function decodeText(bytes: Uint8Array, path: string): string {
  return utf8(checkText(bytes, path));
}

/** Gunzips (if gzip) and checks that the bytes are a non-empty text. */
export function checkText(bytes: Uint8Array, path: string): Uint8Array {
  let data = bytes;
  if (data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b) {
    try {
      // the trailer's ISIZE (uncompressed size mod 2^32) as the output chunk: one buffer, no concatenation
      const isize = data.length >= 18 ? Buffer.from(data.buffer, data.byteOffset, data.byteLength).readUInt32LE(data.length - 4) : 0;
      data = gunzipSync(data, { chunkSize: Math.min(Math.max(16 * 1024, isize + 1024), 64 * 1024 * 1024) });
    } catch (e) {
      throw badFile(path, `corrupt gzip data (${(e as Error).message})`);
    }
  }
  if (data.length === 0) throw badFile(path, 'empty file');
  if (data.subarray(0, Math.min(data.length, 4096)).includes(0)) throw badFile(path, 'binary data, not a text file');
  return data;
}
