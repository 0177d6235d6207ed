/**
 * Sobol indices of any vectorized model from two independent sample matrices A and B and the
 * hybrids A_B^i (A with column i taken from B): first order by Saltelli et al. (2010, Table 2,
 * formula b), total effect by Jansen (1999, Saltelli 2010 Table 2, formula f). Each with a
 * percentile-bootstrap 95% interval, resampling rows with a seeded generator so that it is
 * reproducible. Cost: k + 2 model evaluations of n rows for k inputs.
 *
 * References: A. Saltelli et al., "Variance based sensitivity analysis of model output. Design
 * and estimator for the total sensitivity index", Computer Physics Communications 181 (2010)
 * 259-270; M.J.W. Jansen, "Analysis of variance designs for model output", Computer Physics
 * Communications 117 (1999) 35-43. SALib's sobol.analyze computes the same two estimators.
 */
import type { Columns } from '../model/model.js';
import { percentileOfSorted } from '../summary/percentiles.js';

/** A model as one function over input columns: n rows in, one output value per row out. */
export type VectorModel = (inputs: Columns, n: number) => Float64Array;

export interface SobolIndex {
  first: number;
  first_ci95: [number, number];
  total: number;
  total_ci95: [number, number];
}

export interface SobolOptions {
  /** Fills an array with uniforms in (0, 1), continuing one seeded stream: the bootstrap's rows. */
  random: (out: Float64Array) => void;
  /** Bootstrap resamples (default BOOTSTRAP_RESAMPLES). */
  resamples?: number;
}

export const BOOTSTRAP_RESAMPLES = 200;

/** Evaluates `model` on A, B and every A_B^i, and estimates the indices of `names`. */
export function sobolIndices(model: VectorModel, a: Columns, b: Columns, names: readonly string[], n: number, options: SobolOptions): Record<string, SobolIndex> {
  const yA = model(a, n).slice(0, n);
  const yB = model(b, n).slice(0, n);
  const yAB = names.map((name) => model({ ...a, [name]: b[name] }, n).slice(0, n));
  const found = sobolFromEvaluations(yA, yB, yAB, options);
  return Object.fromEntries(names.map((name, i) => [name, found[i]]));
}

/**
 * The estimators on evaluations already made: yA = f(A), yB = f(B), yAB[i] = f(A_B^i), equal
 * length. The values are centred on their common mean first: the first-order estimator is
 * unbiased whatever the centre, but its variance grows with the square of the mean (a log of
 * 1e25 FLOP is 57).
 */
export function sobolFromEvaluations(yA: Float64Array, yB: Float64Array, yAB: readonly Float64Array[], options: SobolOptions): SobolIndex[] {
  const n = yA.length;
  const k = yAB.length;
  let centre = 0;
  for (let r = 0; r < n; r++) centre += yA[r] + yB[r];
  centre /= 2 * n;
  // Per row, the terms whose means make the estimators: y_A + y_B and their squares (for the
  // variance), then each input's first-order and total-effect terms. Row-major, so one pass
  // over the rows sums them all, with or without bootstrap weights.
  const width = 2 + 2 * k;
  const terms = new Float64Array(n * width);
  for (let r = 0; r < n; r++) {
    const a = yA[r] - centre;
    const b = yB[r] - centre;
    const row = r * width;
    terms[row] = a + b;
    terms[row + 1] = a * a + b * b;
    for (let i = 0; i < k; i++) {
      const ab = yAB[i][r] - centre;
      terms[row + 2 + i] = b * (ab - a);
      terms[row + 2 + k + i] = 0.5 * (a - ab) ** 2;
    }
  }
  const sums = new Float64Array(width);
  const estimate = (weight: Float64Array | null): { first: number[]; total: number[] } => {
    sums.fill(0);
    for (let r = 0; r < n; r++) {
      const w = weight ? weight[r] : 1;
      if (w === 0) continue;
      const row = r * width;
      for (let j = 0; j < width; j++) sums[j] += w * terms[row + j];
    }
    const mean = sums[0] / (2 * n);
    const variance = sums[1] / (2 * n) - mean * mean;
    const index = (j: number) => (variance > 0 ? sums[j] / n / variance : 0);
    return { first: yAB.map((_, i) => index(2 + i)), total: yAB.map((_, i) => index(2 + k + i)) };
  };

  const point = estimate(null);
  const resamples = options.resamples ?? BOOTSTRAP_RESAMPLES;
  const firsts = yAB.map(() => new Float64Array(resamples));
  const totals = yAB.map(() => new Float64Array(resamples));
  const weight = new Float64Array(n);
  const uniforms = new Float64Array(n);
  for (let s = 0; s < resamples; s++) {
    // n rows drawn with replacement, as counts per row.
    weight.fill(0);
    options.random(uniforms);
    for (let j = 0; j < n; j++) weight[Math.floor(uniforms[j] * n)]++;
    const e = estimate(weight);
    for (let i = 0; i < k; i++) {
      firsts[i][s] = e.first[i];
      totals[i][s] = e.total[i];
    }
  }
  return yAB.map((_, i) => ({
    first: point.first[i],
    first_ci95: interval(firsts[i]),
    total: point.total[i],
    total_ci95: interval(totals[i]),
  }));
}

/** The 2.5th and 97.5th type-7 percentiles of the bootstrap estimates. */
function interval(estimates: Float64Array): [number, number] {
  const sorted = Float64Array.from(estimates).sort();
  return [percentileOfSorted(sorted, 0.025), percentileOfSorted(sorted, 0.975)];
}
