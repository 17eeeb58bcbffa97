/**
 * Glue between the frame pool and the engine: each integrated frame becomes an item of the pattern node (a
 * failed frame becomes a failed item naming its file), in frame order; patterns of a scan become a sinogram
 * item.
 */
import { basename, extname } from 'node:path';
import type { Observable, Subscription } from 'rxjs';
import type { Engine } from '../graph/engine.ts';
import type { FrameReply } from '../kernels/xrd/frame-task.ts';
import { assembleSinogram, scanAngles, scanPosition } from '../kernels/xrd/sinogram.ts';
import type { ScanDescription } from '../kernels/xrd/sinogram.ts';
import { sinogramData } from './xrd.ts';

export function patternItem(r: FrameReply) {
  const name = basename(r.file, extname(r.file));
  if (!r.ok) return { name, entry: 'pattern', file: r.file, error: r.error, meta: { frameIndex: r.index } };
  return { name, entry: 'pattern', file: r.file, data: { radial: r.radial, intensity: r.intensity, sigma: r.sigma }, meta: { frameIndex: r.index } };
}

/** Adds every reply as a pattern item; `onItem` gets the new item ids in frame order. */
export function addFrameReplies(engine: Engine, replies$: Observable<FrameReply>, onItem?: (id: string, r: FrameReply) => void): Subscription {
  return replies$.subscribe((r) => {
    const id = engine.addItem(patternItem(r));
    onItem?.(id, r);
  });
}

/** Builds a sinogram item from pattern items listed in scan order. */
export function addSinogram(engine: Engine, name: string, patternIds: readonly string[], scan: ScanDescription): string {
  const patterns: Float64Array[] = [];
  let radial: Float64Array | null = null;
  for (const id of patternIds) {
    const d = engine.data('pattern', id);
    if (!d || !(d.intensity instanceof Float64Array) || !(d.radial instanceof Float64Array)) throw new Error(`pattern item '${id}' has no data at the pattern node`);
    patterns.push(d.intensity);
    radial ??= d.radial;
  }
  if (!radial) throw new Error('no patterns for the sinogram');
  const positions = patternIds.map((_, i) => scanPosition(i, scan));
  const s = assembleSinogram(patterns, positions, scan.nRot, scan.nTrans);
  return engine.addItem({ name, entry: 'sinogram', data: sinogramData(s.data, scanAngles(scan), scan.nTrans, radial) });
}
