/**
 * The beamline demo: the project's own pipelines (src/pipelines/xas.ts: raw columns → µ(E) → normalised
 * → χ(k) → χ(R) → χ̃(q); src/pipelines/xrd.ts: detector frames → azimuthal integration → …) fed by the
 * project's simulators (src/sim): XAFS scans with EXAFS shells streamed point by point, and detector
 * frames of a small simulated detector whose PONI file is written to a temporary folder.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { definePipeline, type Pipeline } from '../../../src/graph/pipeline.ts';
import { xasPipeline } from '../../../src/pipelines/xas.ts';
import { xasCombiners } from '../../../src/pipelines/xas-items.ts';
import { xrdPipeline } from '../../../src/pipelines/xrd.ts';
import { simulateSpectrum } from '../../../src/sim/xafs.ts';
import { DEMO_RINGS, demoGeometry, poniText, simulateFrame } from '../../../src/sim/xrd-frames.ts';
import type { DemoSources } from './index.ts';

export { xasCombiners as beamlineCombiners };

export function beamlinePipeline(): Pipeline {
  return definePipeline({
    nodes: [...xasPipeline.nodes.values(), ...xrdPipeline.nodes.values()],
    transforms: [...xasPipeline.transforms.values(), ...xrdPipeline.transforms.values()],
  });
}

const EDGES = [
  { name: 'Cu foil', e0: 8979 },
  { name: 'Cu sample', e0: 8981 },
  { name: 'Cu oxide', e0: 8984 },
];

export function beamlineSources(): DemoSources {
  const g = demoGeometry();
  const dir = mkdtempSync(join(tmpdir(), 'beamflow-demo-'));
  const poni = join(dir, 'demo.poni');
  writeFileSync(poni, poniText(g));
  return {
    scan(index) {
      const e = EDGES[index % EDGES.length];
      const s = simulateSpectrum({ e0: e.e0, seed: 500 + index, kmax: 12 });
      return { name: `${e.name} #${Math.floor(index / EDGES.length) + 1}`, entry: 'raw', columns: { energy: s.energy, i0: s.i0, itrans: s.itrans } };
    },
    frame(index) {
      const frame = simulateFrame(g, { rings: DEMO_RINGS, background: 60, weight: 1 + 0.3 * Math.sin(index), seed: 900 + index });
      return {
        name: `frame ${String(index + 1).padStart(3, '0')}`,
        entry: 'frames',
        data: { frame: { kind: 'image', rows: g.rows, cols: g.cols, data: frame } },
        params: { integrate: { poni, npt: 400 } },
      };
    },
  };
}
