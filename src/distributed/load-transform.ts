/**
 * Imports a transform by its location, as the local pool does, but only from allowed module prefixes:
 * anyone who can write to the queue could otherwise make a worker import arbitrary code.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, resolve } from 'node:path';
import type { AnyTransform, TransformLocation } from '../graph/types.ts';

/** The beamflow checkout this worker runs from (…/src/distributed → root). */
export const projectRoot = pathToFileURL(resolve(dirname(fileURLToPath(import.meta.url)), '../..') + '/').href;

export interface LoaderOptions {
  /** Module URL prefixes a job may name; the project root is always allowed. */
  readonly allow?: readonly string[];
  /** Rewrites module URL prefixes (from → to), for workers whose checkout lives at another path. */
  readonly map?: readonly (readonly [string, string])[];
}

export class TransformLoader {
  private readonly cache = new Map<string, Promise<AnyTransform>>();
  private readonly allow: readonly string[];
  private readonly map: readonly (readonly [string, string])[];

  constructor(opts: LoaderOptions = {}) {
    this.allow = [projectRoot, ...(opts.allow ?? [])];
    this.map = opts.map ?? [];
  }

  resolveModule(module: string): string {
    for (const [from, to] of this.map) if (module.startsWith(from)) return to + module.slice(from.length);
    return module;
  }

  load(loc: TransformLocation): Promise<AnyTransform> {
    const module = this.resolveModule(loc.module);
    const key = `${module}#${loc.exportName}`;
    let p = this.cache.get(key);
    if (!p) {
      p = this.importChecked(module, loc.exportName);
      this.cache.set(key, p);
      // A failed import is not cached: the file may appear (a checkout being updated).
      p.catch(() => this.cache.delete(key));
    }
    return p;
  }

  private async importChecked(module: string, exportName: string): Promise<AnyTransform> {
    if (!this.allow.some((prefix) => module.startsWith(prefix))) {
      throw new Error(`module ${module} is outside the allowed prefixes (${this.allow.join(', ')}); start the worker with --allow PREFIX`);
    }
    let m: Record<string, unknown>;
    try {
      m = (await import(module)) as Record<string, unknown>;
    } catch (e) {
      throw new Error(`cannot import ${module}: ${e instanceof Error ? e.message : String(e)}`);
    }
    const t = m[exportName] as AnyTransform | undefined;
    if (!t || typeof t.run !== 'function') throw new Error(`${module} does not export a transform '${exportName}'`);
    return t;
  }
}
