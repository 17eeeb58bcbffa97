/** The Pilatus 2M geometry, mask and frames of ../shared/data/xrd, and integration plans built from them. */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readCbf, readCbfHeader } from '../../src/formats/cbf.ts';
import { parsePoni } from '../../src/formats/poni.ts';
import type { CsrPlan, SplitMethod } from '../../src/kernels/xrd/csr.ts';
import type { Geometry } from '../../src/kernels/xrd/geometry.ts';
import { readMask } from '../../src/kernels/xrd/mask.ts';
import { buildPlan } from '../../src/kernels/xrd/plan.ts';

export const XRD_DIR = process.env.BEAMFLOW_XRD_DATA ?? fileURLToPath(new URL('../../../shared/data/xrd/', import.meta.url));
export const haveXrd = existsSync(XRD_DIR + 'geometry/pilatus2m_87keV.poni');

export interface XrdSetup {
  readonly geometry: Geometry;
  readonly mask: Uint8Array;
}

export function loadXrd(): XrdSetup {
  const geometry = parsePoni(readFileSync(XRD_DIR + 'geometry/pilatus2m_87keV.poni', 'utf8'), 'pilatus2m_87keV.poni', { rows: 1679, cols: 1475 });
  const mask = readMask(XRD_DIR + 'geometry/mask_int8.raw', geometry.rows, geometry.cols);
  return { geometry, mask };
}

export function plan(setup: XrdSetup, method: SplitMethod, npt = 2000): CsrPlan {
  return buildPlan(setup.geometry, { npt, unit: '2th_deg', method, mask: setup.mask, solidAngle: true, polarization: 0.99 });
}

/** A CBF file's bytes and its byte-offset payload (a view, no copy). */
export function cbfPayload(file: string): { bytes: Uint8Array; payload: Uint8Array; rows: number; cols: number } {
  const bytes = new Uint8Array(readFileSync(file));
  const h = readCbfHeader(bytes, file);
  return { bytes, payload: bytes.subarray(h.payloadOffset, h.payloadOffset + h.payloadSize), rows: h.rows, cols: h.cols };
}

export function frameFile(i: number): string {
  return `${XRD_DIR}frames/frame_${String(i).padStart(5, '0')}.cbf`;
}

export function decodeCpu(file: string): Int32Array {
  return readCbf(new Uint8Array(readFileSync(file)), { file }).data;
}
