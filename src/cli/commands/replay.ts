/**
 * `beamflow replay FILE [--speed N | --instant] [--summary]`: replays a session log or a recorded bluesky
 * run into a pipeline. With --summary the last line of output is one JSON object:
 * {"documents": {...}, "events": N, "items": M, ...}.
 */
import { isBeamflowError } from '../../graph/errors.ts';
import type { ColumnMapping, ColumnSource } from '../../formats/bluesky-mapping.ts';
import { replayFile } from '../../session/replay-file.ts';
import { paceFromArgs } from '../../session/replay.ts';

export const summary = 'replay a session log or a recorded bluesky run (JSON lines / msgpack) into a pipeline';

const USAGE = `usage: beamflow replay FILE [--speed N | --instant] [--summary] [options]

FILE is a beamflow session log (.jsonl / .msgpack) or a recorded bluesky run
(JSON lines of ["name", {doc}], or concatenated msgpack [name, doc]).

  --speed N          replay at N times the recorded pace (default 1)
  --instant          no delays (virtual time), same order
  --summary          end the output with one line of JSON counts
  --pipeline NAME    raw (default), xas, xrd, or a module path
  --entry NODE       bluesky: node where run items enter (default the pipeline's first node)
  --map COL=KEY[*S]  bluesky: column COL from data key KEY, scaled by S (repeatable; default from hints)
  --stream NAME      bluesky: stream that feeds items (default primary)
  --root OLD=NEW     bluesky: external files recorded under OLD are now under NEW
  --verbose          print every event as it is applied`;

interface Args {
  file: string;
  speed: number | null;
  instant: boolean;
  summary: boolean;
  verbose: boolean;
  pipeline?: string;
  entry?: string;
  stream?: string;
  mapping: Record<string, ColumnSource>;
  rootMap: Record<string, string>;
}

function parse(argv: readonly string[]): Args | string {
  const a: Args = { file: '', speed: null, instant: false, summary: false, verbose: false, mapping: {}, rootMap: {} };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${k} needs a value`);
      return v;
    };
    try {
      switch (k) {
        case '--speed': a.speed = Number(value()); break;
        case '--instant': a.instant = true; break;
        case '--summary': a.summary = true; break;
        case '--verbose': a.verbose = true; break;
        case '--pipeline': a.pipeline = value(); break;
        case '--entry': a.entry = value(); break;
        case '--stream': a.stream = value(); break;
        case '--map': {
          const m = /^([^=]+)=([^*]+)(?:\*([-+.\deE]+))?$/.exec(value());
          if (!m) return `--map expects COL=KEY or COL=KEY*SCALE, got '${argv[i]}'`;
          a.mapping[m[1]] = m[3] === undefined ? m[2] : { key: m[2], scale: Number(m[3]) };
          break;
        }
        case '--root': {
          const [from, to] = value().split('=');
          if (!from || to === undefined) return `--root expects OLD=NEW, got '${argv[i]}'`;
          a.rootMap[from] = to;
          break;
        }
        default:
          if (k.startsWith('--')) return `unknown option ${k}`;
          if (a.file) return `one FILE only (got '${a.file}' and '${k}')`;
          a.file = k;
      }
    } catch (e) {
      return (e as Error).message;
    }
  }
  if (!a.file) return 'FILE is missing';
  if (a.instant && a.speed !== null) return '--speed and --instant exclude each other';
  return a;
}

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const a = parse(argv);
  if (typeof a === 'string') {
    console.error(`beamflow replay: ${a}\n\n${USAGE}`);
    return 2;
  }
  let pace;
  try {
    pace = paceFromArgs(a.speed, a.instant);
  } catch (e) {
    console.error(`beamflow replay: ${(e as Error).message}`);
    return 2;
  }
  const mapping: ColumnMapping | undefined = Object.keys(a.mapping).length > 0 ? a.mapping : undefined;
  try {
    const { summary: s, engine } = await replayFile(a.file, {
      pace,
      ...(a.pipeline ? { pipeline: a.pipeline } : {}),
      ...(a.entry ? { entry: a.entry } : {}),
      ...(a.stream ? { stream: a.stream } : {}),
      ...(mapping ? { mapping } : {}),
      handlers: { rootMap: a.rootMap },
      onProblem: (at, p) => console.error(`warning: ${at}: ${p}`),
      ...(a.verbose ? { onEvent: (e, t) => console.log(`${(t / 1000).toFixed(3).padStart(10)} s  ${e.type}${'id' in e ? ` ${e.id}` : ''}`) } : {}),
    });
    await engine.close();
    console.log(`replayed ${s.kind === 'bluesky' ? 'bluesky run' : 'session log'} ${a.file} into pipeline '${s.pipeline}' (${pace.kind === 'instant' ? 'instant' : `speed ${pace.speed}`}): ` +
      `${s.events} events over ${s.recordedSeconds.toFixed(1)} s recorded, ${s.items} items, ${s.problems} problems`);
    for (const [node, c] of Object.entries(s.nodes)) console.log(`  ${node.padEnd(12)} ok ${c.ok}  failed ${c.failed}  pending ${c.pending}`);
    if (a.summary) console.log(JSON.stringify(s));
    return s.refused > 0 ? 1 : 0;
  } catch (e) {
    console.error(`beamflow replay: ${isBeamflowError(e) ? e.message : (e as Error).stack ?? String(e)}`);
    return 1;
  }
}
