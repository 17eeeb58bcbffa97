import { mkdtemp, mkdir, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { authorized, COOKIE, isLoopback } from '../../app/server/auth.ts';
import { resolveInside } from '../../app/server/static-files.ts';

const url = (s: string) => new URL(s, 'http://localhost');

describe('token auth', () => {
  it('lets everything through when no token is required', () => {
    expect(authorized(null, url('/'), {})).toBe(true);
  });
  it('accepts the token as query, bearer header or cookie, and nothing else', () => {
    const t = 'secret-token-123';
    expect(authorized(t, url(`/?token=${t}`), {})).toBe(true);
    expect(authorized(t, url('/'), { authorization: `Bearer ${t}` })).toBe(true);
    expect(authorized(t, url('/'), { cookie: `a=b; ${COOKIE}=${t}` })).toBe(true);
    expect(authorized(t, url('/'), {})).toBe(false);
    expect(authorized(t, url('/?token=secret-token-12'), {})).toBe(false);
    expect(authorized(t, url('/?token=secret-token-1234'), {})).toBe(false);
    expect(authorized(t, url('/'), { authorization: `Basic ${t}` })).toBe(false);
    expect(authorized(t, url('/'), { cookie: `other=${t}` })).toBe(false);
  });
  it('knows loopback hosts', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('0.0.0.0')).toBe(false);
  });
});

describe('files only from inside a root (path traversal)', () => {
  let root: string;
  let outside: string;
  beforeAll(async () => {
    const base = await mkdtemp(join(tmpdir(), 'beamflow-files-'));
    root = join(base, 'root');
    outside = join(base, 'secret.txt');
    await mkdir(join(root, 'sub'), { recursive: true });
    await writeFile(join(root, 'sub', 'scan.dat'), '1 2 3\n');
    await writeFile(outside, 'do not serve\n');
    await symlink(outside, join(root, 'link-out.txt'));
    await symlink(join(root, 'sub'), join(root, 'link-in'));
  });

  it('serves a file inside', async () => {
    const r = await resolveInside(root, '/sub/scan.dat');
    expect(r.ok).toBe(true);
  });
  it.each([
    ['/../secret.txt'],
    ['/sub/../../secret.txt'],
    ['/%2e%2e/secret.txt'],
    ['/sub/%2e%2e%2f%2e%2e%2fsecret.txt'],
    ['/..%2fsecret.txt'],
  ])('refuses %s', async (p) => {
    const r = await resolveInside(root, p);
    expect(r.ok).toBe(false);
    if (!r.ok) expect([403, 404]).toContain(r.status);
  });
  it('refuses backslashes, NUL and bad encodings', async () => {
    for (const p of ['/..\\secret.txt', '/sub/scan.dat%00.png', '/%E0%A4%A']) {
      const r = await resolveInside(root, p);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.status).toBe(400);
    }
  });
  it('refuses a symbolic link that leads outside, follows one that stays inside', async () => {
    const out = await resolveInside(root, '/link-out.txt');
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.status).toBe(403);
    expect((await resolveInside(root, '/link-in/scan.dat')).ok).toBe(true);
  });
  it('refuses directories and missing files', async () => {
    expect(await resolveInside(root, '/sub')).toMatchObject({ ok: false, status: 404 });
    expect(await resolveInside(root, '/nope.txt')).toMatchObject({ ok: false, status: 404 });
  });
});
