/**
 * Percentiles, one definition everywhere: linear interpolation between order statistics at
 * h = (n - 1) p, R's type 7 and numpy's default (simple-statistics' quantileSorted since 7.8.9).
 * For [3, 6, 7, 8, 8, 10, 13, 15, 16, 20] it gives P25 = 7.25 and P75 = 14.5.
 *
 * Computed without sorting whole columns: a KeyHistogram says which narrow bin holds each
 * needed order statistic; only the draws in those bins are collected, and the order statistics
 * selected among them.
 */
import { binBounds, FINE_BITS, type FineCounts, type MergedHistogram, relativeBinWidth, STREAMING_BITS } from './histogram.js';
import { selectInPlace } from './select.js';
import { percentileIntervalRanks } from '../sampling/percentile-interval.js';

/** The 0-based order statistics type 7 needs for p over n draws, and the weight of the upper one. */
export function type7Ranks(n: number, p: number): { lo: number; hi: number; frac: number } {
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return { lo, hi, frac: h - lo };
}

/**
 * The inverse of type7Ranks for one draw: the probability whose type-7 percentile among n draws
 * is exactly the order statistic of 0-based `rank` (what compare asks to select an interval's
 * bounds as percentiles). rank / (n - 1), or the neighbour whose product is the rank exactly.
 */
export function probabilityOfRank(rank: number, n: number): number {
  const p = rank / (n - 1);
  const ulp = Number.EPSILON * Math.max(p, Number.MIN_VALUE);
  for (const k of [0, -1, 1, -2, 2]) if ((n - 1) * (p + k * ulp) === rank) return p + k * ulp;
  let q = p;
  while (Math.floor((n - 1) * q) < rank) q += ulp;
  return Math.min(1, q);
}

export function interpolate(lo: number, hi: number, frac: number): number {
  // Equal neighbours (two infinities included) are their own value; towards an infinity is infinite.
  if (frac === 0 || lo === hi) return lo;
  return hi === Infinity ? Infinity : lo + frac * (hi - lo);
}

/** Type-7 percentile of an ascending array. */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  const { lo, hi, frac } = type7Ranks(sorted.length, p);
  return interpolate(sorted[lo], sorted[hi], frac);
}

/**
 * The keys holding the order statistics of these percentiles, and of the 95% intervals of
 * `intervalPs` (see intervalRanks): what selection collects, or sub-bins count.
 */
export function targetKeys(hist: MergedHistogram, ps: readonly number[], intervalPs: readonly number[] = [], ranksOf: IntervalRankRule = intervalRanks): number[] {
  const ranks = ranksFor(hist.total, ps, intervalPs, ranksOf);
  return [...new Set(hist.locate(ranks).map((f) => f.key))].sort((a, b) => a - b);
}

/**
 * The 0-based order statistics bounding a percentile's 95% interval among n draws: the binomial
 * ones (intervalRanks) for plain Monte Carlo, Woodruff's under a design (src/engine/design-effect.ts).
 */
export type IntervalRankRule = (n: number, p: number) => { lo: number; hi: number };

function ranksFor(n: number, ps: readonly number[], intervalPs: readonly number[] = [], ranksOf: IntervalRankRule = intervalRanks): number[] {
  const ranks = new Set<number>();
  for (const p of ps) {
    const { lo, hi } = type7Ranks(n, p);
    ranks.add(lo);
    ranks.add(hi);
  }
  for (const p of intervalPs) {
    const { lo, hi } = ranksOf(n, p);
    ranks.add(lo);
    ranks.add(hi);
  }
  return [...ranks].sort((a, b) => a - b);
}

const intervalMemo = new Map<string, { lo: number; hi: number }>();

/**
 * The 0-based order statistics bounding the 95% confidence interval of the p-quantile over n
 * independent draws (Hahn & Meeker's binomial method, src/sampling/percentile-interval.ts).
 * Memoized: every output of a run has the same n unless a row filter thins it, and the exact
 * binomial costs O(n) up to EXACT_INTERVAL_MAX_N.
 */
export function intervalRanks(n: number, p: number): { lo: number; hi: number } {
  const memo = `${n} ${p}`;
  let ranks = intervalMemo.get(memo);
  if (!ranks) {
    const r = percentileIntervalRanks(n, p);
    ranks = { lo: r.lo - 1, hi: r.hi - 1 };
    if (intervalMemo.size > 1024) intervalMemo.clear();
    intervalMemo.set(memo, ranks);
  }
  return ranks;
}

/** The keys located for each rank, with how many draws sort below them. */
function located(hist: MergedHistogram, ranks: number[]): Map<number, { key: number; below: number }> {
  const where = new Map<number, { key: number; below: number }>();
  hist.locate(ranks).forEach((f, i) => where.set(ranks[i], f));
  return where;
}

/**
 * Exact type-7 percentiles from the histogram and the draws collected from its target keys
 * (any order). Each needed order statistic is selected (Floyd-Rivest) within its key's draws.
 */
export function exactPercentiles(
  hist: MergedHistogram,
  ps: readonly number[],
  collected: Map<number, Float64Array>,
): number[] {
  return fromOrderStatistics(hist.total, ps, exactOrderStatistics(hist, ranksFor(hist.total, ps), collected));
}

/** Exact 95% intervals [x(lo), x(hi)] of the percentiles `ps`, from draws collected as for exactPercentiles. */
export function exactIntervals(
  hist: MergedHistogram,
  ps: readonly number[],
  collected: Map<number, Float64Array>,
  ranksOf: IntervalRankRule = intervalRanks,
): [number, number][] {
  return toIntervals(hist.total, ps, exactOrderStatistics(hist, ranksFor(hist.total, [], ps, ranksOf), collected), ranksOf);
}

function fromOrderStatistics(n: number, ps: readonly number[], value: Map<number, number>): number[] {
  return ps.map((p) => {
    const { lo, hi, frac } = type7Ranks(n, p);
    return interpolate(value.get(lo)!, value.get(hi)!, frac);
  });
}

function toIntervals(n: number, ps: readonly number[], value: Map<number, number>, ranksOf: IntervalRankRule): [number, number][] {
  return ps.map((p) => {
    const { lo, hi } = ranksOf(n, p);
    return [value.get(lo)!, value.get(hi)!];
  });
}

/** The order statistics at these 0-based ranks (ascending), selected within their keys' draws. */
function exactOrderStatistics(hist: MergedHistogram, ranks: number[], collected: Map<number, Float64Array>): Map<number, number> {
  const where = located(hist, ranks);
  const value = new Map<number, number>();
  // Ranks ascend, so within a key each selection leaves the smaller draws to its left.
  let current = -1;
  let left = 0;
  let draws = new Float64Array(0);
  let same = false;
  for (const rank of ranks) {
    const f = where.get(rank)!;
    if (f.key !== current) {
      current = f.key;
      left = 0;
      draws = Float64Array.from(collected.get(f.key) ?? []);
      same = allSame(draws);
    }
    const at = rank - f.below;
    if (at >= draws.length) throw new Error(`percentile selection lost draws of key ${f.key} (rank ${rank})`);
    // A key of one value (an output that does not vary, in a comparison): every rank is that value.
    if (same) {
      value.set(rank, draws[0]);
      continue;
    }
    selectInPlace(draws, at, left, draws.length - 1);
    left = at;
    value.set(rank, draws[at]);
  }
  return value;
}

/** Whether every value is the same one, bit for bit (so that 0 and -0 are not taken for one). */
function allSame(values: Float64Array): boolean {
  if (!values.length) return false;
  const bits = new Uint32Array(values.buffer, values.byteOffset, 2 * values.length);
  const lo = bits[0];
  const hi = bits[1];
  for (let i = 2; i < bits.length; i += 2) if (bits[i] !== lo || bits[i + 1] !== hi) return false;
  return true;
}

/**
 * Type-7 percentiles from the coarse histogram and the sub-bin counts inside the coarse keys
 * that hold the wanted order statistics (`fine` must count every one of targetKeys). Each
 * order statistic is taken as the middle of its sub-bin, clamped to the exact min and max, so
 * its relative error is at most half a sub-bin's width (2^-14, about 6.1e-5, at
 * STREAMING_BITS), and so is the interpolation between two.
 */
export function streamingPercentiles(
  hist: MergedHistogram,
  fine: FineCounts,
  ps: readonly number[],
  min: number,
  max: number,
): number[] {
  return fromOrderStatistics(hist.total, ps, streamedOrderStatistics(hist, fine, ranksFor(hist.total, ps), min, max));
}

/**
 * The 95% intervals of the percentiles `ps` from the same counts as streamingPercentiles: the
 * order statistics at the interval's ranks (intervalRanks of the run's n, the normal
 * approximation at these sizes), each the middle of its sub-bin clamped to [min, max] as a
 * streamed percentile is. Each bound is then within half a sub-bin (STREAMING_MAX_RELATIVE_ERROR)
 * of the exact order statistic, and since the estimate is monotone in the rank the interval
 * contains the streamed percentile.
 */
export function streamingIntervals(
  hist: MergedHistogram,
  fine: FineCounts,
  ps: readonly number[],
  min: number,
  max: number,
  ranksOf: IntervalRankRule = intervalRanks,
): [number, number][] {
  return toIntervals(hist.total, ps, streamedOrderStatistics(hist, fine, ranksFor(hist.total, [], ps, ranksOf), min, max), ranksOf);
}

function streamedOrderStatistics(hist: MergedHistogram, fine: FineCounts, ranks: number[], min: number, max: number): Map<number, number> {
  const estimate = new Map<number, number>();
  for (const [rank, { key, below }] of located(hist, ranks)) {
    if (!fine.has(key)) throw new Error(`streaming percentiles: key ${key} (rank ${rank}) has no sub-bin counts`);
    const subs = fine.of(key);
    let cum = below;
    let s = 0;
    while (s < subs.length - 1 && rank >= cum + subs[s]) cum += subs[s++];
    const [a, b] = binBounds((key << FINE_BITS) | s, STREAMING_BITS);
    const middle = a === b ? a : (a + b) / 2;
    // The bin of ∞ has no middle: its draws are ∞.
    estimate.set(rank, Number.isFinite(middle) || max !== Infinity ? Math.min(max, Math.max(min, middle)) : Infinity);
  }
  return estimate;
}

/** The bound streamingPercentiles keeps at STREAMING_BITS, stated in the JSON. */
export const STREAMING_MAX_RELATIVE_ERROR = relativeBinWidth(STREAMING_BITS) / 2;
