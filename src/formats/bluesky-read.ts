/**
 * Decoding recorded bluesky runs into raw `[name, doc]` pairs: JSON lines (suitcase-jsonl, one
 * `["name", {doc}]` a line) and msgpack (suitcase-msgpack, concatenated `[name, doc]` arrays).
 * A bad line or a truncated tail becomes a problem naming the file and the place; what can be read is kept.
 */
import { Decoder } from '@msgpack/msgpack';
import { readFileSync } from 'node:fs';
import { BeamflowError } from '../graph/errors.ts';

/** One decoded pair, not yet validated. `at` says where it came from ("line 3", "document 7", "message 2"). */
export type RawDoc =
  | { readonly kind: 'doc'; readonly name: unknown; readonly doc: unknown; readonly at: string }
  | { readonly kind: 'problem'; readonly at: string; readonly problem: string };

export type BlueskyEncoding = 'jsonl' | 'msgpack';

/** Splits a decoded value that should be a `[name, doc]` pair. */
export function pairOf(value: unknown, at: string): RawDoc {
  if (!Array.isArray(value) || value.length !== 2) {
    return { kind: 'problem', at, problem: 'expected a [name, document] pair' };
  }
  return { kind: 'doc', name: value[0], doc: value[1], at };
}

export function parseJsonLine(line: string, at: string): RawDoc {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    return { kind: 'problem', at, problem: `not valid JSON (${(e as Error).message})` };
  }
  return pairOf(value, at);
}

export function decodeJsonLines(text: string): RawDoc[] {
  const out: RawDoc[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    out.push(parseJsonLine(line, `line ${i + 1}`));
  }
  return out;
}

export function decodeMsgpackDocs(bytes: Uint8Array): RawDoc[] {
  const out: RawDoc[] = [];
  const decoder = new Decoder();
  let n = 0;
  try {
    for (const value of decoder.decodeMulti(bytes)) {
      n++;
      out.push(pairOf(value, `document ${n}`));
    }
  } catch (e) {
    out.push({ kind: 'problem', at: `document ${n + 1}`, problem: `msgpack decoding stopped (${(e as Error).message}); the file is truncated or corrupt` });
  }
  return out;
}

/** JSON lines start with '[' (possibly after whitespace); a msgpack 2-array starts with byte 0x92. */
export function sniffEncoding(bytes: Uint8Array): BlueskyEncoding | null {
  for (const b of bytes.subarray(0, 64)) {
    if (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) continue;
    if (b === 0x5b) return 'jsonl';
    if (b === 0x92 || b === 0xdc) return 'msgpack';
    return null;
  }
  return null;
}

export interface BlueskyFile {
  readonly file: string;
  readonly encoding: BlueskyEncoding;
  readonly docs: readonly RawDoc[];
}

/** Reads a whole recorded run. Throws BadFile only when nothing in the file looks like a run. */
export function readBlueskyFile(file: string): BlueskyFile {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new BeamflowError({ kind: 'BadFile', file, problem: `cannot read (${(e as Error).message})` });
  }
  const encoding = sniffEncoding(bytes);
  if (encoding === null) {
    throw new BeamflowError({ kind: 'BadFile', file, problem: 'neither JSON lines of ["name", {doc}] nor msgpack [name, doc] pairs' });
  }
  const docs = encoding === 'jsonl' ? decodeJsonLines(new TextDecoder().decode(bytes)) : decodeMsgpackDocs(bytes);
  return { file, encoding, docs };
}
