/**
 * How sure a percentile is: the distribution-free confidence interval for the p-quantile Q_p
 * from n independent draws, between two order statistics (Hahn & Meeker, "Statistical
 * Intervals", 1991, section 5.2; the binomial method). The number of draws at or below Q_p is
 * Binomial(n, p), so for 1-based ranks lo < hi
 *
 *   P(X(lo) <= Q_p <= X(hi)) = F(hi - 1) - F(lo - 1),   F the Binomial(n, p) CDF.
 *
 * Each tail is kept at most (1 - confidence) / 2: lo is the largest rank with F(lo - 1) <= 2.5%,
 * hi the smallest with F(hi - 1) >= 97.5%. That makes the interval as symmetric in probability as
 * the discrete ranks allow, and its coverage at least the confidence (reported exactly).
 *
 * The interval holds for independent draws only (plain Monte Carlo); Latin hypercube and
 * quasi-Monte Carlo draws need replicates instead (docs/sampling.md).
 */
import { binomialDistribution } from 'simple-statistics';
import { normalCdf, normalQuantile } from '../families/special.js';

/** Up to this many draws F is the exact binomial CDF; above, its normal approximation. */
export const EXACT_INTERVAL_MAX_N = 65_536;

export interface PercentileRanks {
  /** 1-based ranks of the order statistics bounding the interval, 1 <= lo <= hi <= n. */
  lo: number;
  hi: number;
  /** P(X(lo) <= Q_p <= X(hi)) under F (exact below EXACT_INTERVAL_MAX_N, else approximate). */
  coverage: number;
  method: 'exact binomial' | 'normal approximation';
}

/**
 * The ranks of the interval. Exact: the binomial CDF from simple-statistics' binomialDistribution
 * (mass function through log-gamma, summed). Above EXACT_INTERVAL_MAX_N: the binomial's normal
 * approximation with continuity correction and its first Cornish-Fisher term (skewness
 * (1 - 2p) / sigma), which moves a bound by at most half a rank and makes the two methods agree
 * at the switch (tested).
 *
 * Cost: O(n) for the exact method (about 8 ms at the switch), O(1) above.
 * @throws {RangeError} for n < 1 or p outside (0, 1)
 * @example percentileIntervalRanks(1000, 0.9) // {lo: 881, hi: 919, coverage: 0.9549, ...}
 */
export function percentileIntervalRanks(n: number, p: number, confidence = 0.95): PercentileRanks {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n (${n}) must be a whole number of draws, at least 1`);
  if (!(p > 0 && p < 1)) throw new RangeError(`p (${p}) must be between 0 and 1, exclusive`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence (${confidence}) must be between 0 and 1, exclusive`);
  const tail = (1 - confidence) / 2;
  return n <= EXACT_INTERVAL_MAX_N ? exactRanks(n, p, tail) : approximateRanks(n, p, tail);
}

function exactRanks(n: number, p: number, tail: number): PercentileRanks {
  const pmf = binomialDistribution(n, p);
  if (!pmf) throw new Error(`simple-statistics gave no binomial distribution for n ${n}, p ${p}`);
  // F(k) for k = -1 .. n; the table stops once it holds all but 1e-4 of the mass, so past it F is 1.
  const cdf = new Float64Array(n + 2).fill(1);
  cdf[0] = 0;
  let sum = 0;
  for (let k = 0; k < pmf.length; k++) cdf[k + 1] = sum += pmf[k];
  const F = (k: number) => cdf[k + 1];
  let lo = 1;
  while (lo < n && F(lo) <= tail) lo++;
  let hi = lo;
  while (hi < n && F(hi - 1) < 1 - tail) hi++;
  return { lo, hi, coverage: F(hi - 1) - F(lo - 1), method: 'exact binomial' };
}

function approximateRanks(n: number, p: number, tail: number): PercentileRanks {
  const mean = n * p;
  const sd = Math.sqrt(n * p * (1 - p));
  const z = -normalQuantile(tail);
  // The skewness term shifts both bounds the same way: (1 - 2p)(z^2 - 1) / 6 ranks.
  const skew = ((1 - 2 * p) * (z * z - 1)) / 6;
  const lo = Math.min(n, Math.max(1, Math.floor(mean + 0.5 - z * sd + skew)));
  const hi = Math.min(n, Math.max(lo, Math.ceil(mean + 0.5 + z * sd + skew)));
  const F = (k: number) => normalCdf((k + 0.5 - mean) / sd);
  return { lo, hi, coverage: F(hi - 1) - F(lo - 1), method: 'normal approximation' };
}

/**
 * The interval's values from ascending draws: [x(lo), x(hi)].
 * @example percentileInterval(sortedDraws, 0.95) // [lo, hi]
 */
export function percentileInterval(sorted: ArrayLike<number>, p: number, confidence = 0.95): [number, number] {
  const { lo, hi } = percentileIntervalRanks(sorted.length, p, confidence);
  return [sorted[lo - 1], sorted[hi - 1]];
}

/**
 * The interval from histogram counts, for runs whose draws are not kept (the streamed
 * percentiles): `cumulative[i]` draws lie in bins 0..i, bin i being [edges[i], edges[i + 1]).
 * The ranks are those of n = cumulative[last] draws; the value at a rank is the middle of the
 * bin holding it, clamped to [min, max], the rule streamingPercentiles (src/summary) uses for the
 * percentile itself, so the interval always contains the percentile it belongs to. Each bound is
 * then within half a bin of the order statistic it stands for.
 *
 * Cost: O(log bins) per bound.
 */
export function percentileIntervalFromCounts(
  cumulative: ArrayLike<number>,
  edges: ArrayLike<number>,
  p: number,
  options: { confidence?: number; min?: number; max?: number } = {},
): { lo: number; hi: number; ranks: PercentileRanks } {
  const bins = cumulative.length;
  if (bins < 1 || edges.length !== bins + 1) {
    throw new RangeError(`${edges.length} bin edges for ${bins} bins; give one edge more than bins`);
  }
  const ranks = percentileIntervalRanks(cumulative[bins - 1], p, options.confidence);
  const min = options.min ?? -Infinity;
  const max = options.max ?? Infinity;
  const valueAt = (rank: number) => {
    const bin = binHolding(cumulative, rank);
    const middle = (edges[bin] + edges[bin + 1]) / 2;
    return Math.min(max, Math.max(min, middle));
  };
  return { lo: valueAt(ranks.lo), hi: valueAt(ranks.hi), ranks };
}

/** The first bin whose cumulative count reaches the 1-based rank. */
function binHolding(cumulative: ArrayLike<number>, rank: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid] >= rank) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
