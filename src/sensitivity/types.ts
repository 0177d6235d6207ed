/** What `sensitivity --json` prints, and the "what matters" block of every run. snake_case where it is JSON. */
import type { Seed } from '../random/streams.js';
import type { SamplingMethod } from '../sampling/design.js';

export interface InputSensitivity {
  /** Spearman rank correlation with the output (midranks for ties). */
  spearman: number;
  /** spearman squared over the sum of the squares of every input of the output (as @RISK). */
  contribution: number;
  /** The output's P50 with this assumption held at its own P10 (low) and P90 (high), the others uncertain. */
  tornado: { low: number; high: number };
  /** Sobol indices and band_if_known assume independent assumptions: null under correlations (SensitivityResult.independence). */
  sobol_first: number | null;
  sobol_first_ci95: [number, number] | null;
  sobol_total: number | null;
  sobol_total_ci95: [number, number] | null;
  /** The expected band (P95/P5, or P95 - P5 when not log_scale) if this assumption were known exactly. */
  band_if_known: number | null;
}

export interface OutputSensitivity {
  unit: string;
  /** Sobol indices are of the output's log; bands are ratios P95/P5. */
  log_scale: boolean;
  p5: number;
  p50: number;
  p95: number;
  /** Today's band on the same rows: P95/P5, or P95 - P5 when not log_scale. */
  band: number;
  /** The assumption whose knowing would narrow the band most, or null when none would. */
  research_first: string | null;
  /** Every uncertain assumption, in canonical order. */
  inputs: Record<string, InputSensitivity>;
}

export interface SensitivityMethod {
  /** Rows of each of the matrices A and B. A is the run's own first rows. */
  rows: number;
  bootstrap_resamples: number;
  /** Quantiles an assumption is held at, to average the band if it were known. */
  known_grid: number;
  log_scale_rule: string;
  model_evaluations: number;
}

export interface SensitivityResult {
  tool: 'sora-compute';
  version: string;
  command: 'sensitivity';
  file: string;
  scenario: { name: string; description?: string };
  seed: Seed;
  samples: number;
  input_sha256: string;
  method: SensitivityMethod;
  outputs: Record<string, OutputSensitivity>;
  /** Chosen outputs that no uncertain assumption moves in this scenario. */
  constant: string[];
  /** The sampling design of A and B when not plain Monte Carlo (--method). */
  sampling_method?: SamplingMethod;
  /**
   * Present when the scenario correlates assumptions: the pairs, and why the measures that assume
   * independence (Sobol indices, band if known, research first) are left out (null).
   */
  independence?: { correlations: { between: [string, string]; spearman: number }[]; note: string };
}

/** One output's drivers in a run, measured on the run's first rows. */
export interface OutputDrivers {
  /** Uncertain assumptions the output depends on, in canonical order. */
  inputs: Record<string, { spearman: number; contribution: number; tornado?: { low: number; high: number } }>;
  /** The P50 of the sub-sample, the tornado's centre (key outputs only). */
  p50?: number;
}

export interface WhatMatters {
  /** The first `rows` draws of the run, drawn again from its streams. */
  rows: number;
  outputs: Record<string, OutputDrivers>;
}
