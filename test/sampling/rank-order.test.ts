import { describe, expect, it } from 'vitest';
import { CHUNK_SIZE, fillUniforms } from '../../src/random/streams.js';
import { RankOrderScratch, rankOrder } from '../../src/sampling/rank-order.js';

/** The order a comparator sort of row numbers gives, ties in row order. */
function expected(values: Float64Array): Int32Array {
  const rows = Array.from(values, (_, i) => i).sort((a, b) => values[a] - values[b] || a - b);
  return Int32Array.from(rows);
}

describe('the row order of a column', () => {
  it('is that of a comparator sort for values of both signs, spread over many octaves, with ties', () => {
    const n = CHUNK_SIZE;
    const u = new Float64Array(n);
    fillUniforms(3, 'sora_params', 0, u);
    const values = u.map((x, i) => (i % 7 === 0 ? Math.round(10 * x) : Math.tan(Math.PI * (x - 0.5)) * 10 ** ((i % 11) - 5)));
    values[5] = 0;
    values[6] = -0;
    const order = new Int32Array(n);
    rankOrder(values, n, order);
    // 0 and -0 are equal to a comparator but not to bits: compare the values, and the rows elsewhere.
    const want = expected(values);
    expect(order.filter((row, r) => values[row] !== values[want[r]])).toHaveLength(0);
    expect(order.filter((row, r) => row !== want[r] && values[row] !== 0)).toHaveLength(0);
  });

  it('reuses its scratch, and works on part of a longer column', () => {
    const scratch = new RankOrderScratch(100);
    const values = new Float64Array([3, 1, 2, 1, 9, 9, 9]);
    const order = new Int32Array(7);
    rankOrder(values, 5, order, scratch);
    expect(Array.from(order.subarray(0, 5))).toEqual([1, 3, 2, 0, 4]);
    expect(() => rankOrder(values, 7, order, new RankOrderScratch(6))).toThrow(RangeError);
  });
});
