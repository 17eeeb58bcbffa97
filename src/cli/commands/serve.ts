/**
 * `beamflow serve`: the app server (engine + web page over a WebSocket). With --demo the built-in simulator
 * streams XAFS scans point by point and detector frames live.
 */
import { resolve } from 'node:path';
import { DEFAULT_DEMO, type DemoOptions } from '../../../app/server/demo/index.ts';
import { startBeamflow, type PipelineChoice } from '../../../app/server/start.ts';

export const summary = 'start the GUI server (web page + engine over a WebSocket); --demo streams simulated data';

const USAGE = `usage: beamflow serve [--port N] [--host ADDR] [--demo] [--pipeline beamline|demo] [--data-root DIR]...

  --port N          port to listen on (default 8765; 0 picks a free one)
  --host ADDR       also listen beyond localhost (e.g. 0.0.0.0); then every request needs the printed token
  --demo            stream simulated XAFS scans (point by point) and detector frames into the engine
  --pipeline P      beamline: the project's XAS + XRD pipelines (default); demo: a small self-contained one
  --demo-scans N    how many scans the demo streams (default ${DEFAULT_DEMO.scans})
  --demo-frames N   how many detector frames the demo streams (default ${DEFAULT_DEMO.frames})
  --data-root DIR   serve files under DIR at /files/<index>/ (repeatable)

${summary}`;

export interface ServeArgs {
  pipeline: PipelineChoice;
  port: number;
  host: string;
  demo: boolean;
  demoOptions: DemoOptions;
  dataRoots: string[];
}

export function parseServeArgs(argv: readonly string[]): ServeArgs {
  const a: ServeArgs = { pipeline: 'beamline', port: 8765, host: '127.0.0.1', demo: false, demoOptions: { ...DEFAULT_DEMO }, dataRoots: [] };
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
    return v;
  };
  const int = (v: string, flag: string, min: number, max: number): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${flag}: expected an integer in [${min}, ${max}], got '${v}'`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const f = argv[i];
    switch (f) {
      case '--port':
        a.port = int(value(i++, f), f, 0, 65535);
        break;
      case '--host':
        a.host = value(i++, f);
        break;
      case '--demo':
        a.demo = true;
        break;
      case '--pipeline': {
        const v = value(i++, f);
        if (v !== 'beamline' && v !== 'demo') throw new Error(`--pipeline: expected 'beamline' or 'demo', got '${v}'`);
        a.pipeline = v;
        break;
      }
      case '--demo-scans':
        a.demoOptions = { ...a.demoOptions, scans: int(value(i++, f), f, 0, 10_000) };
        break;
      case '--demo-frames':
        a.demoOptions = { ...a.demoOptions, frames: int(value(i++, f), f, 0, 10_000) };
        break;
      case '--data-root':
        a.dataRoots.push(resolve(value(i++, f)));
        break;
      default:
        throw new Error(`unknown option '${f}'`);
    }
  }
  return a;
}

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  let args: ServeArgs;
  try {
    args = parseServeArgs(argv);
  } catch (e) {
    console.error(`beamflow serve: ${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
    return 2;
  }
  let running;
  try {
    running = await startBeamflow({ pipeline: args.pipeline, port: args.port, host: args.host, demo: args.demo, demoOptions: args.demoOptions, dataRoots: args.dataRoots, log: (s) => console.log(s) });
  } catch (e) {
    console.error(`beamflow serve: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  console.log(`beamflow: open ${running.server.url}`);
  if (running.token) console.log(`beamflow: listening on ${args.host}; access token: ${running.token} (required on every request and WebSocket)`);
  await new Promise<void>((resolveStop) => {
    const stop = () => resolveStop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await running.close();
  return 0;
}
