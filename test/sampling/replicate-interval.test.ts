/**
 * The replicate (Woodruff) interval's estimators on synthetic designs whose answers are known:
 * independent draws (design effect 1), and a two-column Latin hypercube per block of the sum of
 * two uniforms, whose quantiles are the triangular distribution's in closed form.
 */
import { describe, expect, it } from 'vitest';
import { blockCounts, designEffect, MIN_REPLICATES, studentQuantile, woodruffInterval, woodruffProbabilities, woodruffRanks } from '../../src/sampling/replicate-interval.js';
import { percentileIntervalRanks } from '../../src/sampling/percentile-interval.js';
import { fillUniforms } from '../../src/random/streams.js';
import { percentileOfSorted } from '../../src/summary/percentiles.js';

const PS = [0.05, 0.5, 0.95];

/** m independent uniforms, named by (stream, index): fillUniforms as a seeded generator. */
function uniforms(seed: number, stream: string, index: number, m: number): Float64Array {
  const u = new Float64Array(m);
  fillUniforms(seed, stream, index, u);
  return u;
}

/** One Latin hypercube column of m rows: one uniform in each stratum [k/m, (k+1)/m), in random order. */
function lhsColumn(seed: number, stream: string, index: number, m: number): Float64Array {
  const jitter = uniforms(seed, `${stream} jitter`, index, m);
  const shuffle = uniforms(seed, `${stream} shuffle`, index, m);
  const strata = Int32Array.from({ length: m }, (_, k) => k);
  for (let k = m - 1; k > 0; k--) {
    const j = Math.floor(shuffle[k] * (k + 1));
    [strata[k], strata[j]] = [strata[j], strata[k]];
  }
  return Float64Array.from(strata, (s, k) => (s + jitter[k]) / m);
}

/** A block of U1 + U2, each column its own Latin hypercube (independent replicates per block). */
function lhsSumBlock(seed: number, block: number, m: number): Float64Array {
  const a = lhsColumn(seed, 'a', block, m);
  const b = lhsColumn(seed, 'b', block, m);
  return a.map((x, k) => x + b[k]);
}

function iidSumBlock(seed: number, block: number, m: number): Float64Array {
  const a = uniforms(seed, 'a', block, m);
  const b = uniforms(seed, 'b', block, m);
  return a.map((x, k) => x + b[k]);
}

/** The p-quantile of U1 + U2 (triangular on [0, 2]). */
const sumQuantile = (p: number): number => (p <= 0.5 ? Math.sqrt(2 * p) : 2 - Math.sqrt(2 * (1 - p)));

const sorted = (blocks: Float64Array[]): Float64Array => {
  const all = new Float64Array(blocks.reduce((s, b) => s + b.length, 0));
  let at = 0;
  for (const b of blocks) (all.set(b, at), (at += b.length));
  return all.sort();
};

describe('the design effect from replicate blocks', () => {
  it('is about 1 for independent draws (within 4 standard errors of its estimate over 400 blocks)', () => {
    const blocks = Array.from({ length: 400 }, (_, i) => iidSumBlock(1, i, 2048));
    for (const p of PS) {
      const deff = designEffect(blockCounts(blocks, sumQuantile(p)), p);
      expect(Math.abs(deff - 1), `P${100 * p}: ${deff}`).toBeLessThan(4 * Math.sqrt(2 / 399));
    }
  });

  it('is below 1 under a Latin hypercube of an additive output (about a third at P50, where the indicator is nearly additive), and narrows the interval by its square root', () => {
    const blocks = Array.from({ length: 400 }, (_, i) => lhsSumBlock(2, i, 2048));
    const pooled = sorted(blocks);
    for (const p of PS) {
      const deff = designEffect(blockCounts(blocks, sumQuantile(p)), p);
      expect(deff, `P${100 * p}`).toBeLessThan(p === 0.5 ? 0.5 : 1);
      const [plo, phi] = woodruffProbabilities(p, pooled.length, deff);
      const [mlo, mhi] = woodruffProbabilities(p, pooled.length, 1);
      expect((phi - plo) / (mhi - mlo)).toBeCloseTo(Math.sqrt(deff), 10);
    }
  });

  it(`falls back to 1 below ${MIN_REPLICATES} blocks`, () => {
    const blocks = Array.from({ length: MIN_REPLICATES - 1 }, (_, i) => lhsSumBlock(3, i, 2048));
    expect(designEffect(blockCounts(blocks, 1), 0.5)).toBe(1);
  });
});

describe("Woodruff's interval", () => {
  it("uses Student's t quantiles within 1e-3 of the table", () => {
    // t(0.975) on 10, 30 and 47 degrees of freedom, and the normal 1.959964 in the limit.
    expect(studentQuantile(0.975, 10)).toBeCloseTo(2.228139, 3);
    expect(studentQuantile(0.975, 30)).toBeCloseTo(2.042272, 3);
    expect(studentQuantile(0.975, 47)).toBeCloseTo(2.011741, 3);
    expect(studentQuantile(0.025, Infinity)).toBeCloseTo(-1.959964, 6);
  });

  it('with a design effect of 1 is the binomial interval within two ranks', () => {
    for (const n of [2000, 100_000]) {
      for (const p of [0.01, ...PS, 0.99]) {
        const binomial = percentileIntervalRanks(n, p);
        const [lo, hi] = woodruffRanks(p, n, 1);
        // Binomial ranks are 1-based order statistics; type-7 ranks 0-based, interpolated between lo and lo + 1.
        expect(Math.abs(lo.lo + 1 - binomial.lo), `n ${n} P${100 * p} lo`).toBeLessThanOrEqual(2);
        expect(Math.abs(hi.lo + 1 - binomial.hi), `n ${n} P${100 * p} hi`).toBeLessThanOrEqual(2);
      }
    }
  });

  it('covers the true P5, P50 and P95 of a Latin hypercube sum 92% to 98% of the time over 400 runs of 48 blocks', () => {
    const runs = 400;
    const covered = PS.map(() => 0);
    const widthRatio = PS.map(() => 0);
    for (let run = 0; run < runs; run++) {
      const blocks = Array.from({ length: 48 }, (_, i) => lhsSumBlock(1000 + run, i, 512));
      const pooled = sorted(blocks);
      PS.forEach((p, j) => {
        // As the engine would: the design effect at the pooled estimate, not at the unknown truth.
        const deff = designEffect(blockCounts(blocks, percentileOfSorted(pooled, p)), p);
        const [lo, hi] = woodruffInterval(pooled, p, deff, 0.95, blocks.length);
        const truth = sumQuantile(p);
        if (lo <= truth && truth <= hi) covered[j]++;
        const [mlo, mhi] = woodruffInterval(pooled, p, 1);
        widthRatio[j] += (hi - lo) / (mhi - mlo) / runs;
      });
    }
    PS.forEach((p, j) => {
      expect(covered[j] / runs, `P${100 * p}: ${covered[j]} of ${runs}`).toBeGreaterThanOrEqual(0.92);
      expect(covered[j] / runs, `P${100 * p}: ${covered[j]} of ${runs}`).toBeLessThanOrEqual(0.98);
      // And narrower than the Monte Carlo interval on the same draws, as the design earns.
      expect(widthRatio[j], `P${100 * p}`).toBeLessThan(1);
    });
  });
});
