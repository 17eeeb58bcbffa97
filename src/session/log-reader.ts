/**
 * Reads a session log back. An incomplete last record (the process was killed while writing it) is
 * dropped and reported; a corrupt record in the middle is reported and skipped; a file that is not a
 * session log is a BadFile error naming it.
 */
import { Decoder } from '@msgpack/msgpack';
import { readFileSync } from 'node:fs';
import { BeamflowError } from '../graph/errors.ts';
import { fromJsonValue, sessionExtensions } from './codec.ts';
import { isHeader, SESSION_VERSION, type SessionHeader, type SessionRecord } from './log-format.ts';

export interface SessionLog<E = unknown> {
  readonly file: string;
  readonly header: SessionHeader;
  readonly records: readonly SessionRecord<E>[];
  /** What was dropped or skipped, with where. */
  readonly problems: readonly string[];
}

function isRecord(v: unknown): v is SessionRecord {
  return typeof v === 'object' && v !== null && typeof (v as SessionRecord).t === 'number' && 'event' in v;
}

export function readSessionBytes<E = unknown>(bytes: Uint8Array, file: string): SessionLog<E> {
  const values: unknown[] = [];
  const problems: string[] = [];
  if (bytes[0] === 0x7b /* { */) {
    const text = new TextDecoder().decode(bytes);
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        values.push(fromJsonValue(JSON.parse(line)));
      } catch {
        const last = i === lines.length - 1;
        problems.push(last ? `line ${i + 1}: incomplete last record (${line.length} bytes) dropped` : `line ${i + 1}: corrupt record skipped`);
      }
    });
  } else {
    const decoder = new Decoder({ extensionCodec: sessionExtensions });
    try {
      for (const v of decoder.decodeMulti(bytes)) values.push(v);
    } catch (e) {
      problems.push(`record ${values.length}: incomplete last record dropped (${(e as Error).message})`);
    }
  }
  const header = values.shift();
  if (!isHeader(header)) throw new BeamflowError({ kind: 'BadFile', file, problem: 'not a beamflow session log (no header record)' });
  if (header.version > SESSION_VERSION) throw new BeamflowError({ kind: 'BadFile', file, problem: `session log version ${header.version} is newer than this beamflow reads (${SESSION_VERSION})` });
  const records: SessionRecord<E>[] = [];
  values.forEach((v, i) => {
    if (isRecord(v)) records.push(v as SessionRecord<E>);
    else problems.push(`record ${i + 1}: not a {t, event} record; skipped`);
  });
  return { file, header, records, problems };
}

export function readSession<E = unknown>(file: string): SessionLog<E> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new BeamflowError({ kind: 'BadFile', file, problem: `cannot read (${(e as Error).message})` });
  }
  if (bytes.length === 0) throw new BeamflowError({ kind: 'BadFile', file, problem: 'empty file' });
  return readSessionBytes<E>(bytes, file);
}
