/**
 * One run, end to end after loading: plan which outputs vary, simulate, and describe the
 * result in the shape of RunResult. Assumptions are described from their distributions
 * (exact percentiles and probabilities), outputs from the draws.
 */
import { readFileSync } from 'node:fs';
import { makeDistribution } from '../families/index.js';
import type { Distribution } from '../families/types.js';
import { formatNumber } from '../format.js';
import { ASSUMPTIONS, findAssumption } from '../model/assumptions.js';
import { dependsOn } from '../model/depends.js';
import { evaluate, allocateOutputs, type Columns } from '../model/model.js';
import { KEY_OUTPUTS, OUTPUTS } from '../model/outputs.js';
import { CHUNK_SIZE } from '../random/streams.js';
import type { Seed } from '../random/streams.js';
import type { Scenario } from '../scenario/index.js';
import { binEdges, displayHistogram } from '../summary/display.js';
import { STREAMING_MAX_RELATIVE_ERROR } from '../summary/percentiles.js';
import { measureWhatMatters } from '../sensitivity/what-matters.js';
import { smallSampleNote } from '../summary/small-samples.js';
import { simulate } from './simulate.js';
import { sampleRankCorrelation } from 'simple-statistics';
import { drawMatrix } from '../sensitivity/design.js';
import type { SimulationPlan } from './chunks.js';
import type { SamplingMethod } from '../sampling/design.js';
import { condition, DEFAULT_MAX_SAMPLES } from './condition.js';
import {
  PERCENTILES,
  type AssumptionSummary,
  type Histogram,
  type OutputSummary,
  type PercentileIntervals,
  type PercentileKey,
  type PercentileValues,
  type PrecisionResult,
  type RunResult,
  relativeHalfWidth,
} from './types.js';

export const DEFAULT_SAMPLES = 100_000;
export const DEFAULT_SEED = 20240315;

/** Percentiles the engine selects: the reported ones, and the ends of the display histograms. */
const SUMMARY_PS = [0.001, ...PERCENTILES.map((p) => p / 100), 0.999];
/** Percentiles that carry a 95% interval: the reported ones. */
const INTERVAL_PS = PERCENTILES.map((p) => p / 100);

export const VERSION: string = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
).version;

export interface RunOptions {
  samples: number;
  seed: Seed;
  threads: number;
  exact?: boolean;
  onProgress?: (done: number, total: number) => void;
  /** Under evidence: draw at most this many while fewer than MIN_ACCEPTED meet it (default DEFAULT_MAX_SAMPLES). */
  maxSamples?: number;
  /** The sampling design (default plain Monte Carlo). */
  method?: SamplingMethod;
}

/**
 * What a scenario draws: its assumptions, design and correlations at a seed and size, the plan
 * every consumer of its rows shares (the run's summaries, its CSV, conditioning, what matters).
 */
export function scenarioPlan(scenario: Scenario, options: { seed: Seed; samples: number; method?: SamplingMethod }): Omit<SimulationPlan, 'summarized'> {
  const correlations = scenario.correlations.map(({ between, spearman }) => ({ between, spearman }));
  return {
    seed: options.seed,
    samples: options.samples,
    assumptions: scenario.assumptions.map(({ name, spec }) => ({ name, spec })),
    ...(options.method && options.method !== 'mc' ? { method: options.method } : {}),
    ...(correlations.length ? { correlations } : {}),
  };
}

/** Outputs whose every input is fixed in the scenario: one evaluation gives them. */
export function constantOutputs(scenario: Scenario): Set<string> {
  const fixed = new Set(scenario.assumptions.filter((a) => a.spec.dist === 'fixed').map((a) => a.name));
  return new Set(OUTPUTS.filter((o) => dependsOn(o.name).every((name) => fixed.has(name))).map((o) => o.name));
}

/** The model on one row of medians: exact for constant outputs, which ignore the rest. */
function evaluateMedians(distributions: Map<string, Distribution>): Record<string, number> {
  const inputs: Record<string, Float64Array> = {};
  for (const [name, dist] of distributions) inputs[name] = Float64Array.of(dist.quantile(0.5));
  const out = allocateOutputs(1);
  evaluate(inputs, 1, out);
  return Object.fromEntries(Object.entries(out).map(([name, column]) => [name, column[0]]));
}

/** Values at PERCENTILES, in order, as { p1, p5, ..., p99 }. */
export function percentileRecord(values: readonly number[]): PercentileValues {
  const record = {} as PercentileValues;
  PERCENTILES.forEach((p, i) => (record[`p${p}` as PercentileKey] = values[i]));
  return record;
}

/** Intervals at PERCENTILES, in order, as { p1: [lo, hi], ... }. */
export function intervalRecord(values: readonly [number, number][]): PercentileIntervals {
  const record = {} as PercentileIntervals;
  PERCENTILES.forEach((p, i) => (record[`p${p}` as PercentileKey] = values[i]));
  return record;
}

/**
 * Up to this many distinct values a discrete assumption's histogram has a bin per value; past
 * it, 24 bins from its CDF like any other, so a long list of values stays a readable chart.
 */
export const DISCRETE_BARS_LIMIT = 48;

function assumptionHistogram(dist: Distribution): Histogram {
  const spec = dist.spec;
  if (spec.dist === 'fixed') return { scale: 'linear', edges: [spec.value, spec.value], counts: [1] };
  if (spec.dist === 'discrete' && new Set(spec.values).size <= DISCRETE_BARS_LIMIT) {
    const weights = spec.weights ?? spec.values.map(() => 1);
    const total = weights.reduce((s, w) => s + w, 0);
    const mass = new Map<number, number>();
    spec.values.forEach((v, i) => mass.set(v, (mass.get(v) ?? 0) + weights[i] / total));
    const values = [...mass.keys()].sort((a, b) => a - b);
    // Bins centred on the values, so a bar chart of them reads as a bar per value.
    const gaps = values.slice(1).map((v, i) => v - values[i]);
    const half = (gaps.length ? Math.min(...gaps) : Math.abs(values[0]) || 1) / 2;
    const edges = [values[0] - half, ...values.slice(1).map((v, i) => (v + values[i]) / 2), values[values.length - 1] + half];
    return { scale: 'linear', edges, counts: values.map((v) => mass.get(v)!) };
  }
  const lo = dist.quantile(0.001);
  const hi = dist.quantile(0.999);
  const { scale, edges } = binEdges(lo, hi, 24);
  const counts = edges.slice(1).map((e, k) => dist.cdf(e) - dist.cdf(edges[k]));
  return { scale, edges, counts };
}

export async function runScenario(scenario: Scenario, options: RunOptions): Promise<RunResult> {
  const distributions = new Map(scenario.assumptions.map((a) => [a.name, makeDistribution(a.spec)]));
  const constant = constantOutputs(scenario);
  const summarized = OUTPUTS.map((o) => o.name).filter((name) => !constant.has(name));
  const plan = scenarioPlan(scenario, options);
  const simulation = await simulate(
    { ...plan, summarized },
    { threads: options.threads, ps: SUMMARY_PS, intervals: INTERVAL_PS, exact: options.exact, onProgress: options.onProgress },
  );

  const medians = evaluateMedians(distributions);
  const outputs: Record<string, OutputSummary> = {};
  for (const info of OUTPUTS) {
    const column = simulation.columns[info.name];
    if (!column) {
      const x = medians[info.name];
      outputs[info.name] = {
        unit: info.unit,
        mean: x,
        sd: 0,
        min: x,
        max: x,
        percentiles: percentileRecord(PERCENTILES.map(() => x)),
        ci95: intervalRecord(PERCENTILES.map(() => [x, x])),
        constant: true,
        histogram: { scale: 'linear', edges: [x, x], counts: [options.samples] },
      };
      continue;
    }
    const ps = column.percentiles;
    outputs[info.name] = {
      unit: info.unit,
      mean: column.mean,
      sd: column.sd,
      min: column.min,
      max: column.max,
      percentiles: percentileRecord(ps.slice(1, -1)),
      ci95: intervalRecord(column.intervals),
      constant: false,
      histogram: displayHistogram(column.histogram, ps[0], ps[ps.length - 1]),
    };
  }

  const assumptions: Record<string, AssumptionSummary> = {};
  for (const entry of scenario.assumptions) {
    const dist = distributions.get(entry.name)!;
    assumptions[entry.name] = {
      unit: findAssumption(entry.name)!.unit,
      spec: entry.spec,
      fixed: entry.spec.dist === 'fixed',
      describe: dist.describe(formatNumber),
      percentiles: { p5: dist.quantile(0.05), p50: dist.quantile(0.5), p95: dist.quantile(0.95) },
      mean: dist.mean,
      histogram: assumptionHistogram(dist),
      from: entry.from,
      ...(entry.source !== undefined ? { source: entry.source } : {}),
      ...(entry.note !== undefined ? { note: entry.note } : {}),
    };
  }

  // Under correlations, the first rows are drawn once for both the achieved correlations and what matters.
  const firstRows = scenario.correlations.length
    ? drawMatrix('A', plan.assumptions, Math.min(ACHIEVED_ROWS, plan.samples), plan.seed, { method: plan.method, correlations: plan.correlations })
    : undefined;
  const result: RunResult = {
    tool: 'sora-compute',
    version: VERSION,
    file: scenario.file,
    scenario: { name: scenario.name, ...(scenario.description ? { description: scenario.description } : {}) },
    seed: options.seed,
    samples: options.samples,
    ...(plan.method ? { sampling_method: plan.method } : {}),
    ...(firstRows ? { correlations: achievedCorrelations(scenario, firstRows) } : {}),
    ...(scenario.overrides.length ? { set: scenario.overrides } : {}),
    ...(smallSampleNote(options.samples) ? { small_sample_note: smallSampleNote(options.samples) } : {}),
    input_sha256: scenario.inputSha256,
    percentile_method: {
      definition: 'type7',
      exact: simulation.exact,
      max_relative_error: simulation.exact ? 0 : STREAMING_MAX_RELATIVE_ERROR,
    },
    outputs,
    assumptions,
    what_matters: measureWhatMatters(plan, summarized, firstRows),
  };
  return scenario.evidence.length ? conditioned(result, scenario, options.maxSamples ?? DEFAULT_MAX_SAMPLES) : result;
}

/** The run under its evidence: posterior outputs, the prior beside them, each observation's count. */
function conditioned(prior: RunResult, scenario: Scenario, maxSamples: number): RunResult {
  const posterior = condition(scenario, prior, maxSamples);
  const assumptions = Object.fromEntries(
    Object.entries(prior.assumptions).map(([name, a]) => [name, posterior.assumptions[name] ? { ...a, posterior: posterior.assumptions[name] } : a]),
  );
  // Every field keeps its place; the posterior takes `outputs`, and the prior follows the rest.
  const { assumptions: _, ...head } = prior;
  return { ...head, outputs: posterior.outputs, prior: prior.outputs, assumptions, evidence: posterior.evidence, conditioning: posterior.conditioning };
}

/**
 * Rows the achieved rank correlations are measured on: the run's first chunk. A Spearman
 * coefficient on them has a standard error of about (1 - rho^2) / sqrt(rows), under 0.004.
 */
export const ACHIEVED_ROWS = CHUNK_SIZE;

/** Each target pair with the Spearman coefficient of the run's first rows `inputs` (simple-statistics). */
function achievedCorrelations(scenario: Scenario, inputs: Columns): NonNullable<RunResult['correlations']> {
  const n = Object.values(inputs)[0]?.length ?? 0;
  return scenario.correlations.map(({ between, spearman, source, note }) => ({
    between,
    spearman,
    achieved: n > 2 ? sampleRankCorrelation(Array.from(inputs[between[0]]), Array.from(inputs[between[1]])) : NaN,
    ...(source !== undefined ? { source } : {}),
    ...(note !== undefined ? { note } : {}),
  }));
}

/** Assumptions in canonical order; exported for callers that list them. */
export const ASSUMPTION_ORDER = ASSUMPTIONS.map((a) => a.name);

/** `--max-samples` under --precision when none is given. */
export const DEFAULT_PRECISION_MAX_SAMPLES = 100_000_000;
/** The first stage of a --precision run: two chunks, enough to place P5 and P95 roughly. */
export const PRECISION_FIRST_STAGE = 2 * CHUNK_SIZE;
/** The percentiles --precision checks, of each key output that varies. */
export const PRECISION_PERCENTILES: readonly PercentileKey[] = ['p5', 'p50', 'p95'];

export interface PrecisionOptions {
  /** Relative half-width wanted, in (0, 1): 0.01 for --precision 1%. */
  target: number;
  maxSamples: number;
}

/** The widest relative half-width among the checked intervals, and where it is. */
export function widestInterval(result: RunResult): { reached: number; widest: PrecisionResult['widest']; outputs: string[] } {
  const outputs = KEY_OUTPUTS.filter((name) => !result.outputs[name].constant);
  let reached = 0;
  let widest: PrecisionResult['widest'] = null;
  for (const output of outputs) {
    const summary = result.outputs[output];
    for (const percentile of PRECISION_PERCENTILES) {
      const w = relativeHalfWidth(summary.percentiles[percentile], summary.ci95![percentile]);
      // An interval with no finite width (an infinite bound, a percentile of 0) is never precise.
      const width = Number.isFinite(w) ? w : Infinity;
      if (widest === null || width > reached) {
        reached = width;
        widest = { output, percentile };
      }
    }
  }
  return { reached, widest, outputs };
}

/**
 * The next stage's sample count: the intervals' half-widths shrink as 1/sqrt(n), so the count
 * that would reach the target is n (reached / target)^2; a quarter more, since the estimate of
 * the widest interval from the first two chunks is itself some 10% off (measured: at 1.1 the
 * baseline's 0.2% took a third stage at twice the second), and at least 1.5 times the last
 * stage, so the stages stay few; in whole chunks, at most maxSamples.
 */
export function nextStage(samples: number, reached: number, options: PrecisionOptions): number {
  const predicted = Number.isFinite(reached) ? 1.25 * samples * (reached / options.target) ** 2 : Infinity;
  const wanted = Math.max(1.5 * samples, predicted);
  return Math.min(options.maxSamples, Math.ceil(wanted / CHUNK_SIZE) * CHUNK_SIZE);
}

/**
 * A run that samples until the 95% intervals of P5, P50 and P95 of every key output that varies
 * are within `target` of their percentile (relative half-width), or --max-samples. Stage by
 * stage on a fixed schedule (nextStage): each stage is a whole run of the first N samples, and
 * a chunk's draws depend only on (seed, assumption, chunk), so every stage extends the last, the
 * decision rests on results that are identical on any thread count, and the result is that of
 * `run --samples N` with the `precision` record added. Re-running the earlier stages costs at
 * most the last stage's samples again, usually far less (the first stage is two chunks).
 */
export async function runToPrecision(scenario: Scenario, options: Omit<RunOptions, 'samples'>, precision: PrecisionOptions): Promise<RunResult> {
  const stages: number[] = [];
  let samples = Math.min(PRECISION_FIRST_STAGE, precision.maxSamples);
  for (;;) {
    stages.push(samples);
    const result = await runScenario(scenario, { ...options, samples });
    const { reached, widest, outputs } = widestInterval(result);
    const done = reached <= precision.target;
    if (done || samples >= precision.maxSamples) {
      const record: PrecisionResult = {
        target: precision.target,
        reached,
        stopped: done ? 'target' : 'max_samples',
        max_samples: precision.maxSamples,
        outputs,
        percentiles: [...PRECISION_PERCENTILES],
        widest,
        stages,
      };
      // `precision` follows `samples`, as RunResult lists it.
      const { tool, version, file, scenario: named, seed, samples: n, ...rest } = result;
      return { tool, version, file, scenario: named, seed, samples: n, precision: record, ...rest };
    }
    samples = nextStage(samples, reached, precision);
  }
}
