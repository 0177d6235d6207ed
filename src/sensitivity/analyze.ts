/**
 * The `sensitivity` analysis of one scenario: for each chosen output, which uncertain
 * assumptions make its band wide. Every measure is computed on the same matrix A (the run's
 * first rows), so they agree with each other and with the run; Sobol indices also need B and
 * the hybrids A_B^i. Costs (2 + 13 k) model evaluations of `rows` rows for k assumptions.
 */
import { makeDistribution, type Distribution } from '../distributions/index.js';
import { VERSION } from '../engine/run.js';
import { outputInfo } from '../model/outputs.js';
import { UniformStream, type Seed } from '../random/streams.js';
import type { Scenario } from '../spec/index.js';
import { selectPercentiles } from '../summary/select.js';
import { drawMatrix } from './design.js';
import { bandIfKnown, evaluateOutputs, KNOWN_GRID, tornadoOf } from './hold.js';
import { contributions, dot, standardizedRanksOf } from './ranks.js';
import { bandOf, LOG_SCALE_RULE, spansDecades } from './scale.js';
import { BOOTSTRAP_RESAMPLES, sobolFromEvaluations, type SobolIndex } from './sobol.js';
import type { InputSensitivity, OutputSensitivity, SensitivityResult } from './types.js';

export interface SensitivityOptions {
  samples: number;
  seed: Seed;
  /** Outputs to analyse, canonical names. */
  outputs: readonly string[];
  resamples?: number;
  /** Force the scale instead of LOG_SCALE_RULE (tests of the closed forms on both scales). */
  logScale?: boolean;
}

export function analyzeSensitivity(scenario: Scenario, options: SensitivityOptions): SensitivityResult {
  const { samples: n, seed } = options;
  const specs = scenario.assumptions.map(({ name, spec }) => ({ name, spec }));
  const uncertain = new Map<string, Distribution>(specs.filter((a) => a.spec.dist !== 'fixed').map((a) => [a.name, makeDistribution(a.spec)]));
  const dependsOn = (output: string): string[] => outputInfo(output)!.dependsOn.filter((name) => uncertain.has(name));
  const varying = options.outputs.filter((o) => dependsOn(o).length > 0);
  const constant = options.outputs.filter((o) => dependsOn(o).length === 0);
  const relevant = [...uncertain.keys()].filter((name) => varying.some((o) => dependsOn(o).includes(name)));

  const a = drawMatrix('A', specs, n, seed);
  const b = drawMatrix('B', specs, n, seed);
  const yA = evaluateOutputs(a, n, varying);
  const yB = evaluateOutputs(b, n, varying);
  let evaluations = 2;
  const scratch = new Float64Array(n);
  const scales = new Map(
    varying.map((o) => {
      const [p5, p50, p95] = selectPercentiles(yA[o], [0.05, 0.5, 0.95], scratch);
      const min = yA[o].reduce((m, y) => Math.min(m, y), Infinity);
      return [o, { p5, p50, p95, log: options.logScale ?? spansDecades(min, p5, p95) }];
    }),
  );
  const scaled = (o: string, y: Float64Array): Float64Array => (scales.get(o)!.log ? y.map(Math.log) : y);
  const band = (o: string, p5: number, p95: number) => bandOf(scales.get(o)!.log, p5, p95);

  const perInput = relevant.map((name) => {
    const dist = uncertain.get(name)!;
    // Outputs that are no function of it would come out as they are on A: left out.
    const moved = varying.filter((o) => dependsOn(o).includes(name));
    const hybrid = evaluateOutputs({ ...a, [name]: b[name] }, n, moved);
    evaluations += 1 + 2 + KNOWN_GRID;
    return { name, hybrid, tornado: tornadoOf(a, n, name, dist, moved), known: bandIfKnown(a, n, name, dist, moved, band) };
  });

  const names = [...uncertain.keys()];
  const ranks = standardizedRanksOf([...names.map((name) => a[name]), ...varying.map((o) => yA[o])], n);
  const inputRanks = new Map(names.map((name, k) => [name, ranks[k]]));
  const outputs: Record<string, OutputSensitivity> = {};
  for (const o of varying) {
    const { p5, p50, p95, log } = scales.get(o)!;
    const today = band(o, p5, p95);
    const drivers = perInput.filter((x) => dependsOn(o).includes(x.name));
    const sobol = new Map<string, SobolIndex>();
    // Seeded from the run's seed; the stream's name cannot be an assumption's.
    const stream = new UniformStream(seed, `sobol-bootstrap/${o}`, 0);
    const random = (out: Float64Array) => stream.fill(out);
    sobolFromEvaluations(scaled(o, yA[o]), scaled(o, yB[o]), drivers.map((x) => scaled(o, x.hybrid[o])), { random, resamples: options.resamples }).forEach((s, k) =>
      sobol.set(drivers[k].name, s),
    );
    const outRanks = ranks[names.length + varying.indexOf(o)];
    // An assumption the output is not a function of has none of its variance: 0, not noise.
    const rhos = [...uncertain.keys()].map((name) => (dependsOn(o).includes(name) ? dot(inputRanks.get(name)!, outRanks, n) : 0));
    const shares = contributions(rhos);
    const inputs: Record<string, InputSensitivity> = {};
    [...uncertain.keys()].forEach((name, k) => {
      const x = drivers.find((d) => d.name === name);
      const s = sobol.get(name) ?? { first: 0, first_ci95: [0, 0], total: 0, total_ci95: [0, 0] };
      inputs[name] = {
        spearman: rhos[k],
        contribution: shares[k],
        tornado: x ? x.tornado[o] : { low: p50, high: p50 },
        sobol_first: s.first,
        sobol_first_ci95: s.first_ci95,
        sobol_total: s.total,
        sobol_total_ci95: s.total_ci95,
        band_if_known: x ? x.known[o] : today,
      };
    });
    outputs[o] = { unit: outputInfo(o)!.unit, log_scale: log, p5, p50, p95, band: today, research_first: researchFirst(inputs, today), inputs };
  }

  return {
    tool: 'sora-compute',
    version: VERSION,
    command: 'sensitivity',
    file: scenario.file,
    scenario: { name: scenario.name, ...(scenario.description ? { description: scenario.description } : {}) },
    seed,
    samples: n,
    input_sha256: scenario.inputSha256,
    method: {
      rows: n,
      bootstrap_resamples: options.resamples ?? BOOTSTRAP_RESAMPLES,
      known_grid: KNOWN_GRID,
      log_scale_rule: LOG_SCALE_RULE,
      model_evaluations: evaluations,
    },
    outputs,
    constant,
  };
}

/** The assumption whose knowing narrows the band most; ties go to the larger total effect. */
function researchFirst(inputs: Record<string, InputSensitivity>, today: number): string | null {
  let best: string | null = null;
  for (const [name, x] of Object.entries(inputs)) {
    if (!(x.band_if_known < today)) continue;
    const b = best === null ? null : inputs[best];
    if (!b || x.band_if_known < b.band_if_known || (x.band_if_known === b.band_if_known && x.sobol_total > b.sobol_total)) best = name;
  }
  return best;
}
