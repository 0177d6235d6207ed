import { sampleRankCorrelation } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { makeDistribution, type DistSpec } from '../../src/families/index.js';
import { CHUNK_SIZE, fillUniforms } from '../../src/random/streams.js';
import { conflictingColumns, correlationMatrixProblems } from '../../src/sampling/correlation-matrix.js';
import { imanConover, prepareRankCorrelation } from '../../src/sampling/iman-conover.js';

/** Four baseline-like assumptions and the rank correlations the examples suggest. */
const COLUMNS: [string, DistSpec][] = [
  ['sora_params', { dist: 'lognormal', p5: 5e9, p95: 60e9 }],
  ['inference_utilization', { dist: 'uniform', min: 0.2, max: 0.7 }],
  ['data_multiplier', { dist: 'lognormal', p5: 2, p95: 20 }],
  ['generations_per_upload', { dist: 'triangular', min: 1, mode: 2, max: 6 }],
];
const NAMES = COLUMNS.map(([name]) => name);
const TARGET = [
  [1, -0.6, 0.5, 0],
  [-0.6, 1, -0.3, 0],
  [0.5, -0.3, 1, 0.4],
  [0, 0, 0.4, 1],
];

/** The chunk's draws of each assumption, by inversion of its own stream. */
function draws(seed: number, chunk: number, n: number): Float64Array[] {
  return COLUMNS.map(([name, spec]) => {
    const u = new Float64Array(n);
    fillUniforms(seed, name, chunk, u);
    const x = new Float64Array(n);
    makeDistribution(spec).fill(u, x, n);
    return x;
  });
}

/** 100,000 rows as the engine would deal them: a full chunk and a partial one, each induced on its own. */
function run(seed: number, correlate: boolean): Float64Array[] {
  const target = prepareRankCorrelation(TARGET, NAMES);
  const sizes = [CHUNK_SIZE, 100_000 - CHUNK_SIZE];
  const chunks = sizes.map((n, chunk) => {
    const columns = draws(seed, chunk, n);
    if (correlate) imanConover(columns, n, target);
    return columns;
  });
  return NAMES.map((_, j) => {
    const whole = new Float64Array(100_000);
    whole.set(chunks[0][j], 0);
    whole.set(chunks[1][j], CHUNK_SIZE);
    return whole;
  });
}

describe('Iman-Conover rank correlation within a chunk', () => {
  const correlated = run(2024, true);
  const independent = run(2024, false);

  it('reaches every target Spearman correlation within 0.02 at 100,000 rows (two chunks)', () => {
    // The achieved Spearman correlation varies by about (1 - rho^2) / sqrt(n), 0.003 here
    // (0.004 within the smaller chunk), so 0.02 is five standard errors or more.
    for (let a = 0; a < NAMES.length; a++) {
      for (let b = a + 1; b < NAMES.length; b++) {
        const achieved = sampleRankCorrelation(Array.from(correlated[a]), Array.from(correlated[b]));
        expect(Math.abs(achieved - TARGET[a][b]), `${NAMES[a]} ~ ${NAMES[b]}: ${achieved}`).toBeLessThan(0.02);
      }
    }
  });

  it('keeps every marginal: the sorted draws of each column are identical with and without the correlation', () => {
    const differences = (x: Float64Array, y: Float64Array) => x.filter((v, i) => v !== y[i]).length;
    for (let j = 0; j < NAMES.length; j++) {
      // The first column sets the order the others follow (T = P F^-1 is lower triangular, T[0][0] = 1).
      if (j > 0) expect(differences(correlated[j], independent[j])).toBeGreaterThan(90_000);
      expect(differences(correlated[j].slice().sort(), independent[j].slice().sort())).toBe(0);
    }
  });

  it('depends on the draws alone: the same chunk gives the same rows', () => {
    const again = draws(2024, 0, 5000);
    const once = draws(2024, 0, 5000);
    const target = prepareRankCorrelation(TARGET, NAMES);
    imanConover(again, 5000, target);
    imanConover(once, 5000, target);
    expect(again).toEqual(once);
  });

  it('keeps tied values (a discrete assumption) and moves their ranks the wanted way', () => {
    const n = 20_000;
    const [x] = draws(5, 0, n);
    const u = new Float64Array(n);
    fillUniforms(5, 'frames_per_second', 0, u);
    const fps = new Float64Array(n);
    makeDistribution({ dist: 'discrete', values: [16, 24, 30], weights: [0.3, 0.5, 0.2] }).fill(u, fps, n);
    const before = fps.slice().sort();
    imanConover([x, fps], n, prepareRankCorrelation([[1, 0.5], [0.5, 1]]));
    expect(fps.slice().sort()).toEqual(before);
    // Ties cap what a three-valued column can show; it still comes out clearly positive.
    expect(sampleRankCorrelation(Array.from(x), Array.from(fps))).toBeGreaterThan(0.35);
  });

  it('leaves a chunk too small to correct alone, and refuses columns that do not match the target', () => {
    const tiny = draws(1, 0, 5);
    const copy = tiny.map((c) => c.slice());
    imanConover(tiny, 5, prepareRankCorrelation(TARGET, NAMES));
    expect(tiny).toEqual(copy);
    expect(() => imanConover(tiny.slice(0, 3), 5, prepareRankCorrelation(TARGET, NAMES))).toThrow(/3 columns for a 4 by 4 target/);
  });
});

describe('a target correlation matrix is checked before use', () => {
  it('must be symmetric, with a unit diagonal and values in [-1, 1]', () => {
    expect(correlationMatrixProblems([[1, 0.2], [0.3, 1]], ['a', 'b'])).toEqual(['the matrix must be symmetric; a ~ b is 0.2 one way and 0.3 the other']);
    expect(correlationMatrixProblems([[0.9, 0], [0, 1]], ['a', 'b'])).toEqual(['the diagonal must be 1; a has 0.9']);
    expect(correlationMatrixProblems([[1, 1.2], [1.2, 1]], ['a', 'b'])).toEqual(['a ~ b is 1.2; a rank correlation lies in [-1, 1]']);
    expect(() => prepareRankCorrelation([[1, 2], [2, 1]])).toThrow(RangeError);
  });

  it('must be positive definite, and names the pairs that cannot hold together', () => {
    // a and b move together, b and c together, yet a and c opposite: impossible. d is innocent.
    const m = [
      [1, 0.9, -0.9, 0.1],
      [0.9, 1, 0.9, 0],
      [-0.9, 0.9, 1, 0],
      [0.1, 0, 0, 1],
    ];
    expect(conflictingColumns(m)).toEqual([0, 1, 2]);
    expect(correlationMatrixProblems(m, ['a', 'b', 'c', 'd'])).toEqual([
      'the correlations a ~ b 0.9, a ~ c -0.9, b ~ c 0.9 cannot hold together: the matrix is not positive definite',
    ]);
    // Locked together (1 or -1) is singular, not positive definite.
    expect(correlationMatrixProblems([[1, -1], [-1, 1]], ['a', 'b'])).toHaveLength(1);
    expect(conflictingColumns(TARGET)).toBeUndefined();
  });
});
