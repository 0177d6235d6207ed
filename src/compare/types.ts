/**
 * What a comparison produces: the object `compare --json` prints, which the terminal view and
 * the comparison page are made from. Field names are snake_case as they appear in JSON.
 */
import type { DistSpec } from '../families/types.js';
import type { PercentileIntervals, PercentileMethod, PercentileValues } from '../engine/types.js';
import type { Seed } from '../random/streams.js';
import type { SamplingMethod } from '../sampling/design.js';

export interface ComparedFile {
  /** A, B, C...: how the terminal and the page refer to the file. A is the reference. */
  label: string;
  file: string;
  name: string;
  description?: string;
  input_sha256: string;
  /** Under evidence: the draws of this file that meet every observation, of `samples`. */
  accepted?: number;
}

/** One observation every file of a comparison is conditioned on. */
export interface ComparedObservation {
  name: string;
  kind: 'output' | 'assumption';
  /** null where the observation gives no bound. */
  low: number | null;
  high: number | null;
  source?: string;
  from: string;
}

/** One output in one file. */
export interface OutputInFile {
  file: string;
  percentiles: PercentileValues;
  /** Each percentile's 95% interval (binomial order statistics); absent under evidence. */
  ci95?: PercentileIntervals;
  /** This file's P50 over the reference's; null when the reference's P50 is 0. */
  ratio_p50: number | null;
}

/** One differing assumption as one file resolves it (after extends and --set). */
export interface AssumptionInFile {
  file: string;
  spec: DistSpec;
  /** The spec in words. */
  describe: string;
  /** Which file set it, or model.md for a default. */
  from: string;
  source?: string;
  note?: string;
}

/**
 * How the change in one output's median, from the reference to one file, splits among the
 * assumptions that differ between the two: Shapley values of the game
 * v(S) = ln median(output | assumptions in S take the file's spec, the rest the reference's).
 */
export interface Attribution {
  /** The file compared with the reference. */
  file: string;
  /** ln(P50 in the file / P50 in the reference): the contributions sum to it. */
  total_log_ratio: number;
  /** 'exact': every coalition evaluated; 'sampled': unbiased estimate from random orders. */
  method: 'exact' | 'sampled';
  /**
   * Per assumption differing between the two files, in canonical order, as a log ratio:
   * exp(contribution) is the factor it moves the median by. Exactly 0 for assumptions the
   * output does not depend on.
   */
  contributions: Record<string, number>;
  /** The assumptions the output depends on among those that differ: the game's players. */
  players: string[];
  /** Coalitions evaluated. */
  coalitions: number;
  /** Sampled only: standard error of each contribution (0 for non-players). */
  standard_errors?: Record<string, number>;
  /** Sampled only: random orders drawn. */
  permutations?: number;
}

/** When the median is 0 or negative in some coalition, a log ratio is undefined. */
export interface NoAttribution {
  file: string;
  total_log_ratio: null;
  method: 'none';
  reason: string;
}

export type AttributionEntry = Attribution | NoAttribution;

/** What `compare --precision` asked and reached (src/compare/precision.ts). */
export interface ComparePrecision {
  /** The relative half-width asked of every key ratio of P50s. */
  target: number;
  /** The widest reached, at the comparison's samples. */
  reached: number;
  stopped: 'target' | 'max_samples';
  max_samples: number;
  /** How the intervals were estimated. */
  method: string;
  /** The samples per file two independent runs (no common random numbers) would need for the same target. */
  samples_if_independent: number;
  /** How many times more samples independent runs need than common random numbers, before rounding to chunks. */
  independent_over_paired: number;
  /** Each key output that varies, per file after the reference: its ratio and 95% interval. */
  ratios: { output: string; file: string; ratio_p50: number | null; ci95: [number | null, number | null]; half_width: number }[];
}

export interface CompareResult {
  tool: 'sora-compute';
  version: string;
  command: 'compare';
  seed: Seed;
  samples: number;
  /** The sampling design when not plain Monte Carlo (--method). */
  sampling_method?: SamplingMethod;
  percentile_method: PercentileMethod;
  /** With --precision only: the stopping rule's outcome. */
  precision?: ComparePrecision;
  /** The first file, which every other is compared with. */
  reference: string;
  files: ComparedFile[];
  /** Every output, per file in command-line order. */
  outputs: Record<string, OutputInFile[]>;
  /** Assumptions whose resolved spec is not the same in every file, canonical order. */
  differing: string[];
  /** Each differing assumption, per file. */
  assumptions: Record<string, AssumptionInFile[]>;
  /** The outputs attributed: the key outputs and any named with --output. */
  attributed: string[];
  /**
   * Per attributed output. With two files, the one Attribution of the second file against
   * the first; with more, an array of them, one per file after the first, in order.
   */
  attribution: Record<string, AttributionEntry | AttributionEntry[]>;
  /** Under evidence only: what every file, and every mix of files an attribution evaluates, is conditioned on. */
  evidence?: ComparedObservation[];
}

/** What the comparison page draws besides the result: the draws' shape per file. */
export interface CompareDetail {
  /** Per attributed output, per file: quantiles at DETAIL_PS and a density over shared bins. */
  outputs: Record<string, { quantiles: number[][]; density: { scale: 'log' | 'linear'; edges: number[]; shares: number[][] } }>;
}
