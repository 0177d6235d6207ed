import { describe, expect, it } from 'vitest';
import { makeDistribution } from '../../src/families/index.js';
import { fillUniforms } from '../../src/random/streams.js';
import {
  EXACT_INTERVAL_MAX_N,
  percentileInterval,
  percentileIntervalFromCounts,
  percentileIntervalRanks,
} from '../../src/sampling/percentile-interval.js';

const PS = [0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99];

describe('the order-statistic interval of a percentile (Hahn & Meeker, binomial method)', () => {
  it('for n = 1000 and p = 0.9 is [x(881), x(919)], covering 95.5%', () => {
    // Hahn & Meeker's normal formula gives [881, 920]; the exact binomial needs one rank less above.
    const r = percentileIntervalRanks(1000, 0.9);
    expect([r.lo, r.hi]).toEqual([881, 919]);
    expect(r.coverage).toBeCloseTo(0.9549, 4);
    expect(r.method).toBe('exact binomial');
  });

  it('covers at least 95% and leaves at most 2.5% in each tail, for small and large n', () => {
    for (const n of [20, 100, 1000, 2000, 65_536]) {
      for (const p of PS) {
        const r = percentileIntervalRanks(n, p);
        expect(r.lo).toBeGreaterThanOrEqual(1);
        expect(r.hi).toBeLessThanOrEqual(n);
        // With 20 draws the 1st and 99th percentiles cannot reach 95%: the coverage says so.
        if (n >= 1000) expect(r.coverage).toBeGreaterThanOrEqual(0.95);
      }
    }
    expect(percentileIntervalRanks(20, 0.01).coverage).toBeLessThan(0.95);
  });

  it('switches to the normal approximation above the exact regime, agreeing with it to a rank', () => {
    for (const p of PS) {
      const exact = percentileIntervalRanks(EXACT_INTERVAL_MAX_N, p);
      const approx = percentileIntervalRanks(EXACT_INTERVAL_MAX_N + 1, p);
      expect(approx.method).toBe('normal approximation');
      expect(Math.abs(approx.lo - exact.lo)).toBeLessThanOrEqual(1);
      expect(Math.abs(approx.hi - exact.hi)).toBeLessThanOrEqual(1);
      expect(approx.coverage).toBeGreaterThan(0.949);
    }
  });

  it('narrows as 1 / sqrt(n): about +-1.96 sqrt(p (1 - p) / n) in probability at 1e8 draws', () => {
    const n = 1e8;
    const r = percentileIntervalRanks(n, 0.95);
    const half = (1.96 * Math.sqrt(0.95 * 0.05)) / Math.sqrt(n);
    expect((r.hi - r.lo) / n / 2).toBeCloseTo(half, 6);
  });

  it('refuses a percentile outside (0, 1) and an empty sample', () => {
    expect(() => percentileIntervalRanks(100, 0)).toThrow(RangeError);
    expect(() => percentileIntervalRanks(100, 1)).toThrow(RangeError);
    expect(() => percentileIntervalRanks(0, 0.5)).toThrow(RangeError);
  });
});

describe('coverage over independent seeds', () => {
  // 1,000 seeds of 2,000 draws from a lognormal with known quantiles. A correct 95% interval
  // covers each truth in Binomial(1000, c) seeds, c its exact coverage (95.5% to 96%): the
  // standard error is 0.65%, so [92%, 98%] leaves more than 3 standard errors either side.
  const SEEDS = 1000;
  const N = 2000;
  const dist = makeDistribution({ dist: 'lognormal', p5: 5e9, p95: 60e9 });

  it('is between 92% and 98% for P5, P50 and P95, and within 3.5 standard errors of the exact coverage', () => {
    const u = new Float64Array(N);
    const draws = new Float64Array(N);
    for (const p of [0.05, 0.5, 0.95]) {
      const truth = dist.quantile(p);
      const { coverage } = percentileIntervalRanks(N, p);
      let covered = 0;
      for (let seed = 0; seed < SEEDS; seed++) {
        fillUniforms(seed, 'sora_params', 0, u);
        dist.fill(u, draws, N);
        draws.sort();
        const [lo, hi] = percentileInterval(draws, p);
        if (lo <= truth && truth <= hi) covered++;
      }
      const rate = covered / SEEDS;
      expect(rate).toBeGreaterThanOrEqual(0.92);
      expect(rate).toBeLessThanOrEqual(0.98);
      expect(Math.abs(rate - coverage)).toBeLessThan(3.5 * Math.sqrt((coverage * (1 - coverage)) / SEEDS));
    }
  });
});

describe('the interval from histogram counts', () => {
  it('takes the middle of the bins holding the two ranks, as the streamed percentiles do', () => {
    // 1,000 draws, 10 per bin of width 1 on [0, 100): rank r lies in bin ceil(r / 10) - 1.
    const cumulative = Array.from({ length: 100 }, (_, i) => 10 * (i + 1));
    const edges = Array.from({ length: 101 }, (_, i) => i);
    const { lo, hi, ranks } = percentileIntervalFromCounts(cumulative, edges, 0.9);
    expect([ranks.lo, ranks.hi]).toEqual([881, 919]);
    expect([lo, hi]).toEqual([88.5, 91.5]);
  });

  it('lies within half a bin of the exact interval of the same draws, and clamps to min and max', () => {
    const n = 20_000;
    const u = new Float64Array(n);
    fillUniforms(7, 'data_multiplier', 0, u);
    const draws = u.map((x) => 100 * x).sort();
    const width = 0.25;
    const edges = Array.from({ length: 401 }, (_, i) => i * width);
    const cumulative = new Float64Array(400);
    for (const x of draws) cumulative[Math.floor(x / width)]++;
    for (let i = 1; i < cumulative.length; i++) cumulative[i] += cumulative[i - 1];
    for (const p of PS) {
      const [lo, hi] = percentileInterval(draws, p);
      const fromCounts = percentileIntervalFromCounts(cumulative, edges, p);
      expect(Math.abs(fromCounts.lo - lo)).toBeLessThanOrEqual(width / 2);
      expect(Math.abs(fromCounts.hi - hi)).toBeLessThanOrEqual(width / 2);
    }
    const clamped = percentileIntervalFromCounts(cumulative, edges, 0.99, { max: draws[n - 1] - 1e-9 });
    expect(clamped.hi).toBeLessThanOrEqual(draws[n - 1]);
  });

  it('needs one edge more than bins', () => {
    expect(() => percentileIntervalFromCounts([5, 10], [0, 1], 0.5)).toThrow(/one edge more than bins/);
  });
});
