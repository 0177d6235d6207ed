/**
 * A sweep: the scenario run once per value of one assumption, fixed at that value. Draws depend
 * only on (seed, assumption, chunk) (random/streams.ts), so every point takes the same draws of
 * every other assumption: the points differ by the varied value alone, and a band moves
 * smoothly with it instead of jittering with sampling noise.
 */
import { attributedOutputs, KEY_OUTPUTS } from '../compare/compare.js';
import { makeDistribution } from '../families/index.js';
import type { DistSpec } from '../families/types.js';
import { formatNumber } from '../format.js';
import { runScenario, VERSION, type RunOptions } from '../engine/run.js';
import type { PercentileIntervals, PercentileMethod, PercentileValues, RunResult } from '../engine/types.js';
import { findAssumption } from '../model/assumptions.js';
import { dependsOn } from '../model/depends.js';
import { findOutput } from '../model/outputs.js';
import type { Seed } from '../random/streams.js';
import type { Scenario } from '../scenario/index.js';
import { sweepValues, type Spacing, type Vary } from './vary.js';

/** What `sweep` shows when no --output is given: the key outputs `compare` attributes. */
export const DEFAULT_SWEEP_OUTPUTS: readonly string[] = KEY_OUTPUTS;

export interface SweepPoint {
  value: number;
  /** Each output's mean, percentiles and their 95% intervals, as `run` gives them. */
  outputs: Record<string, { mean: number; percentiles: PercentileValues; ci95: PercentileIntervals }>;
}

export interface SweepResult {
  tool: 'sora-compute';
  version: string;
  file: string;
  scenario: RunResult['scenario'];
  seed: Seed;
  /** Samples per point. */
  samples: number;
  input_sha256: string;
  percentile_method: PercentileMethod;
  /** The varied assumption. */
  vary: string;
  vary_unit: string;
  spacing: Spacing;
  from: number;
  to: number;
  steps: number;
  /** What the scenario had for the varied assumption, replaced at every point. */
  replaces: { spec: DistSpec; describe: string; median: number; from: string };
  /** The sampling design when not plain Monte Carlo (--method). */
  sampling_method?: RunResult['sampling_method'];
  /** The scenario's correlations with the varied assumption, which a fixed value cannot keep; absent when none. */
  dropped_correlations?: { between: [string, string]; spearman: number }[];
  /** The chosen outputs, in canonical order; `depends_on_vary` false means the same at every point. */
  outputs: Record<string, { unit: string; depends_on_vary: boolean }>;
  points: SweepPoint[];
}

/**
 * The scenario with `name` fixed at `value`, as `--set name=value` would leave it: a fixed
 * assumption is correlated with nothing, so the pairs naming it are dropped (droppedCorrelations).
 */
export function withFixed(scenario: Scenario, name: string, value: number): Scenario {
  const assumptions = scenario.assumptions.map((a) => (a.name === name ? { name, spec: { dist: 'fixed' as const, value }, from: '--vary' } : a));
  return { ...scenario, assumptions, correlations: scenario.correlations.filter((c) => !c.between.includes(name)) };
}

/** The scenario's correlations a sweep of `name` drops, as "a ~ b" with their targets. */
export function droppedCorrelations(scenario: Scenario, name: string): { between: [string, string]; spearman: number }[] {
  return scenario.correlations.filter((c) => c.between.includes(name)).map(({ between, spearman }) => ({ between, spearman }));
}

export async function sweepScenario(scenario: Scenario, vary: Vary, outputs: readonly string[], options: RunOptions): Promise<SweepResult> {
  const values = sweepValues(vary);
  const points: SweepPoint[] = [];
  let first: RunResult | undefined;
  for (const [i, value] of values.entries()) {
    const run = await runScenario(withFixed(scenario, vary.name, value), {
      ...options,
      onProgress: (done, total) => options.onProgress?.(i * total + done, values.length * total),
    });
    first ??= run;
    const picked = outputs.map((name) => {
      const { mean, percentiles, ci95 } = run.outputs[name];
      return [name, { mean, percentiles, ci95: ci95! }] as const;
    });
    points.push({ value, outputs: Object.fromEntries(picked) });
  }

  const entry = scenario.assumptions.find((a) => a.name === vary.name)!;
  const dropped = droppedCorrelations(scenario, vary.name);
  const dist = makeDistribution(entry.spec);
  return {
    tool: 'sora-compute',
    version: VERSION,
    file: scenario.file,
    scenario: first!.scenario,
    seed: options.seed,
    samples: options.samples,
    input_sha256: scenario.inputSha256,
    percentile_method: first!.percentile_method,
    vary: vary.name,
    vary_unit: findAssumption(vary.name)!.unit,
    spacing: vary.spacing,
    from: vary.from,
    to: vary.to,
    steps: vary.steps,
    replaces: { spec: entry.spec, describe: dist.describe(formatNumber), median: dist.quantile(0.5), from: entry.from },
    ...(first!.sampling_method ? { sampling_method: first!.sampling_method } : {}),
    ...(dropped.length ? { dropped_correlations: dropped } : {}),
    outputs: Object.fromEntries(
      outputs.map((name) => {
        const info = findOutput(name)!;
        return [name, { unit: info.unit, depends_on_vary: dependsOn(name).includes(vary.name) }];
      }),
    ),
    points,
  };
}

/** The outputs a sweep shows: the named ones in the order named, each once, or the defaults. */
export function sweepOutputs(named: readonly string[]): string[] {
  attributedOutputs(named); // throws a UserError, with a suggestion, for a name that is not an output
  return named.length ? [...new Set(named)] : [...DEFAULT_SWEEP_OUTPUTS];
}
