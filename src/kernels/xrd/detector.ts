/**
 * Detectors known by name (as PONI files name them): pixel size, shape and the module-gap mask pyFAI applies
 * when no mask is given.
 */

export interface DetectorSpec {
  readonly name: string;
  /** Pixel size along rows (slow, "1") and columns (fast, "2"), metres. */
  readonly pixel1: number;
  readonly pixel2: number;
  readonly rows: number;
  readonly cols: number;
  /** Pilatus-style module layout, for the gap mask. */
  readonly modules?: { readonly rows: number; readonly cols: number; readonly gapRows: number; readonly gapCols: number };
}

const PILATUS_MODULE = { rows: 195, cols: 487, gapRows: 17, gapCols: 7 } as const;

function pilatus(name: string, modRows: number, modCols: number): DetectorSpec {
  const m = PILATUS_MODULE;
  return {
    name,
    pixel1: 172e-6,
    pixel2: 172e-6,
    rows: modRows * m.rows + (modRows - 1) * m.gapRows,
    cols: modCols * m.cols + (modCols - 1) * m.gapCols,
    modules: m,
  };
}

const KNOWN: readonly DetectorSpec[] = [
  pilatus('Pilatus100k', 1, 1),
  pilatus('Pilatus200k', 2, 1),
  pilatus('Pilatus300k', 3, 1),
  pilatus('Pilatus300kw', 1, 3),
  pilatus('Pilatus1M', 5, 2),
  pilatus('Pilatus2M', 8, 3),
  pilatus('Pilatus6M', 12, 5),
];

/** Looks a detector up by name, case- and punctuation-insensitively ("Pilatus 2M", "pilatus2m"). */
export function knownDetector(name: string): DetectorSpec | null {
  const key = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  return KNOWN.find((d) => d.name.toLowerCase() === key) ?? null;
}

/** 1 on module gaps (pyFAI's default detector mask for Pilatus detectors), else 0; all 0 without modules. */
export function detectorMask(d: DetectorSpec): Uint8Array {
  const mask = new Uint8Array(d.rows * d.cols);
  const m = d.modules;
  if (!m) return mask;
  for (let r = 0; r < d.rows; r++) {
    const rowGap = r % (m.rows + m.gapRows) >= m.rows;
    for (let c = 0; c < d.cols; c++) {
      if (rowGap || c % (m.cols + m.gapCols) >= m.cols) mask[r * d.cols + c] = 1;
    }
  }
  return mask;
}
