import { mean, sampleVariance } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { ASSUMPTIONS } from '../../src/model/assumptions.js';
import { CHUNK_SIZE, fillUniforms } from '../../src/random/streams.js';
import { directionNumbers, SOBOL_DIMENSIONS } from '../../src/sampling/sobol.js';
import { scrambledSobol, sobolUniforms } from '../oracles/sobol-sequence.js';

/** Unscrambled points, as the multiples of 2^-32 they are (the uniforms add half a step). */
function points(dimension: number, start: number, n: number): Float64Array {
  const u = new Float64Array(n);
  sobolUniforms(directionNumbers(dimension), start, n, u);
  return u.map((x) => x - 2 ** -33);
}

function scrambled(seed: number, name: string, dimension: number, chunk: number, n = CHUNK_SIZE): Float64Array {
  const u = new Float64Array(n);
  scrambledSobol(seed, name, dimension, chunk, u, n);
  return u;
}

/** How many of the 2^k intervals of width 2^-k do not hold exactly one of the values. */
function badIntervals(values: ArrayLike<number>, k: number): number {
  const count = new Uint32Array(2 ** k);
  for (let i = 0; i < values.length; i++) count[Math.floor(values[i] * 2 ** k)]++;
  return count.filter((c) => c !== 1).length;
}

describe('the Sobol sequence with Joe & Kuo direction numbers', () => {
  it('has a dimension for every assumption of the model', () => {
    expect(SOBOL_DIMENSIONS).toBe(32);
    expect(ASSUMPTIONS.length).toBeLessThanOrEqual(SOBOL_DIMENSIONS);
    expect(() => directionNumbers(SOBOL_DIMENSIONS)).toThrow(RangeError);
  });

  it('starts with the published points (Gray-code order, as scipy.stats.qmc.Sobol gives them)', () => {
    expect(Array.from(points(0, 0, 8))).toEqual([0, 0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125]);
    expect(Array.from(points(1, 0, 8))).toEqual([0, 0.5, 0.25, 0.75, 0.375, 0.875, 0.125, 0.625]);
  });

  it('before scrambling: each 1-D projection of the first 2^k points is a (0,k,1)-net, in every dimension', () => {
    for (let d = 0; d < SOBOL_DIMENSIONS; d++) {
      const first = points(d, 0, 2 ** 16);
      for (const k of [1, 4, 10, 16]) expect(badIntervals(first.subarray(0, 2 ** k), k)).toBe(0);
      // Any aligned block is a net too: the third chunk's points.
      expect(badIntervals(points(d, 2 * CHUNK_SIZE, CHUNK_SIZE), 16)).toBe(0);
    }
  });

  it('before scrambling: the first two dimensions form a (0,k,2)-net, one point per square', () => {
    const k = 12;
    const [x, y] = [points(0, 0, 2 ** k), points(1, 0, 2 ** k)];
    const cells = new Set<number>();
    for (let i = 0; i < x.length; i++) cells.add(Math.floor(x[i] * 2 ** (k / 2)) * 2 ** (k / 2) + Math.floor(y[i] * 2 ** (k / 2)));
    expect(cells.size).toBe(2 ** k);
  });
});

describe('scrambled Sobol uniforms for one assumption in one chunk', () => {
  it('keep every chunk a net: one uniform in each interval of width 2^-16, strictly inside (0, 1)', () => {
    for (const [d, chunk] of [[0, 0], [5, 3], [25, 1]]) {
      const u = scrambled(9, 'sora_params', d, chunk);
      expect(badIntervals(u, 16)).toBe(0);
      expect(u.every((x) => x > 0 && x < 1)).toBe(true);
    }
  });

  it('continue one sequence across chunks: two chunks together are a net of 2^17 points', () => {
    const both = [...scrambled(9, 'data_multiplier', 4, 0), ...scrambled(9, 'data_multiplier', 4, 1)];
    expect(badIntervals(both, 17)).toBe(0);
  });

  it('are the same for the same (seed, assumption, dimension, chunk), and another for another seed or assumption', () => {
    const a = scrambled(1, 'sora_params', 3, 2, 1000);
    expect(scrambled(1, 'sora_params', 3, 2, 1000)).toEqual(a);
    expect(scrambled(2, 'sora_params', 3, 2, 1000)).not.toEqual(a);
    expect(scrambled(1, 'data_multiplier', 3, 2, 1000)).not.toEqual(a);
  });

  it('estimate the mean of a product of five uniforms without bias, with far less variance than Monte Carlo', () => {
    // E[u1 ... u5] = 1/32. 64 scrambles of 4,096 points against 64 Monte Carlo runs of 4,096
    // draws: a smooth integrand converges almost as 1/n under scrambled Sobol against 1/sqrt(n),
    // so the variance ratio is of order 1e-3; 0.05 leaves a wide margin. The scrambled estimates
    // are unbiased: their mean is within 4 of its standard errors of 1/32.
    const n = 4096;
    const replicates = 64;
    const names = ASSUMPTIONS.slice(0, 5).map((a) => a.name);
    const estimate = (columns: Float64Array[]) => {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += columns[0][i] * columns[1][i] * columns[2][i] * columns[3][i] * columns[4][i];
      return sum / n;
    };
    const qmc = Array.from({ length: replicates }, (_, seed) => estimate(names.map((name, d) => scrambled(seed, name, d, 0, n))));
    const mc = Array.from({ length: replicates }, (_, seed) =>
      estimate(
        names.map((name) => {
          const u = new Float64Array(n);
          fillUniforms(seed, name, 0, u);
          return u;
        }),
      ),
    );
    const ratio = sampleVariance(qmc) / sampleVariance(mc);
    expect(ratio).toBeLessThan(0.05);
    expect(Math.abs(mean(qmc) - 1 / 32)).toBeLessThan(4 * Math.sqrt(sampleVariance(qmc) / replicates));
  });

  it('refuse more rows than a chunk and points past 2^32', () => {
    expect(() => scrambledSobol(1, 'sora_params', 0, 0, new Float64Array(CHUNK_SIZE + 1))).toThrow(RangeError);
    expect(() => sobolUniforms(directionNumbers(0), 2 ** 32 - 1, 2, new Float64Array(2))).toThrow(RangeError);
  });
});
