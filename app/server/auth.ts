/**
 * Access control for remote viewing. Bound to 127.0.0.1 the server needs no token; bound beyond it, every
 * HTTP request and WebSocket must carry the token printed at start: as ?token=, as a Bearer header, or as
 * the cookie the server sets after the first tokened page load.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export const COOKIE = 'beamflow_token';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === '::1' || host === 'localhost';
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function tokenOf(url: URL, headers: IncomingHttpHeaders): string | null {
  const q = url.searchParams.get('token');
  if (q) return q;
  const auth = headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  const cookie = headers.cookie ?? '';
  for (const part of cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === COOKIE) return decodeURIComponent(v.join('='));
  }
  return null;
}

/** Whether a request may proceed: always without a required token, else only with the right one. */
export function authorized(required: string | null, url: URL, headers: IncomingHttpHeaders): boolean {
  if (required === null) return true;
  const t = tokenOf(url, headers);
  return t !== null && same(t, required);
}

export function tokenCookie(token: string): string {
  return `${COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
}
