/**
 * Serving files from a fixed set of roots, and nothing outside them. A request path is decoded once, must
 * not contain NUL or backslashes, is resolved against the root, and is accepted only if the resolved real
 * path (symbolic links followed) still lies inside the root's real path.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';

export type Resolved = { readonly ok: true; readonly path: string } | { readonly ok: false; readonly status: 400 | 403 | 404; readonly reason: string };

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.dat': 'text/plain; charset=utf-8',
  '.xdi': 'text/plain; charset=utf-8',
};

export function contentType(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** Maps a URL path (below the root's mount point, still percent-encoded) to a file inside `root`. */
export async function resolveInside(root: string, urlPath: string): Promise<Resolved> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { ok: false, status: 400, reason: 'bad percent-encoding' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { ok: false, status: 400, reason: 'bad character in path' };
  const rootReal = await realpath(root).catch(() => null);
  if (rootReal === null) return { ok: false, status: 404, reason: 'root missing' };
  const candidate = resolve(rootReal, '.' + (decoded.startsWith('/') ? decoded : `/${decoded}`));
  if (!isInside(rootReal, candidate)) return { ok: false, status: 403, reason: 'outside the served folder' };
  const real = await realpath(candidate).catch(() => null);
  if (real === null) return { ok: false, status: 404, reason: 'not found' };
  if (!isInside(rootReal, real)) return { ok: false, status: 403, reason: 'link leads outside the served folder' };
  const st = await stat(real).catch(() => null);
  if (!st?.isFile()) return { ok: false, status: 404, reason: 'not a file' };
  return { ok: true, path: real };
}

export function isInside(root: string, p: string): boolean {
  return p === root || p.startsWith(root.endsWith(sep) ? root : root + sep);
}

export async function sendFile(res: ServerResponse, root: string, urlPath: string): Promise<void> {
  const r = await resolveInside(root, urlPath);
  if (!r.ok) {
    res.writeHead(r.status, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`${r.status}: ${r.reason}\n`);
    return;
  }
  res.writeHead(200, { 'content-type': contentType(r.path), 'cache-control': 'no-cache' });
  createReadStream(r.path).pipe(res);
}
