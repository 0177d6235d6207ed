import { sampleCorrelation, sampleVariance, mean } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { makeDistribution } from '../../src/families/index.js';
import { CHUNK_SIZE, fillUniforms } from '../../src/random/streams.js';
import { latinHypercube } from '../oracles/latin-hypercube.js';

function column(seed: number, name: string, chunk: number, n: number): Float64Array {
  const u = new Float64Array(n);
  latinHypercube(seed, name, chunk, u, n);
  return u;
}

describe('a Latin hypercube column', () => {
  it('puts exactly one uniform in each of the n strata, strictly inside (0, 1)', () => {
    for (const n of [1, 2, 3, 1000, CHUNK_SIZE]) {
      const sorted = column(1, 'sora_params', 0, n).sort();
      const outside = sorted.filter((x, i) => !(x > i / n && x < (i + 1) / n));
      expect(outside).toHaveLength(0);
    }
  });

  it('keeps the marginal: sorted draws lie between the exact quantiles of their stratum', () => {
    const n = 5000;
    for (const spec of [
      { dist: 'lognormal', p5: 5e9, p95: 60e9 },
      { dist: 'triangular', min: 10, mode: 20, max: 60 },
      { dist: 'beta', alpha: 2, beta: 5 },
    ] as const) {
      const dist = makeDistribution(spec);
      const draws = new Float64Array(n);
      dist.fill(column(3, 'video_seconds', 2, n), draws, n);
      draws.sort();
      // Inversion tables are accurate to a u-error of 1e-10: allow that much probability.
      const outside = draws.filter((x, i) => !(dist.cdf(x) >= i / n - 1e-9 && dist.cdf(x) <= (i + 1) / n + 1e-9));
      expect(outside).toHaveLength(0);
    }
  });

  it('is the same for the same (seed, assumption, chunk, n), and another for any other', () => {
    const a = column(42, 'sora_params', 5, 4096);
    expect(column(42, 'sora_params', 5, 4096)).toEqual(a);
    for (const other of [column(43, 'sora_params', 5, 4096), column(42, 'data_multiplier', 5, 4096), column(42, 'sora_params', 6, 4096)]) {
      expect(other).not.toEqual(a);
      // Independent columns: the correlation of 4,096 pairs has standard error 1/64; allow 4 of them.
      expect(Math.abs(sampleCorrelation(Array.from(a), Array.from(other)))).toBeLessThan(4 / 64);
    }
  });

  it('leaves alone the rows past n and uses the given scratch', () => {
    const u = new Float64Array(10).fill(-1);
    latinHypercube(1, 'sora_params', 0, u, 6, new Int32Array(6));
    expect(Array.from(u.subarray(6))).toEqual([-1, -1, -1, -1]);
    expect(() => latinHypercube(1, 'sora_params', 0, u, 11)).toThrow(RangeError);
  });

  it('estimates the mean of a product of three uniforms without bias and with under half the variance of Monte Carlo', () => {
    // 1/8 exactly. Of Var(u1 u2 u3) = 1/27 - 1/64, the three main effects carry 3/192, 73%,
    // which stratification removes: expect a variance ratio near 0.27. With 200 replicates
    // each variance is known to about 10%, so the margin to 0.5 is many standard errors.
    const n = 1000;
    const replicates = 200;
    const names = ['sora_params', 'data_multiplier', 'video_fraction'];
    const estimate = (draw: (name: string, seed: number) => Float64Array, seed: number) => {
      const cols = names.map((name) => draw(name, seed));
      let sum = 0;
      for (let i = 0; i < n; i++) sum += cols[0][i] * cols[1][i] * cols[2][i];
      return sum / n;
    };
    const lhs = Array.from({ length: replicates }, (_, seed) => estimate((name, s) => column(s, name, 0, n), seed));
    const mc = Array.from({ length: replicates }, (_, seed) =>
      estimate((name, s) => {
        const u = new Float64Array(n);
        fillUniforms(s, name, 0, u);
        return u;
      }, seed),
    );
    const ratio = sampleVariance(lhs) / sampleVariance(mc);
    expect(ratio).toBeLessThan(0.5);
    expect(Math.abs(mean(lhs) - 1 / 8)).toBeLessThan(4 * Math.sqrt(sampleVariance(lhs) / replicates));
  });
});
