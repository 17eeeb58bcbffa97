/**
 * Starts everything `beamflow serve` and the Electron shell need: the web bundle, an engine on the demo
 * pipeline, the optional live demo, the app server. One function, so the CLI and Electron cannot drift.
 */
import { createEngine, type Engine } from '../../src/graph/index.ts';
import { startAppServer, type AppServer } from './app-server.ts';
import { isLoopback, newToken } from './auth.ts';
import { beamlineCombiners, beamlinePipeline, beamlineSources } from './demo/beamline.ts';
import { DEFAULT_DEMO, DemoStream, demoPipeline, SIMPLE_SOURCES, type DemoOptions } from './demo/index.ts';
import { ensureWebBundle } from './web-bundle.ts';

/** 'demo': the small self-contained pipeline; 'beamline': the project's XAS and XRD pipelines. */
export type PipelineChoice = 'demo' | 'beamline';

export interface StartOptions {
  readonly pipeline?: PipelineChoice;
  readonly port: number;
  readonly host: string;
  readonly demo: boolean;
  readonly demoOptions?: DemoOptions;
  readonly dataRoots?: readonly string[];
  readonly log?: (s: string) => void;
}

export interface Running {
  readonly server: AppServer;
  readonly engine: Engine;
  readonly demo: DemoStream | null;
  readonly token: string | null;
  close(): Promise<void>;
}

export async function startBeamflow(o: StartOptions): Promise<Running> {
  const webRoot = await ensureWebBundle(o.log);
  const beamline = o.pipeline === 'beamline';
  const engine = beamline ? createEngine(beamlinePipeline(), { combiners: beamlineCombiners }) : createEngine(demoPipeline());
  const demo = o.demo ? new DemoStream(engine, o.demoOptions ?? DEFAULT_DEMO, beamline ? beamlineSources() : SIMPLE_SOURCES) : null;
  const token = isLoopback(o.host) ? null : newToken();
  let server: AppServer;
  try {
    server = await startAppServer({ engine, title: `beamflow${beamline ? ' — XAS + XRD pipelines' : ''}${o.demo ? ' (simulated data)' : ''}`, host: o.host, port: o.port, token, webRoot, dataRoots: o.dataRoots ?? [], pipelineName: beamline ? 'beamline' : 'demo', ...(demo ? { live$: demo.state$ } : {}) });
  } catch (e) {
    await engine.close();
    throw e;
  }
  demo?.start();
  let closed = false;
  return {
    server,
    engine,
    demo,
    token,
    async close() {
      if (closed) return;
      closed = true;
      demo?.stop();
      await server.close();
      await engine.close();
    },
  };
}
