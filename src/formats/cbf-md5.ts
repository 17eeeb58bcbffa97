import { createHash } from 'node:crypto';

/** Content-MD5 as CBF writes it: base64 of the 16-byte MD5 of exactly the payload bytes. */
export function cbfMd5(payload: Uint8Array): string {
  return createHash('md5').update(payload).digest('base64');
}
