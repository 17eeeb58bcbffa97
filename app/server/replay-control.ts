/**
 * Replay from the GUI: lists the session logs and recorded bluesky runs in the server's data roots (and
 * files uploaded by a page), and replays one into the server's engine with `replayFile`, the function
 * `beamflow replay` calls, at speed N or instantly, with pause, resume, stop and progress. One replay at a
 * time per server; every page sees its state.
 */
import { mkdtempSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join, relative, sep } from 'node:path';
import { BehaviorSubject } from 'rxjs';
import type { Engine } from '../../src/graph/engine.ts';
import { messageOf } from '../../src/graph/errors.ts';
import type { ColumnMapping, ColumnSource } from '../../src/formats/bluesky-mapping.ts';
import { emptyDocument } from '../../src/history/document.ts';
import { PausableScheduler } from '../../src/session/pausable-scheduler.ts';
import { SlicedVirtualScheduler } from '../../src/session/sliced-scheduler.ts';
import { replayFile } from '../../src/session/replay-file.ts';
import type { ReplayFileInfo, ReplayRequest, ReplayState } from '../shared/protocol.ts';

/** File names offered for replay (session logs in either encoding, bluesky JSON lines / msgpack). */
const EXTENSIONS = new Set(['.jsonl', '.json', '.msgpack', '.mpk', '.bflog', '.log']);
const MAX_FILES = 1000;
const MAX_DEPTH = 4;
/** Problems kept in the state for the page (all are counted in the summary). */
const MAX_PROBLEMS = 20;

export const IDLE: ReplayState = { status: 'idle', file: null, done: 0, total: 0, speed: null, summary: null, error: null, problems: [] };

/** `COL=KEY` or `COL=KEY*SCALE`, separated by commas or new lines (as `beamflow replay --map`). */
export function parseMapping(text: string): ColumnMapping | undefined {
  const out: Record<string, ColumnSource> = {};
  for (const part of text.split(/[,\n]/).map((p) => p.trim()).filter(Boolean)) {
    const m = /^([^=]+)=(.+?)(?:\*([-+0-9.eE]+))?$/.exec(part);
    if (!m) throw new Error(`column mapping: expected COL=KEY or COL=KEY*SCALE, got '${part}'`);
    const scale = m[3] === undefined ? undefined : Number(m[3]);
    if (scale !== undefined && !Number.isFinite(scale)) throw new Error(`column mapping: bad scale in '${part}'`);
    out[m[1].trim()] = scale === undefined ? m[2].trim() : { key: m[2].trim(), scale };
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

export class ReplayControl {
  readonly state$ = new BehaviorSubject<ReplayState>(IDLE);
  readonly files$ = new BehaviorSubject<readonly ReplayFileInfo[]>([]);
  private readonly uploadDir = mkdtempSync(join(tmpdir(), 'beamflow-uploads-'));
  private readonly uploads = new Map<string, string>();
  private running: { abort: AbortController; scheduler: PausableScheduler | null } | null = null;

  constructor(
    private readonly engine: Engine,
    private readonly roots: readonly string[],
    /** The engine's pipeline as the summary names it (bluesky runs; a session log names its own). */
    private readonly pipelineName?: string,
  ) {
    this.refresh();
  }

  /** Re-reads the roots (and the uploads); the list goes to every page. */
  refresh(): readonly ReplayFileInfo[] {
    const files: ReplayFileInfo[] = [];
    this.roots.forEach((root, r) => {
      let rootReal: string;
      try {
        rootReal = realpathSync(root);
      } catch {
        return;
      }
      const walk = (dir: string, depth: number): void => {
        let names: string[];
        try {
          names = readdirSync(dir).sort();
        } catch {
          return;
        }
        for (const name of names) {
          if (files.length >= MAX_FILES || name.startsWith('.')) continue;
          const p = join(dir, name);
          let st;
          try {
            st = statSync(p);
          } catch {
            continue;
          }
          if (st.isDirectory()) {
            if (depth < MAX_DEPTH) walk(p, depth + 1);
          } else if (st.isFile() && EXTENSIONS.has(extname(name).toLowerCase())) {
            const rel = relative(rootReal, p).split(sep).join('/');
            files.push({ id: `${r}:${rel}`, label: this.roots.length > 1 ? `[${r}] ${rel}` : rel, size: st.size });
          }
        }
      };
      walk(rootReal, 0);
    });
    for (const [id, path] of this.uploads) files.push({ id, label: `uploaded: ${basename(path)}`, size: statSync(path).size });
    this.files$.next(files);
    return files;
  }

  /** Keeps an uploaded file (in a private temporary folder) and offers it for replay. */
  upload(name: string, bytes: Uint8Array): ReplayFileInfo {
    const safe = basename(name).replace(/[^\w.-]+/g, '_').slice(0, 100) || 'upload';
    const id = `upload:${this.uploads.size + 1}:${safe}`;
    const path = join(this.uploadDir, `${this.uploads.size + 1}-${safe}`);
    writeFileSync(path, bytes);
    this.uploads.set(id, path);
    const files = this.refresh();
    return files.find((f) => f.id === id)!;
  }

  /** The path of a listed file: only ids the listing offers are accepted (nothing outside the roots). */
  private pathOf(id: string): string {
    const up = this.uploads.get(id);
    if (up) return up;
    const listed = this.refresh().some((f) => f.id === id);
    const m = /^(\d+):(.+)$/.exec(id);
    if (!listed || !m) throw new Error(`replay: no such file '${id}' in the server's data folders`);
    const root = realpathSync(this.roots[Number(m[1])]);
    const p = realpathSync(join(root, ...m[2].split('/')));
    if (!(p === root || p.startsWith(root + sep))) throw new Error(`replay: '${id}' lies outside the data folder`);
    return p;
  }

  start(req: ReplayRequest): void {
    if (this.running) throw new Error('a replay is already running: stop it first');
    const path = this.pathOf(req.file);
    const label = this.files$.getValue().find((f) => f.id === req.file)?.label ?? req.file;
    const speed = req.speed;
    if (speed !== null && !(speed > 0 && Number.isFinite(speed))) throw new Error(`replay: speed must be a positive number, got ${speed}`);
    const mapping = parseMapping(req.map ?? '');
    const abort = new AbortController();
    const scheduler = speed === null ? null : new PausableScheduler();
    this.running = { abort, scheduler };
    if (req.clear !== false && this.engine.document.items.size > 0) this.engine.load(emptyDocument, new Map(), 'replay: new document');
    const problems: string[] = [];
    let progress = { done: 0, total: 0 };
    let lastSent = 0;
    const publish = (status: ReplayState['status'], extra: Partial<ReplayState> = {}): void =>
      this.state$.next({ ...IDLE, status, file: label, speed, ...progress, problems: [...problems], ...extra });
    publish('playing');
    replayFile(path, {
      engine: this.engine,
      ...(this.pipelineName ? { pipelineName: this.pipelineName } : {}),
      pace: speed === null ? { kind: 'instant' } : { kind: 'speed', speed },
      // Instant: virtual time run in slices, so the server keeps serving pages (and a stop) during a long log.
      scheduler: scheduler ?? new SlicedVirtualScheduler(),
      signal: abort.signal,
      ...(req.entry ? { entry: req.entry } : {}),
      ...(mapping ? { mapping } : {}),
      onProblem: (at, p) => {
        if (problems.length < MAX_PROBLEMS) problems.push(`${at.replace(path, label)}: ${p}`);
      },
      onProgress: (done, total) => {
        progress = { done, total };
        // At most ~20 progress updates a second reach the pages (they are batched per tick anyway).
        const now = performance.now();
        if (now - lastSent > 50 || done === total) {
          lastSent = now;
          publish(scheduler?.paused ? 'paused' : 'playing');
        }
      },
    }).then(
      ({ summary }) => {
        this.running = null;
        publish(abort.signal.aborted ? 'stopped' : 'done', { summary });
      },
      (e: unknown) => {
        this.running = null;
        publish('failed', { error: messageOf(e) });
      },
    );
  }

  pause(): void {
    const r = this.running;
    if (!r?.scheduler) throw new Error(r ? 'an instant replay cannot be paused' : 'no replay is running');
    r.scheduler.pause();
    this.state$.next({ ...this.state$.getValue(), status: 'paused' });
  }

  resume(): void {
    const r = this.running;
    if (!r?.scheduler) throw new Error('no replay is running');
    r.scheduler.resume();
    this.state$.next({ ...this.state$.getValue(), status: 'playing' });
  }

  stop(): void {
    const r = this.running;
    if (!r) return;
    r.scheduler?.resume();
    r.abort.abort();
  }

  close(): void {
    this.stop();
    rmSync(this.uploadDir, { recursive: true, force: true });
  }
}
