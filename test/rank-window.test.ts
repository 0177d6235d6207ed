import { describe, expect, it } from 'vitest';
import { RankWindow } from '../src/summary/rank-window.js';
import { percentileOfSorted } from '../src/summary/percentiles.js';
import { requireArena } from '../src/kernel/arena.js';
import { sequentialUniforms } from '../src/random/streams.js';
import { rankWindowOracle } from './oracles/rank-window.js';
import { selectInPlace } from '../src/summary/select.js';

/** Draws of a few shapes a comparison's coalitions give: continuous, discrete (ties), with infinities. */
const SHAPES: Record<string, (u: () => number) => number> = {
  lognormal: (u) => Math.exp(3 * (u() + u() + u() - 1.5)),
  'three values': (u) => [1, 2, 4][Math.floor(3 * u())],
  'one value mostly': (u) => (u() < 0.9 ? 5 : u()),
  'some infinite': (u) => (u() < 0.03 ? Infinity : u() < 0.03 ? -Infinity : u()),
  constant: () => 7,
};

/** Adds `values` to a window in blocks of `block`, as the engine does. */
function windowOf(values: Float64Array, p: number, margin: number, block = 2048): { window: RankWindow; most: number } {
  const window = new RankWindow(p, margin);
  let most = 0;
  for (let start = 0; start < values.length; start += block) {
    const m = Math.min(block, values.length - start);
    window.add(values.subarray(start, start + m), m);
    most = Math.max(most, window.holding);
  }
  return { window, most };
}

describe('the rank window (a coalition\'s median without a histogram)', () => {
  it('finds the type-7 percentile that sorting gives, exactly, ties and infinities included', () => {
    let found = 0;
    for (const [shape, draw] of Object.entries(SHAPES)) {
      const u = sequentialUniforms(3, `rank-window/${shape}`, 0);
      for (const n of [1, 2, 5, 2047, 2049, 9000, 100_000]) {
        for (const p of [0.5, 0.05, 0.95]) {
          const values = Float64Array.from({ length: n }, () => draw(u));
          const got = windowOf(values, p, 6, n % 2 ? 2048 : 1000).window.percentile();
          const sorted = values.slice().sort();
          // Independent draws of one shape: the window, narrowed at 6 standard errors, holds the percentile.
          expect(got, `${shape} n ${n} p ${p}`).toBe(percentileOfSorted(sorted, p));
          found++;
        }
      }
    }
    expect(found).toBe(5 * 7 * 3);
  });

  it('says when it missed, and never gives another number: NaNs, a drifting stream, a window of no margin', () => {
    const u = sequentialUniforms(4, 'rank-window/misses', 0);
    const withNaN = Float64Array.from({ length: 5000 }, (_, i) => (i === 4321 ? NaN : u()));
    expect(windowOf(withNaN, 0.5, 6).window.percentile()).toBeNull();
    // Ascending draws: every narrowing centres on what is, by the end, the bottom of the stream.
    const drifting = Float64Array.from({ length: 50_000 }, (_, i) => i + u());
    expect(windowOf(drifting, 0.5, 6).window.percentile()).toBeNull();
    let missed = 0;
    for (let trial = 0; trial < 40; trial++) {
      const values = Float64Array.from({ length: 20_000 }, () => u());
      const got = windowOf(values, 0.5, 0).window.percentile();
      if (got === null) missed++;
      else expect(got).toBe(percentileOfSorted(values.slice().sort(), 0.5));
    }
    expect(missed).toBeGreaterThan(0);
    expect(new RankWindow(0.5, 6).percentile()).toBeNaN();
  });

  it('keeps no more draws than its stated room, which grows as the square root of their count', () => {
    const u = sequentialUniforms(5, 'rank-window/room', 0);
    const n = 2_000_000;
    const values = Float64Array.from({ length: n }, () => u());
    const { window, most } = windowOf(values, 0.5, 6);
    expect(window.percentile()).toBe(percentileOfSorted(values.slice().sort(), 0.5));
    expect(most).toBeLessThanOrEqual(RankWindow.room(n, 6));
    // Some 17,000 of 2,000,000 (rank-window.ts): under 1%.
    expect(RankWindow.room(n, 6)).toBeLessThan(n / 100);
    expect(RankWindow.room(4 * n, 6) - 2048).toBeLessThan(2.01 * (RankWindow.room(n, 6) - 2048));
  });
});

describe('the WebAssembly rank window kernel', () => {
  it('keeps and counts what the JavaScript oracle does, ties, signed zeros, infinities and NaNs included, at any length', () => {
    const arena = requireArena();
    const u = sequentialUniforms(6, 'rank-window/kernel', 0);
    const pool = [0, -0, 1, 2, 2, 3, Infinity, -Infinity, NaN, 0.5, 1.5, 2.5];
    for (const [low, high] of [[1, 2], [2, 2], [-Infinity, Infinity], [0, 0], [0.5, 2.5]]) {
      for (const n of [0, 1, 2, 3, 2047, 5001]) {
        const values = Float64Array.from({ length: n }, () => (u() < 0.5 ? pool[Math.floor(u() * pool.length)] : 4 * u() - 1));
        const into = new Float64Array(n + 3).fill(-99);
        const counts = Float64Array.of(10, 20, 30, 40);
        const k = arena.rankWindow(values, 0, n, low, high, into, 3, counts);
        const want = rankWindowOracle(values, low, high);
        expect(Array.from(into.subarray(3, 3 + k))).toEqual(want.kept);
        expect(Array.from(counts)).toEqual(want.counts.map((c, i) => c + 10 * (i + 1)));
        expect(Array.from(into.subarray(0, 3))).toEqual([-99, -99, -99]);
      }
    }
  });
});

describe('the WebAssembly selection kernel', () => {
  it('selects as selectInPlace does: the k-th smallest at k, nothing larger before it nor smaller after, the rest untouched; ties, signed zeros and infinities included', () => {
    const arena = requireArena();
    const u = sequentialUniforms(7, 'rank-window/select', 0);
    const pool = [0, -0, 1, 2, 2, Infinity, -Infinity];
    for (const n of [1, 2, 3, 600, 601, 602, 5000, 40_000]) {
      for (const ties of [false, true]) {
        const values = Float64Array.from({ length: n }, () => (ties ? pool[Math.floor(u() * pool.length)] : Math.exp(4 * u())));
        const left = n > 4 ? Math.floor(u() * (n / 4)) : 0;
        const right = n - 1 - (n > 4 ? Math.floor(u() * (n / 4)) : 0);
        const k = left + Math.floor(u() * (right - left + 1));
        const expected = values.slice();
        selectInPlace(expected, k, left, right);
        const staged = arena.staged(values, n);
        arena.select(staged, k, left, right);
        const what = `n ${n}${ties ? ' with ties' : ''}`;
        // Its sampling step's logarithms may differ from V8's in a last bit, and so its
        // arrangement: the selection is what must agree.
        // (Equal as numbers: which of +0 and -0 lands at k depends on the arrangement.)
        expect(staged[k] === expected[k], what).toBe(true);
        expect(staged[k] === values.slice(left, right + 1).sort()[k - left], what).toBe(true);
        for (let i = left; i < k; i++) if (!(staged[i] <= staged[k])) expect(staged[i], `${what} before k`).toBeLessThanOrEqual(staged[k]);
        for (let i = k + 1; i <= right; i++) if (!(staged[i] >= staged[k])) expect(staged[i], `${what} after k`).toBeGreaterThanOrEqual(staged[k]);
        expect(Array.from(staged.subarray(0, left))).toEqual(Array.from(values.subarray(0, left)));
        expect(Array.from(staged.subarray(right + 1))).toEqual(Array.from(values.subarray(right + 1)));
        expect(Array.from(staged.slice(left, right + 1).sort())).toEqual(Array.from(values.slice(left, right + 1).sort()));
      }
    }
  });
});
