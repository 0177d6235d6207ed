/**
 * Conditioning on evidence by rejection sampling: the run's own draws, chunk by chunk as the
 * run drew them, keeping those whose outputs and assumptions meet every observation. With
 * fewer than MIN_ACCEPTED kept after the run's samples it draws on, chunk by chunk, until it
 * has them or maxSamples is reached. One thread, in chunk order: the result depends on the
 * seed alone, never on the thread count.
 */
import { UserError } from '../errors.js';
import { OUTPUTS } from '../model/outputs.js';
import { CHUNK_SIZE } from '../random/streams.js';
import type { Scenario } from '../scenario/index.js';
import { describeObservation, type Observation } from '../scenario/evidence.js';
import { binEdges, DISPLAY_BINS } from '../summary/display.js';
import { chunkMoments, standardDeviation } from '../summary/moments.js';
import { intervalRanks, percentileOfSorted } from '../summary/percentiles.js';
import { ChunkRunner } from './chunks.js';
import { intervalRecord, percentileRecord, scenarioPlan } from './run.js';
import { PERCENTILES, type Histogram, type OutputSummary, type RunResult } from './types.js';

/** Accepted draws a posterior needs before the run stops drawing more. */
export const MIN_ACCEPTED = 1000;
/** The draws a run conditioned on evidence may keep in memory: 8 bytes per column per draw. */
export const MAX_CONDITIONED_SAMPLES = 1 << 20;
/** Where drawing more stops by default (`--max-samples`). */
export const DEFAULT_MAX_SAMPLES = 10_000_000;

export interface ObservationResult {
  name: string;
  kind: Observation['kind'];
  /** null where the observation gives no bound (JSON has no infinity). */
  low: number | null;
  high: number | null;
  source?: string;
  note?: string;
  from: string;
  /** Draws meeting this observation on its own, of `drawn`. */
  accepted: number;
}

export interface Conditioning {
  /** Draws examined: the run's samples, and more when fewer than min_accepted met the evidence. */
  drawn: number;
  /** Draws meeting every observation: what the posterior summaries are made from. */
  accepted: number;
  min_accepted: number;
  max_samples: number;
  /** Whether it drew beyond the run's samples to reach min_accepted. */
  extended: boolean;
}

/** Growable column of accepted values. */
class Kept {
  values = new Float64Array(1024);
  n = 0;
  push(x: number): void {
    if (this.n === this.values.length) {
      const grown = new Float64Array(2 * this.n);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.n++] = x;
  }
  sorted(): Float64Array {
    return this.values.slice(0, this.n).sort();
  }
}

const SUMMARY_PS = PERCENTILES.map((p) => p / 100);

function histogramOf(sorted: Float64Array, lo: number, hi: number): Histogram {
  if (!(hi > lo)) return { scale: 'linear', edges: [lo, hi], counts: [sorted.length] };
  const { scale, edges } = binEdges(lo, hi, DISPLAY_BINS);
  return { scale, edges, counts: countBetween(sorted, edges) };
}

/** Draws per bin [edges[k], edges[k+1]) (the last bin closed), of an ascending array; draws outside are left out. */
function countBetween(sorted: Float64Array, edges: readonly number[]): number[] {
  const below = (x: number, inclusive: boolean): number => {
    let a = 0;
    let b = sorted.length;
    while (a < b) {
      const m = (a + b) >>> 1;
      if (sorted[m] < x || (inclusive && sorted[m] === x)) a = m + 1;
      else b = m;
    }
    return a;
  };
  return edges.slice(1).map((e, k) => below(e, k === edges.length - 2) - below(edges[k], false));
}

function intervalOfSorted(sorted: Float64Array, p: number): [number, number] {
  const { lo, hi } = intervalRanks(sorted.length, p);
  return [sorted[lo], sorted[hi]];
}

function outputSummary(unit: string, sorted: Float64Array, constant: boolean): OutputSummary {
  const moments = chunkMoments(sorted, sorted.length);
  const x = (p: number) => percentileOfSorted(sorted, p);
  return {
    unit,
    mean: moments.mean,
    sd: standardDeviation(moments),
    min: sorted[0],
    max: sorted[sorted.length - 1],
    percentiles: percentileRecord(SUMMARY_PS.map(x)),
    // The accepted draws are independent draws of the posterior, so the binomial interval holds.
    ...(sorted.length ? { ci95: intervalRecord(SUMMARY_PS.map((p) => intervalOfSorted(sorted, p))) } : {}),
    constant,
    histogram: constant ? { scale: 'linear', edges: [sorted[0], sorted[0]], counts: [sorted.length] } : histogramOf(sorted, x(0.001), x(0.999)),
  };
}

export interface PosteriorAssumption {
  percentiles: { p5: number; p50: number; p95: number };
  mean: number;
  /** Share of accepted draws per bin of the prior's histogram, so the two overlay. */
  histogram: Histogram;
}

export interface ConditionedRun {
  outputs: Record<string, OutputSummary>;
  /** Per uncertain assumption. */
  assumptions: Record<string, PosteriorAssumption>;
  evidence: ObservationResult[];
  conditioning: Conditioning;
}

function meets(x: number, o: Observation): boolean {
  return x >= o.low && x <= o.high;
}

/**
 * The posterior of `scenario` under its evidence, from the draws a run of `samples` makes with
 * `seed` (and more, up to maxSamples, while fewer than MIN_ACCEPTED meet it). `prior` gives the
 * assumption histograms the posterior ones share bins with. A UserError when no draw meets it.
 */
export function condition(scenario: Scenario, prior: RunResult, maxSamples: number): ConditionedRun {
  const evidence = scenario.evidence;
  const samples = prior.samples;
  if (samples > MAX_CONDITIONED_SAMPLES) {
    throw new UserError(
      `conditioning on evidence keeps the accepted draws in memory and takes at most ${MAX_CONDITIONED_SAMPLES.toLocaleString('en-US')} samples; use fewer (${samples.toLocaleString('en-US')} asked)`,
      { field: '--samples' },
    );
  }
  const limit = Math.max(samples, maxSamples);
  const plan = (samples: number) => scenarioPlan(scenario, { seed: prior.seed, samples, method: prior.sampling_method });
  const uncertain = scenario.assumptions.filter((a) => a.spec.dist !== 'fixed').map((a) => a.name);
  const outputs = OUTPUTS.map((o) => o.name);
  const keptOutputs = outputs.map(() => new Kept());
  const keptAssumptions = uncertain.map(() => new Kept());
  const alone = evidence.map(() => 0);
  let accepted = 0;
  let drawn = 0;
  let target = samples;
  const mask = new Uint8Array(CHUNK_SIZE);

  while (drawn < target) {
    // The draws of rows [drawn, target): a chunk's rows depend only on (seed, assumption, chunk)
    // and the row, so a chunk cut short by the run's sample count continues where it stopped.
    // Under a Latin hypercube or Sobol design, the last block a growing target cuts short is
    // drawn again whole: its rows are still each a draw of the scenario, no longer stratified.
    const runner = new ChunkRunner({ ...plan(target), summarized: [] });
    for (let chunk = Math.floor(drawn / CHUNK_SIZE); chunk * CHUNK_SIZE < target; chunk++) {
      const { n, inputs, outputs: out } = runner.sample(chunk);
      const from = drawn - chunk * CHUNK_SIZE;
      mask.fill(1, from, n);
      evidence.forEach((o, k) => {
        const column = o.kind === 'output' ? out[o.name] : inputs[o.name];
        for (let i = from; i < n; i++) {
          if (meets(column[i], o)) alone[k]++;
          else mask[i] = 0;
        }
      });
      for (let i = from; i < n; i++) {
        if (!mask[i]) continue;
        accepted++;
        outputs.forEach((name, j) => keptOutputs[j].push(out[name][i]));
        uncertain.forEach((name, j) => keptAssumptions[j].push(inputs[name][i]));
      }
      drawn = chunk * CHUNK_SIZE + n;
    }
    if (accepted >= MIN_ACCEPTED || drawn >= limit) break;
    target = Math.min(limit, (Math.floor(drawn / CHUNK_SIZE) + 1) * CHUNK_SIZE);
  }

  const results: ObservationResult[] = evidence.map((o, k) => ({
    name: o.name,
    kind: o.kind,
    low: Number.isFinite(o.low) ? o.low : null,
    high: Number.isFinite(o.high) ? o.high : null,
    ...(o.source !== undefined ? { source: o.source } : {}),
    ...(o.note !== undefined ? { note: o.note } : {}),
    from: o.from,
    accepted: alone[k],
  }));
  if (accepted === 0) {
    const impossible = evidence.filter((_, k) => alone[k] === 0);
    const named = (impossible.length ? impossible : evidence).map(describeObservation).join(' and ');
    const why = impossible.length
      ? `no draw meets ${named}`
      : `no draw meets ${named} together (${results.map((r, k) => `${r.accepted.toLocaleString('en-US')} meet ${describeObservation(evidence[k])} alone`).join(', ')})`;
    throw new UserError(`${why}, of ${drawn.toLocaleString('en-US')} drawn; widen the range or check the scenario`, {
      field: evidence.length === 1 ? `evidence.${evidence[0].name}` : 'evidence',
    });
  }

  const summaries: Record<string, OutputSummary> = {};
  outputs.forEach((name, j) => {
    summaries[name] = outputSummary(prior.outputs[name].unit, keptOutputs[j].sorted(), prior.outputs[name].constant);
  });
  const posterior: Record<string, PosteriorAssumption> = {};
  uncertain.forEach((name, j) => {
    const sorted = keptAssumptions[j].sorted();
    const edges = prior.assumptions[name].histogram.edges;
    const counts = countBetween(sorted, edges);
    posterior[name] = {
      percentiles: { p5: percentileOfSorted(sorted, 0.05), p50: percentileOfSorted(sorted, 0.5), p95: percentileOfSorted(sorted, 0.95) },
      mean: chunkMoments(sorted, sorted.length).mean,
      histogram: { scale: prior.assumptions[name].histogram.scale, edges, counts: counts.map((c) => c / sorted.length) },
    };
  });
  return {
    outputs: summaries,
    assumptions: posterior,
    evidence: results,
    conditioning: { drawn, accepted, min_accepted: MIN_ACCEPTED, max_samples: limit, extended: drawn > samples },
  };
}
