/**
 * The `sensitivity` analysis of one scenario: for each chosen output, which uncertain
 * assumptions make its band wide. Every measure is computed on the same matrix A (the run's
 * first rows), so they agree with each other and with the run; Sobol indices also need B and
 * the hybrids A_B^i. Costs (2 + 13 k) model evaluations of `rows` rows for k assumptions.
 * Outputs can be dealt to worker threads: each output's numbers are its own.
 */
import { makeDistribution, type DistSpec, type Distribution } from '../families/index.js';
import { VERSION } from '../engine/run.js';
import { startWorker } from '../engine/start-worker.js';
import { findOutput } from '../model/outputs.js';
import { UniformStream, type Seed } from '../random/streams.js';
import type { Scenario } from '../scenario/index.js';
import { selectPercentiles } from '../summary/select.js';
import { drawMatrix, type MatrixDesign } from './design.js';
import type { SamplingMethod } from '../sampling/design.js';
import { bandIfKnown, evaluateOutputs, KNOWN_GRID, tornadoOf } from './hold.js';
import { contributions, dot, standardizedRanksOf } from './ranks.js';
import { bandOf, LOG_SCALE_RULE, spansDecades } from './scale.js';
import { BOOTSTRAP_RESAMPLES, sobolFromEvaluations, type SobolIndex } from './sobol.js';
import type { InputSensitivity, OutputSensitivity, SensitivityResult } from './types.js';
import { dependsOn as dependsOnOf } from '../model/depends.js';

export interface SensitivityOptions {
  samples: number;
  seed: Seed;
  /** Outputs to analyse, canonical names. */
  outputs: readonly string[];
  resamples?: number;
  /** Force the scale instead of LOG_SCALE_RULE (tests of the closed forms on both scales). */
  logScale?: boolean;
  /** The sampling design of A and B (default plain Monte Carlo). */
  method?: SamplingMethod;
}

/** Why a correlated scenario gets no Sobol indices: said in the JSON, the terminal and the report. */
export const INDEPENDENCE_NOTE =
  'Sobol indices, the band if an assumption were known, and what to research first assume independent assumptions; ' +
  'this scenario correlates some, so they are left out rather than shown wrong. Spearman coefficients, shares and the tornado are of the correlated draws.';

/** What one lane needs: plain data, so that it crosses to a worker thread as it is. */
export interface SensitivityJob {
  specs: { name: string; spec: DistSpec }[];
  samples: number;
  seed: Seed;
  resamples?: number;
  logScale?: boolean;
  /** The outputs this lane analyses: varying ones. */
  outputs: string[];
  /** A's design and correlations; under correlations, no B and no Sobol indices. */
  design: MatrixDesign;
}

/** The whole analysis on this thread. */
export function analyzeSensitivity(scenario: Scenario, options: SensitivityOptions): SensitivityResult {
  const { jobs, assemble } = plan(scenario, options, 1);
  return assemble(jobs.map(analyzeOutputs));
}

/**
 * The analysis with its outputs dealt over `threads` lanes, this thread and workers. Each
 * output's numbers depend only on the seed, the scenario and the output (its streams, including
 * its bootstrap's, are its own), so the result is the same whatever the lanes.
 */
export async function analyzeSensitivityOn(scenario: Scenario, options: SensitivityOptions, threads: number): Promise<SensitivityResult> {
  const { jobs, assemble } = plan(scenario, options, threads);
  const started = jobs.slice(1).map((job) => inWorker(job));
  const settled = Promise.allSettled(started);
  const first = jobs.length ? [analyzeOutputs(jobs[0])] : [];
  const rest = await settled;
  for (const r of rest) if (r.status === 'rejected') throw r.reason;
  return assemble([...first, ...rest.map((r) => (r as PromiseFulfilledResult<Record<string, OutputSensitivity>>).value)]);
}

function inWorker(job: SensitivityJob): Promise<Record<string, OutputSensitivity>> {
  const worker = startWorker(import.meta.url, 'sensitivity-worker', job);
  return new Promise<Record<string, OutputSensitivity>>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`sensitivity worker exited with code ${code} before answering`)));
  }).finally(() => worker.terminate());
}

/** The lanes' jobs (varying outputs dealt round-robin), and how their answers make the result. */
function plan(scenario: Scenario, options: SensitivityOptions, threads: number) {
  const specs = scenario.assumptions.map(({ name, spec }) => ({ name, spec }));
  const correlations = scenario.correlations.map(({ between, spearman }) => ({ between, spearman }));
  const uncertain = new Set(specs.filter((a) => a.spec.dist !== 'fixed').map((a) => a.name));
  const moves = (o: string) => dependsOnOf(o).some((name) => uncertain.has(name));
  const varying = options.outputs.filter(moves);
  const relevant = [...uncertain].filter((name) => varying.some((o) => dependsOnOf(o).includes(name)));
  const lanes = Math.max(1, Math.min(threads, varying.length));
  const jobs: SensitivityJob[] = Array.from({ length: lanes }, (_, k) => ({
    specs,
    samples: options.samples,
    seed: options.seed,
    ...(options.resamples !== undefined ? { resamples: options.resamples } : {}),
    ...(options.logScale !== undefined ? { logScale: options.logScale } : {}),
    outputs: varying.filter((_, j) => j % lanes === k),
    design: {
      ...(options.method && options.method !== 'mc' ? { method: options.method } : {}),
      ...(correlations.length ? { correlations } : {}),
    },
  })).filter((job) => job.outputs.length > 0);
  const assemble = (answers: Record<string, OutputSensitivity>[]): SensitivityResult => {
    const found = Object.assign({}, ...answers) as Record<string, OutputSensitivity>;
    return {
      tool: 'sora-compute',
      version: VERSION,
      command: 'sensitivity',
      file: scenario.file,
      scenario: { name: scenario.name, ...(scenario.description ? { description: scenario.description } : {}) },
      seed: options.seed,
      samples: options.samples,
      input_sha256: scenario.inputSha256,
      method: {
        rows: options.samples,
        bootstrap_resamples: options.resamples ?? BOOTSTRAP_RESAMPLES,
        known_grid: KNOWN_GRID,
        log_scale_rule: LOG_SCALE_RULE,
        // As on one thread: A, B, and per assumption a hybrid, two tornado holds and the grid;
        // under correlations A and the tornado holds only.
        model_evaluations: varying.length ? (correlations.length ? 1 + 2 * relevant.length : 2 + relevant.length * (3 + KNOWN_GRID)) : 0,
      },
      outputs: Object.fromEntries(varying.map((o) => [o, found[o]])),
      constant: options.outputs.filter((o) => !moves(o)),
      ...(options.method && options.method !== 'mc' ? { sampling_method: options.method } : {}),
      ...(correlations.length ? { independence: { correlations, note: INDEPENDENCE_NOTE } } : {}),
    };
  };
  return { jobs, assemble };
}

/** Every measure of `job.outputs`, each a function of the seed, the scenario and the output alone. */
export function analyzeOutputs(job: SensitivityJob): Record<string, OutputSensitivity> {
  const { samples: n, seed, specs, outputs: varying, design } = job;
  const independent = !design.correlations?.length;
  const uncertain = new Map<string, Distribution>(specs.filter((a) => a.spec.dist !== 'fixed').map((a) => [a.name, makeDistribution(a.spec)]));
  const dependsOn = (output: string): string[] => dependsOnOf(output).filter((name) => uncertain.has(name));
  const relevant = [...uncertain.keys()].filter((name) => varying.some((o) => dependsOn(o).includes(name)));

  const a = drawMatrix('A', specs, n, seed, design);
  // Sobol indices need B and the hybrids, and independent assumptions.
  const b = independent ? drawMatrix('B', specs, n, seed, design) : null;
  const yA = evaluateOutputs(a, n, varying);
  const yB = b ? evaluateOutputs(b, n, varying) : null;
  const scratch = new Float64Array(n);
  const scales = new Map(
    varying.map((o) => {
      const [p5, p50, p95] = selectPercentiles(yA[o], [0.05, 0.5, 0.95], scratch);
      const min = yA[o].reduce((m, y) => Math.min(m, y), Infinity);
      return [o, { p5, p50, p95, log: job.logScale ?? spansDecades(min, p5, p95) }];
    }),
  );
  const scaled = (o: string, y: Float64Array): Float64Array => (scales.get(o)!.log ? y.map(Math.log) : y);
  const band = (o: string, p5: number, p95: number) => bandOf(scales.get(o)!.log, p5, p95);

  const perInput = relevant.map((name) => {
    const dist = uncertain.get(name)!;
    // Outputs that are no function of it would come out as they are on A: left out.
    const moved = varying.filter((o) => dependsOn(o).includes(name));
    const hybrid = b ? evaluateOutputs({ ...a, [name]: b[name] }, n, moved) : null;
    return { name, hybrid, tornado: tornadoOf(a, n, name, dist, moved), known: b ? bandIfKnown(a, n, name, dist, moved, band) : null };
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
    if (yB) {
      sobolFromEvaluations(scaled(o, yA[o]), scaled(o, yB[o]), drivers.map((x) => scaled(o, x.hybrid![o])), { random, resamples: job.resamples }).forEach((s, k) =>
        sobol.set(drivers[k].name, s),
      );
    }
    const outRanks = ranks[names.length + varying.indexOf(o)];
    // An assumption the output is not a function of has none of its variance: 0, not noise.
    const rhos = names.map((name) => (dependsOn(o).includes(name) ? dot(inputRanks.get(name)!, outRanks, n) : 0));
    const shares = contributions(rhos);
    const inputs: Record<string, InputSensitivity> = {};
    names.forEach((name, k) => {
      const x = drivers.find((d) => d.name === name);
      const s = sobol.get(name) ?? { first: 0, first_ci95: [0, 0], total: 0, total_ci95: [0, 0] };
      inputs[name] = {
        spearman: rhos[k],
        contribution: shares[k],
        tornado: x ? x.tornado[o] : { low: p50, high: p50 },
        sobol_first: independent ? s.first : null,
        sobol_first_ci95: independent ? s.first_ci95 : null,
        sobol_total: independent ? s.total : null,
        sobol_total_ci95: independent ? s.total_ci95 : null,
        band_if_known: !independent ? null : x ? x.known![o] : today,
      };
    });
    outputs[o] = { unit: findOutput(o)!.unit, log_scale: log, p5, p50, p95, band: today, research_first: researchFirst(inputs, today), inputs };
  }
  return outputs;
}

/** The assumption whose knowing narrows the band most; ties go to the larger total effect. */
function researchFirst(inputs: Record<string, InputSensitivity>, today: number): string | null {
  let best: string | null = null;
  for (const [name, x] of Object.entries(inputs)) {
    if (x.band_if_known === null || !(x.band_if_known < today)) continue;
    const b = best === null ? null : inputs[best];
    if (!b || x.band_if_known < b.band_if_known! || (x.band_if_known === b.band_if_known && x.sobol_total! > b.sobol_total!)) best = name;
  }
  return best;
}
