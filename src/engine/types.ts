/**
 * What a run produces: the summaries `--json`, the terminal table and the reports are made from.
 * Field names are snake_case where they appear in JSON.
 */
import type { DistSpec } from '../families/types.js';
import type { Seed } from '../random/streams.js';
import type { SamplingMethod } from '../sampling/design.js';
import type { Conditioning, ObservationResult, PosteriorAssumption } from './condition.js';
import type { WhatMatters } from '../sensitivity/types.js';
import type { Override } from '../scenario/index.js';

export const PERCENTILES = [1, 5, 10, 25, 50, 75, 90, 95, 99] as const;
export type PercentileKey = `p${(typeof PERCENTILES)[number]}`;
export type PercentileValues = Record<PercentileKey, number>;
/** 95% confidence interval [lo, hi] of each percentile, same keys as PercentileValues. */
export type PercentileIntervals = Record<PercentileKey, [number, number]>;

/**
 * An interval's relative half-width, (hi - lo) / 2 / |x|: how --precision measures an interval,
 * and what the report flags above WIDE_INTERVAL.
 */
export function relativeHalfWidth(x: number, [lo, hi]: readonly [number, number]): number {
  if (lo === hi) return 0;
  return (hi - lo) / 2 / Math.abs(x);
}

/**
 * Past this relative half-width a percentile's interval is flagged wide: the terminal and report
 * print three significant digits, and at 5% the second is not settled (a P95 of 1.50M could be
 * 1.43M or 1.58M). A tail percentile resting on few draws beyond it fails this too.
 */
export const WIDE_INTERVAL = 0.05;

/** Counts of draws per bin; edges has one more entry than counts. */
export interface Histogram {
  scale: 'log' | 'linear';
  edges: number[];
  counts: number[];
}

export interface OutputSummary {
  unit: string;
  mean: number;
  sd: number;
  min: number;
  max: number;
  percentiles: PercentileValues;
  /**
   * 95% confidence interval of each percentile: from plain Monte Carlo's independent draws, the
   * order statistics of Hahn & Meeker's binomial ranks (docs/sampling.md). [x, x] for a constant.
   */
  ci95?: PercentileIntervals;
  /** Whether every assumption this output depends on is fixed in the scenario. */
  constant: boolean;
  histogram: Histogram;
}

export interface AssumptionSummary {
  unit: string;
  /** The spec after `extends`, `--set` and defaults: what was sampled. */
  spec: DistSpec;
  fixed: boolean;
  /** The spec in words: "lognormal, 90% in 5B to 50B". */
  describe: string;
  /** Exact percentiles of the distribution (from its quantile function, not from draws). */
  percentiles: { p5: number; p50: number; p95: number };
  mean: number;
  /** Probability per bin, from the distribution's CDF (or masses, when discrete). */
  histogram: Histogram;
  /** Which file set it, `--set`, or `model.md` for an article default. */
  from: string;
  source?: string;
  note?: string;
  /** Under evidence, for an uncertain assumption: its percentiles and histogram over the accepted draws. */
  posterior?: PosteriorAssumption;
}

/** How percentiles were computed; stated in the JSON so a reader knows what they are holding. */
export interface PercentileMethod {
  /** Linear interpolation between order statistics at (n-1)p: R type 7, numpy's default. */
  definition: 'type7';
  /** true: exact order statistics; false: from a log-linear histogram, relative error <= max_relative_error. */
  exact: boolean;
  max_relative_error: number;
}

/** `run --precision`: what was asked, what was reached, and the sample counts it took. */
export interface PrecisionResult {
  /** The relative half-width asked for (0.01 for 1%). */
  target: number;
  /** The widest relative half-width among the checked intervals at the last stage. */
  reached: number;
  /** 'target': every checked interval is within it; 'max_samples': --max-samples came first. */
  stopped: 'target' | 'max_samples';
  max_samples: number;
  /** The outputs and percentiles whose intervals are checked (the key outputs that vary). */
  outputs: string[];
  percentiles: PercentileKey[];
  /** Where the widest interval is: output and percentile. */
  widest: { output: string; percentile: PercentileKey } | null;
  /** The sample count of each stage, in order; the last is the run's `samples`. */
  stages: number[];
}

export interface RunResult {
  tool: 'sora-compute';
  version: string;
  file: string;
  scenario: { name: string; description?: string };
  seed: Seed;
  samples: number;
  /** The sampling design when not plain Monte Carlo (--method); absent for plain Monte Carlo. */
  sampling_method?: SamplingMethod;
  /**
   * The file's target rank correlations, each with the Spearman coefficient its draws achieved
   * (on the first ACHIEVED_ROWS rows); absent when it has none.
   */
  correlations?: { between: [string, string]; spearman: number; achieved: number; source?: string; note?: string }[];
  /** With --precision only: the stopping rule's outcome. */
  precision?: PrecisionResult;
  /** Each --set and what it replaced; absent when there is none, so a plain run's JSON is unchanged. */
  set?: Override[];
  /** Present only below the sample counts where tail percentiles rest on 10 draws: what they rest on. */
  small_sample_note?: string;
  /** SHA-256 of the bytes of the scenario file and every file it extends, in that order. */
  input_sha256: string;
  percentile_method: PercentileMethod;
  /** Under evidence, the posterior: summaries of the draws that meet every observation. */
  outputs: Record<string, OutputSummary>;
  /** Under evidence only: the unconditioned outputs, in the same shape. */
  prior?: Record<string, OutputSummary>;
  assumptions: Record<string, AssumptionSummary>;
  /** Under evidence only: each observation with the draws that meet it on its own. */
  evidence?: ObservationResult[];
  /** Under evidence only: draws examined and accepted. */
  conditioning?: Conditioning;
  /** What drives each varying output, on the run's first rows (src/sensitivity/what-matters.ts). */
  what_matters?: WhatMatters;
}
