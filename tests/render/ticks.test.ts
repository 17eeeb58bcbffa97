import { describe, expect, it } from 'vitest';
import { formatValue, linearTicks, logTicks } from '../../src/render/ticks.ts';

describe('linearTicks', () => {
  it('puts ticks on a 1-2-5 grid inside the range', () => {
    const t = linearTicks(8950, 9450, 5);
    expect(t.map((x) => x.value)).toEqual([9000, 9100, 9200, 9300, 9400]);
    expect(t[0].label).toBe('9000');
  });
  it('labels small steps with the needed decimals', () => {
    const t = linearTicks(0, 0.5, 5);
    expect(t.map((x) => x.label)).toEqual(['0', '0.1', '0.2', '0.3', '0.4', '0.5']);
  });
  it('returns nothing for an empty or bad range', () => {
    expect(linearTicks(1, 1, 5)).toEqual([]);
    expect(linearTicks(NaN, 1, 5)).toEqual([]);
  });
});

describe('logTicks', () => {
  it('gives decades over many decades and 1-2-5 over few', () => {
    expect(logTicks(1e-3, 1e6, 10).map((t) => t.value)).toEqual([1e-3, 1e-2, 0.1, 1, 10, 100, 1e3, 1e4, 1e5, 1e6]);
    expect(logTicks(1, 100, 9).map((t) => t.value)).toEqual([1, 2, 5, 10, 20, 50, 100]);
  });
  it('refuses non-positive ranges', () => {
    expect(logTicks(0, 10, 5)).toEqual([]);
  });
});

describe('formatValue', () => {
  it('keeps 5 significant digits and switches to exponents for extremes', () => {
    expect(formatValue(8979.12345)).toBe('8979.1');
    expect(formatValue(1.5e-5)).toBe('1.500e-5');
  });
});
