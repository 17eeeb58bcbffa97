/**
 * A zarrita store on a local directory: one file per key, read on demand (nothing is cached here, so
 * memory stays bounded by what the caller holds). Keys are checked to stay inside the root.
 */
import { mkdir, readFile, rm, writeFile, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { AbsolutePath, AsyncMutable } from 'zarrita';

export class DirectoryStore implements AsyncMutable {
  readonly root: string;
  constructor(root: string) {
    this.root = resolve(root);
  }

  private path(key: AbsolutePath): string {
    const p = resolve(join(this.root, key));
    if (p !== this.root && !p.startsWith(this.root + sep)) throw new Error(`zarr key '${key}' leaves the store root`);
    return p;
  }

  async get(key: AbsolutePath): Promise<Uint8Array | undefined> {
    try {
      const b = await readFile(this.path(key));
      return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  async has(key: AbsolutePath): Promise<boolean> {
    return stat(this.path(key)).then(() => true, () => false);
  }

  async set(key: AbsolutePath, value: Uint8Array): Promise<void> {
    const p = this.path(key);
    await mkdir(dirname(p), { recursive: true });
    await writeFile(p, value);
  }

  async delete(key: AbsolutePath): Promise<boolean> {
    await rm(this.path(key), { force: true });
    return true;
  }
}
