/**
 * Replays a file into an engine: a beamflow session log (its recorded engine events) or a recorded bluesky
 * run (its documents, through the run assembler, as items growing point by point). The same function serves
 * the CLI (`beamflow replay`), scripts and the GUI. Returns the counts a summary prints.
 */
import { readFileSync } from 'node:fs';
import { asyncScheduler, VirtualTimeScheduler, type SchedulerLike } from 'rxjs';
import { createResolver, type HandlerOptions } from '../formats/bluesky-handlers.ts';
import type { ColumnMapping } from '../formats/bluesky-mapping.ts';
import { decodeJsonLines, decodeMsgpackDocs, sniffEncoding } from '../formats/bluesky-read.ts';
import { loadHdf5Reader } from '../formats/bluesky-hdf5.ts';
import { readCbf } from '../formats/cbf.ts';
import { createEngine, type Engine } from '../graph/engine.ts';
import { BeamflowError, messageOf } from '../graph/errors.ts';
import type { Pipeline } from '../graph/pipeline.ts';
import type { EngineEvent } from '../history/actions.ts';
import { timedDocs } from '../streams/bluesky-file.ts';
import { BlueskyIngest } from '../streams/run-items.ts';
import { readSessionBytes } from './log-reader.ts';
import { replayableRecords, type RecordedEvent } from './load-record.ts';
import { checkProject, projectFromObject } from '../project/load.ts';
import { loadPipelineModule } from './pipelines.ts';
import { replay$, type ReplayPace } from './replay.ts';
import { replayInto } from './replay-engine.ts';
import { SlicedVirtualScheduler } from './sliced-scheduler.ts';

export interface ReplayFileOptions {
  readonly pace?: ReplayPace;
  /** Default: virtual time for instant replays, the async (wall-clock) scheduler otherwise. A virtual-time
   *  scheduler given here is flushed by the replay. */
  readonly scheduler?: SchedulerLike;
  /** Pipeline or its name (default: the session's `meta.pipeline`, else 'raw'). */
  readonly pipeline?: Pipeline | string;
  /** Replay into this engine instead of a new one (the GUI). */
  readonly engine?: Engine;
  /** The name the summary gives the pipeline of `engine` (when no pipeline name is given or recorded). */
  readonly pipelineName?: string;
  /** Bluesky runs: entry node (default the pipeline's first node) and column mapping (default from hints). */
  readonly entry?: string;
  readonly mapping?: ColumnMapping;
  readonly stream?: string;
  readonly handlers?: HandlerOptions;
  readonly onEvent?: (e: EngineEvent, t: number) => void;
  readonly onProblem?: (at: string, problem: string) => void;
  /** Records (session log) or documents (bluesky run) replayed so far, of how many (progress bars). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Stops the replay where it is; the result then describes what was replayed so far. */
  readonly signal?: AbortSignal;
}

export interface ReplaySummary {
  /** Documents read by name (bluesky) or recorded events by type (session log). */
  readonly documents: Record<string, number>;
  /** Bluesky: events, rows of event pages included. Session log: recorded events. */
  readonly events: number;
  /** Items in the document at the end. */
  readonly items: number;
  readonly kind: 'bluesky' | 'session';
  readonly pipeline: string;
  readonly problems: number;
  readonly refused: number;
  readonly recordedSeconds: number;
  readonly nodes: Record<string, { ok: number; failed: number; pending: number }>;
}

export type ReplayedFile = { readonly summary: ReplaySummary; readonly engine: Engine };

function kindOf(bytes: Uint8Array, file: string): 'bluesky' | 'session' {
  if (sniffEncoding(bytes) !== null) return 'bluesky';
  const b = bytes[0];
  if (b === 0x7b || (b >= 0x80 && b <= 0x8f) || b === 0xde || b === 0xdf) return 'session';
  throw new BeamflowError({ kind: 'BadFile', file, problem: 'neither a beamflow session log nor a recorded bluesky run' });
}

function nodeCounts(engine: Engine): ReplaySummary['nodes'] {
  const out: Record<string, { ok: number; failed: number; pending: number }> = {};
  for (const node of engine.pipeline.order) {
    const c = { ok: 0, failed: 0, pending: 0 };
    for (const s of engine.output(node).values()) c[s.status]++;
    out[node] = c;
  }
  return out;
}

async function engineFor(given: Pipeline | string | undefined, name: string): Promise<Engine> {
  if (typeof given === 'object') return createEngine(given);
  const { pipeline, combiners } = await loadPipelineModule(name);
  return createEngine(pipeline, { combiners });
}

export async function replayFile(file: string, opts: ReplayFileOptions = {}): Promise<ReplayedFile> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new BeamflowError({ kind: 'BadFile', file, problem: `cannot read (${(e as Error).message})` });
  }
  if (bytes.length === 0) throw new BeamflowError({ kind: 'BadFile', file, problem: 'empty file' });
  const kind = kindOf(bytes, file);
  const pace = opts.pace ?? { kind: 'speed', speed: 1 };
  const scheduler = opts.scheduler ?? (pace.kind === 'instant' ? new VirtualTimeScheduler() : asyncScheduler);
  // A virtual-time scheduler is run to the end here: the replay takes no wall-clock time (a sliced one lets
  // the event loop in between slices).
  const flush = async (): Promise<void> => {
    if (scheduler instanceof SlicedVirtualScheduler) await scheduler.flushSliced();
    else if (scheduler instanceof VirtualTimeScheduler) scheduler.flush();
  };
  const problem = (at: string, p: string): void => opts.onProblem?.(at, p);

  if (kind === 'session') {
    const log = readSessionBytes<RecordedEvent>(bytes, file);
    log.problems.forEach((p) => problem(file, p));
    const name = typeof opts.pipeline === 'string' ? opts.pipeline : typeof log.header.meta?.['pipeline'] === 'string' ? log.header.meta['pipeline'] : opts.pipelineName ?? 'raw';
    const engine = opts.engine ?? await engineFor(opts.pipeline, name);
    if (log.header.initial !== undefined) {
      const init = projectFromObject(checkProject(log.header.initial, `${file} (initial state)`), file, engine.pipeline);
      engine.load(init.document, init.data, 'session start');
      for (const [id, why] of init.failed) engine.failData(id, why);
    }
    const byType: Record<string, number> = {};
    for (const r of log.records) byType[r.event.type] = (byType[r.event.type] ?? 0) + 1;
    // Recorded project loads become engine loads again (validated against this pipeline).
    let unloadable = 0;
    const records = replayableRecords(log.records, engine.pipeline, file, (i, p) => {
      unloadable++;
      problem(`${file} record ${i + 1} (${log.records[i].event.type})`, p);
    });
    const done = replayInto(engine, records, { pace, scheduler, ...(opts.signal ? { signal: opts.signal } : {}), onEvent: (e, i) => {
      opts.onEvent?.(e, records[i].t);
      opts.onProgress?.(i + 1, records.length);
    } });
    opts.onProgress?.(0, records.length);
    await flush();
    const r = await done;
    r.refused.forEach((x) => problem(`${file} record ${x.index + 1} (${x.type})`, x.error));
    const summary: ReplaySummary = {
      documents: byType, events: log.records.length, items: engine.document.items.size, kind, pipeline: name,
      problems: log.problems.length + r.refused.length + unloadable, refused: r.refused.length + unloadable,
      recordedSeconds: (log.records.at(-1)?.t ?? 0) / 1000, nodes: nodeCounts(engine),
    };
    return { summary, engine };
  }

  const docs = sniffEncoding(bytes) === 'jsonl' ? decodeJsonLines(new TextDecoder().decode(bytes)) : decodeMsgpackDocs(bytes);
  const name = typeof opts.pipeline === 'string' ? opts.pipeline : opts.pipelineName ?? (typeof opts.pipeline === 'object' ? 'custom' : 'raw');
  const engine = opts.engine ?? await engineFor(opts.pipeline, name);
  const pipeline = engine.pipeline;
  let refused = 0;
  const resolverOptions: HandlerOptions = { cbf: (b, f) => { const fr = readCbf(b, { file: f }); return { kind: 'image', rows: fr.rows, cols: fr.cols, data: fr.data }; }, ...opts.handlers };
  const ingest = new BlueskyIngest({
    entry: opts.entry ?? pipeline.order[0],
    ...(opts.mapping ? { mapping: opts.mapping } : {}),
    ...(opts.stream ? { stream: opts.stream } : {}),
    resolve: createResolver(resolverOptions),
    onProblem: problem,
  });
  const needsHdf5 = !opts.handlers?.hdf5 && docs.some((d) => d.kind === 'doc' && d.name === 'resource' && (d.doc as { spec?: unknown }).spec === 'AD_HDF5');
  if (needsHdf5) ingest.assembler.setResolver(createResolver({ ...resolverOptions, hdf5: await loadHdf5Reader() }));
  const records = timedDocs(docs);
  let done = 0;
  opts.onProgress?.(0, records.length);
  await new Promise<void>((resolve, reject) => {
    const sub = replay$(records, pace, scheduler).subscribe({
      next: (d) => {
        opts.onProgress?.(++done, records.length);
        for (const e of ingest.push(d)) {
          try {
            engine.apply(e);
            opts.onEvent?.(e, scheduler.now());
          } catch (err) {
            refused++;
            problem(`${file} ${d.at}`, messageOf(err));
          }
        }
      },
      error: reject,
      complete: resolve,
    });
    const stop = (): void => { sub.unsubscribe(); resolve(); };
    if (opts.signal?.aborted) stop();
    else opts.signal?.addEventListener('abort', stop, { once: true });
    flush().catch(reject);
  });
  await engine.settled();
  const st = ingest.stats();
  const summary: ReplaySummary = {
    documents: st.documents, events: st.events, items: engine.document.items.size, kind, pipeline: name,
    problems: st.problems + refused, refused, recordedSeconds: (records.at(-1)?.t ?? 0) / 1000, nodes: nodeCounts(engine),
  };
  return { summary, engine };
}
