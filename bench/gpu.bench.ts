/**
 * GPU section of bench/RESULTS.md. Where a real GPU answers, runs the full measurement (bench/gpu/measure.ts);
 * on a software adapter, a short end-to-end check, labelled as such; with no adapter, says so. Always appends
 * the committed device runs of bench/RESULTS-gpu.md (H200), which this machine cannot reproduce.
 */
import { readFile } from 'node:fs/promises';
import { getGpu, releaseGpu } from '../src/kernels/gpu/device.ts';
import { deviceRun } from './gpu/device-run.ts';
import { rowsToMarkdown } from './gpu/measure.ts';
import { softwareSmoke } from './gpu/smoke.ts';
import { haveXrd } from './gpu/xrd-setup.ts';

export async function bench(): Promise<string> {
  const out = ['## gpu', ''];
  const acq = await getGpu();
  if (!acq.ok) {
    out.push(`No WebGPU adapter on this machine (${acq.reason}): nothing measured here.`);
  } else if (!haveXrd) {
    out.push(`Adapter ${acq.gpu.adapterName}, but no ../shared/data/xrd frames: nothing measured here.`);
  } else if (acq.gpu.isSoftware) {
    out.push(`### This machine: software adapter (${acq.gpu.adapterName}) — a correctness check, not a GPU speed`, '');
    out.push(rowsToMarkdown(`${acq.gpu.adapterName} (software)`, await softwareSmoke(acq.gpu)));
    releaseGpu();
  } else {
    out.push(`### This machine: ${acq.gpu.adapterName}`, '', await deviceRun(null, () => {}));
  }
  const committed = await readFile(new URL('./RESULTS-gpu.md', import.meta.url), 'utf8').catch(() => null);
  out.push('', '### Committed device runs (bench/RESULTS-gpu.md)', '');
  out.push(committed ? committed.replace(/^# .*\n/, '').trim() : '_bench/RESULTS-gpu.md is missing._');
  return out.join('\n');
}
