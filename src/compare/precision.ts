/**
 * `compare --precision`: how many samples make each key output's ratio of medians (a file against
 * the reference) known to within a target, on common random numbers, and what two independent
 * runs would have needed instead.
 *
 * The batch-means method: the first PROBE_ROWS rows, drawn once for every file on the same
 * uniforms, are cut into BATCHES batches; in each, the log ratio of the two files' medians. Their
 * spread over batches of b rows gives the variance of a log ratio of medians at b rows, and a
 * median's variance falls as 1/n (Bahadur), so at n rows it is that variance times b / n. Common
 * random numbers make the two medians move together from batch to batch, which is what the
 * spread of their ratio measures; the variance of each log median alone, summed, is what
 * independent runs would have (the same batches, the pairing ignored). No density estimate is
 * needed, and a batch median is unbiased to O(1/b), far inside the spread.
 */
import { ChunkRunner, chunkCount, chunkLength } from '../engine/chunks.js';
import { scenarioPlan } from '../engine/run.js';
import { KEY_OUTPUTS } from '../model/outputs.js';
import { CHUNK_SIZE, type Seed } from '../random/streams.js';
import { studentQuantile } from '../sampling/replicate-interval.js';
import type { SamplingMethod } from '../sampling/design.js';
import type { Scenario } from '../scenario/index.js';
import type { CompareResult, ComparePrecision } from './types.js';
import { selectPercentiles } from '../summary/select.js';

/** Rows of the probe: two chunks. */
export const PROBE_ROWS = 2 * CHUNK_SIZE;
/** Batches the probe is cut into: 32 of 4,096 rows, so t has 31 degrees of freedom. */
export const BATCHES = 32;

/** Per key output that varies, per file after the reference: the log ratio's variance per row. */
export interface RatioVariance {
  output: string;
  /** Index of the file among all (1 for the first after the reference). */
  file: number;
  /** b × the batches' variance of the log ratio: divided by n, the variance at n samples. */
  paired: number;
  /** The same for two independent runs: b × (var log median of the reference + of the file). */
  independent: number;
}

export interface PrecisionPlan {
  variances: RatioVariance[];
  /** Student's t for BATCHES - 1 degrees of freedom, two-sided 95%. */
  t: number;
}

/** The batch variances of every key output's log ratio of medians, from the probe. */
export function probeRatioVariances(scenarios: readonly Scenario[], options: { seed: Seed; method?: SamplingMethod }): PrecisionPlan {
  const rows = PROBE_ROWS;
  const batch = rows / BATCHES;
  // Each file's key outputs on the same rows (common random numbers: the same uniforms per assumption).
  const drawn = scenarios.map((scenario) => {
    const runner = new ChunkRunner({ ...scenarioPlan(scenario, { seed: options.seed, samples: rows, method: options.method }), summarized: [] });
    const columns = Object.fromEntries(KEY_OUTPUTS.map((name) => [name, new Float64Array(rows)]));
    for (let chunk = 0; chunk < chunkCount(rows); chunk++) {
      const { n, outputs } = runner.sample(chunk);
      for (const name of KEY_OUTPUTS) columns[name].set(outputs[name].subarray(0, n), chunk * CHUNK_SIZE);
      if (n !== chunkLength(rows, chunk)) throw new Error('the precision probe has no row filter');
    }
    return columns;
  });
  const scratch = new Float64Array(batch);
  const logMedians = (column: Float64Array): number[] =>
    Array.from({ length: BATCHES }, (_, k) => Math.log(selectPercentiles(column.subarray(k * batch, (k + 1) * batch), [0.5], scratch)[0]));
  const variance = (xs: number[]): number => {
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    return xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1);
  };
  const variances: RatioVariance[] = [];
  for (const output of KEY_OUTPUTS) {
    const reference = logMedians(drawn[0][output]);
    for (let file = 1; file < scenarios.length; file++) {
      const other = logMedians(drawn[file][output]);
      const ratios = other.map((x, k) => x - reference[k]);
      // An output constant in both files has no spread: nothing to wait for.
      if (ratios.every((x) => x === ratios[0]) || !ratios.every(Number.isFinite)) continue;
      variances.push({ output, file, paired: batch * variance(ratios), independent: batch * (variance(reference) + variance(other)) });
    }
  }
  return { variances, t: -studentQuantile(0.025, BATCHES - 1) };
}

/** The relative half-width of a ratio's 95% interval at n samples (of its log: exp(h) − 1 ≈ h). */
export function halfWidth(plan: PrecisionPlan, v: RatioVariance, n: number, paired = true): number {
  return plan.t * Math.sqrt((paired ? v.paired : v.independent) / n);
}

/** Samples that bring every ratio's half-width within `target`, before rounding to chunks. */
export function exactSamplesFor(plan: PrecisionPlan, target: number, paired = true): number {
  const worst = Math.max(0, ...plan.variances.map((v) => (paired ? v.paired : v.independent)));
  return (plan.t / target) ** 2 * worst;
}

/** Samples that bring every ratio's half-width within `target`, in whole chunks. */
export function samplesFor(plan: PrecisionPlan, target: number, paired = true): number {
  return Math.max(CHUNK_SIZE, Math.ceil(exactSamplesFor(plan, target, paired) / CHUNK_SIZE) * CHUNK_SIZE);
}

/**
 * What --precision reached on the comparison it sized: each key ratio of P50s with its 95%
 * interval at the comparison's n, the widest half-width, and the samples two independent runs
 * would have needed for the same target.
 */
export function precisionRecord(plan: PrecisionPlan, result: CompareResult, target: number, maxSamples: number): ComparePrecision {
  const n = result.samples;
  const ratios = plan.variances.map((v) => {
    const ratio = result.outputs[v.output][v.file].ratio_p50;
    const h = halfWidth(plan, v, n);
    return {
      output: v.output,
      file: result.outputs[v.output][v.file].file,
      ratio_p50: ratio,
      ci95: (ratio === null ? [null, null] : [ratio * Math.exp(-h), ratio * Math.exp(h)]) as [number | null, number | null],
      half_width: h,
    };
  });
  const reached = Math.max(0, ...ratios.map((r) => r.half_width));
  return {
    target,
    reached,
    stopped: reached <= target ? 'target' : 'max_samples',
    max_samples: maxSamples,
    method: `batch means: ${BATCHES} batches of the first ${PROBE_ROWS.toLocaleString('en-US')} rows, Student's t on ${BATCHES - 1} degrees of freedom`,
    samples_if_independent: samplesFor(plan, target, false),
    // Before rounding to chunks, which hides the saving when both counts are small.
    independent_over_paired: exactSamplesFor(plan, target, false) / exactSamplesFor(plan, target),
    ratios,
  };
}
