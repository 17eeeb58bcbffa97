/**
 * Frame reads from area-detector HDF5 files through h5wasm (Node build, host file system): one 2D slice
 * of a 3D dataset per datum. Files stay open between datums of the same resource.
 */
import h5wasm from 'h5wasm/node';
import type { Image2D, NumArray } from '../graph/types.ts';
import type { Hdf5FrameReader } from './bluesky-handlers.ts';

export async function loadHdf5Reader(): Promise<Hdf5FrameReader> {
  await h5wasm.ready;
  const open = new Map<string, InstanceType<typeof h5wasm.File>>();
  return (file, dataset, index) => {
    let f = open.get(file);
    if (!f) {
      try {
        f = new h5wasm.File(file, 'r');
      } catch (e) {
        throw new Error(`${file}: cannot open as HDF5 (${(e as Error).message})`);
      }
      open.set(file, f);
    }
    const ds = f.get(dataset);
    if (!(ds instanceof h5wasm.Dataset)) throw new Error(`${file}: no dataset ${dataset}`);
    const shape = ds.shape;
    if (!shape || shape.length !== 3) throw new Error(`${file}:${dataset} has shape ${JSON.stringify(shape)}, expected (frames, rows, cols)`);
    if (index < 0 || index >= shape[0]) throw new Error(`${file}:${dataset}: frame ${index} out of range (0..${shape[0] - 1})`);
    const data = ds.slice([[index, index + 1], [], []]);
    if (!ArrayBuffer.isView(data) || data instanceof BigInt64Array || data instanceof BigUint64Array || data instanceof DataView) {
      throw new Error(`${file}:${dataset}: unsupported element type`);
    }
    return { kind: 'image', rows: shape[1], cols: shape[2], data: data as NumArray } satisfies Image2D;
  };
}
