import { OrderedMap } from 'immutable';
import { describe, expect, it } from 'vitest';
import type { ItemAtNode } from '../../src/graph/state.ts';
import { decodeNodeFrame, encodeNodeFrame } from '../../app/shared/wire.ts';
import { NodeDiffer } from '../../app/server/node-stream.ts';

describe('binary node frames', () => {
  it('round-trips arrays of every type, images and scalars bit for bit', () => {
    const img = { kind: 'image' as const, rows: 2, cols: 3, data: new Float32Array([1, 2, 3, 4, NaN, 6]) };
    const frame = {
      node: 'n',
      order: ['a', 'b', 'c'],
      changes: [
        { id: 'a', status: 'ok' as const, version: 3, data: { x: new Float64Array([1.5, -2, Math.PI]), m: new Uint8Array([1, 2, 3]), k: new Int16Array([-5, 7]), e0: 8979.5, bad: NaN, img } },
        { id: 'b', status: 'failed' as const, version: 4, error: 'pre-edge range is empty' },
        { id: 'c', status: 'pending' as const, version: 5 },
      ],
    };
    const bytes = encodeNodeFrame(frame);
    // Decoding from an unaligned copy must work too.
    const shifted = new Uint8Array(bytes.length + 3).subarray(3);
    shifted.set(bytes);
    for (const b of [bytes, shifted]) {
      const d = decodeNodeFrame(b);
      expect(d.order).toEqual(['a', 'b', 'c']);
      const a = d.changes[0];
      expect(a.status).toBe('ok');
      if (a.status !== 'ok') return;
      expect(a.data.x).toBeInstanceOf(Float64Array);
      expect(Array.from(a.data.x as Float64Array)).toEqual([1.5, -2, Math.PI]);
      expect(Array.from(a.data.m as Uint8Array)).toEqual([1, 2, 3]);
      expect(Array.from(a.data.k as Int16Array)).toEqual([-5, 7]);
      expect(a.data.e0).toBe(8979.5);
      expect(a.data.bad).toBeNaN();
      const im = a.data.img as typeof img;
      expect(im.rows).toBe(2);
      expect(Array.from(im.data).map((v) => (Number.isNaN(v) ? 'nan' : v))).toEqual([1, 2, 3, 4, 'nan', 6]);
      expect(d.changes[1]).toEqual(frame.changes[1]);
      expect(d.changes[2]).toEqual(frame.changes[2]);
    }
  });
  it('rejects truncated frames with a clear error', () => {
    const bytes = encodeNodeFrame({ node: 'n', order: ['a'], changes: [{ id: 'a', status: 'ok', version: 1, data: { x: new Float64Array(100) } }] });
    expect(() => decodeNodeFrame(bytes.subarray(0, bytes.length - 8))).toThrow(/past the end/);
    expect(() => decodeNodeFrame(new Uint8Array(2))).toThrow(/too short/);
  });
});

describe('NodeDiffer', () => {
  const ok = (version: number): ItemAtNode => ({ status: 'ok', data: { y: new Float64Array([version]) }, version, backend: 'main' });
  it('sends everything first, then only changed items, and the order when items go away', () => {
    const d = new NodeDiffer('mu');
    const first = d.next(OrderedMap<string, ItemAtNode>([['a', ok(1)], ['b', ok(1)]]));
    expect(first?.changes.map((c) => c.id)).toEqual(['a', 'b']);
    expect(d.next(OrderedMap<string, ItemAtNode>([['a', ok(1)], ['b', ok(1)]]))).toBeNull();
    const second = d.next(OrderedMap<string, ItemAtNode>([['a', ok(1)], ['b', ok(2)]]));
    expect(second?.changes.map((c) => c.id)).toEqual(['b']);
    const third = d.next(OrderedMap<string, ItemAtNode>([['b', ok(2)]]));
    expect(third?.changes).toEqual([]);
    expect(third?.order).toEqual(['b']);
  });
});
