/**
 * Percentiles, one definition everywhere: linear interpolation between order statistics at
 * h = (n - 1) p, R's type 7 and numpy's default (simple-statistics' quantileSorted since 7.8.9).
 * For [3, 6, 7, 8, 8, 10, 13, 15, 16, 20] it gives P25 = 7.25 and P75 = 14.5.
 *
 * Computed without sorting whole columns: a KeyHistogram says which narrow bin holds each
 * needed order statistic; only the draws in those bins are collected and sorted.
 */
import { binBounds, MergedHistogram, relativeBinWidth, STREAMING_BITS } from './histogram.js';

/** The 0-based order statistics type 7 needs for p over n draws, and the weight of the upper one. */
export function type7Ranks(n: number, p: number): { lo: number; hi: number; frac: number } {
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return { lo, hi, frac: h - lo };
}

export function interpolate(lo: number, hi: number, frac: number): number {
  return frac === 0 ? lo : lo + frac * (hi - lo);
}

/** Type-7 percentile of an ascending array. */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  const { lo, hi, frac } = type7Ranks(sorted.length, p);
  return interpolate(sorted[lo], sorted[hi], frac);
}

/** The keys whose draws an exact selection must collect for these percentiles. */
export function targetKeys(hist: MergedHistogram, ps: readonly number[]): number[] {
  const ranks = ranksFor(hist.total, ps);
  return [...new Set(hist.locate(ranks).map((f) => f.key))].sort((a, b) => a - b);
}

function ranksFor(n: number, ps: readonly number[]): number[] {
  const ranks = new Set<number>();
  for (const p of ps) {
    const { lo, hi } = type7Ranks(n, p);
    ranks.add(lo);
    ranks.add(hi);
  }
  return [...ranks].sort((a, b) => a - b);
}

/**
 * Exact type-7 percentiles from the histogram and the draws collected from its target keys
 * (any order; sorted here).
 */
export function exactPercentiles(
  hist: MergedHistogram,
  ps: readonly number[],
  collected: Map<number, Float64Array>,
): number[] {
  const ranks = ranksFor(hist.total, ps);
  const where = new Map<number, { key: number; below: number }>();
  hist.locate(ranks).forEach((f, i) => where.set(ranks[i], f));
  const sorted = new Map<number, Float64Array>();
  for (const [key, values] of collected) sorted.set(key, Float64Array.from(values).sort());
  const orderStatistic = (rank: number): number => {
    const f = where.get(rank)!;
    const values = sorted.get(f.key);
    if (!values || rank - f.below >= values.length) {
      throw new Error(`percentile selection lost draws of key ${f.key} (rank ${rank})`);
    }
    return values[rank - f.below];
  };
  return ps.map((p) => {
    const { lo, hi, frac } = type7Ranks(hist.total, p);
    return interpolate(orderStatistic(lo), orderStatistic(hi), frac);
  });
}

/**
 * Type-7 percentiles from the histogram alone: each order statistic is taken as the middle of
 * its bin, clamped to the exact min and max, so its relative error is at most half a bin
 * width (2^-14, about 6.1e-5, at STREAMING_BITS), and so is the interpolation between two.
 */
export function streamingPercentiles(
  hist: MergedHistogram,
  ps: readonly number[],
  min: number,
  max: number,
): number[] {
  const ranks = ranksFor(hist.total, ps);
  const estimate = new Map<number, number>();
  hist.locate(ranks).forEach((f, i) => {
    const [a, b] = binBounds(f.key, hist.bits);
    estimate.set(ranks[i], Math.min(max, Math.max(min, a === b ? a : (a + b) / 2)));
  });
  return ps.map((p) => {
    const { lo, hi, frac } = type7Ranks(hist.total, p);
    return interpolate(estimate.get(lo)!, estimate.get(hi)!, frac);
  });
}

/** The bound streamingPercentiles keeps at STREAMING_BITS, stated in the JSON. */
export const STREAMING_MAX_RELATIVE_ERROR = relativeBinWidth(STREAMING_BITS) / 2;
