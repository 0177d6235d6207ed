/**
 * Percentile intervals under a Latin hypercube or scrambled Sobol design: their draws are not
 * independent, so the binomial interval does not hold; each block of BLOCK_SIZE rows is an
 * independent replicate instead, and the blocks say how variable a percentile is. Before the
 * run's own pass, the first PROBE_BLOCKS blocks are drawn once more and, for each output and
 * percentile, give the design effect of the proportion of draws at or below it (Woodruff's
 * method, src/sampling/replicate-interval.ts). The run's interval is then the pair of its own
 * order statistics at p ± t sqrt(deff p (1 − p) / n): the engine gathers or counts them as it
 * does the binomial ranks. The design effect is a property of the design and the output, not of
 * n (tested on synthetic designs), so the first blocks tell it for the whole run.
 */
import { ChunkRunner, BLOCK_SIZE, chunkCount, type SimulationPlan } from './chunks.js';
import { CHUNK_SIZE } from '../random/streams.js';
import { designEffect, MIN_REPLICATES, woodruffProbabilities } from '../sampling/replicate-interval.js';
import { selectPercentiles } from '../summary/select.js';
import type { IntervalRankRule } from '../summary/percentiles.js';

/**
 * Blocks the probe draws: 64 (two chunks, 131,072 rows), whose between-block variance is known
 * to about sqrt(2 / 63) = 18%, so an interval's width to about 9%. A run with fewer blocks
 * probes them all; below MIN_REPLICATES the design effect is taken as 1 (the binomial interval,
 * wider than the design's: Owen 1997).
 */
export const PROBE_BLOCKS = 64;

/**
 * Per summarized output of the plan (its own, not its variants'), the interval ranks of each
 * percentile in `ps` under the plan's design.
 */
export function designIntervalRanks(plan: SimulationPlan, ps: readonly number[]): IntervalRankRule[] {
  const rows = Math.min(plan.samples, PROBE_BLOCKS * BLOCK_SIZE);
  const runner = new ChunkRunner({ ...plan, samples: plan.samples, summarized: [], variants: undefined });
  const values = plan.summarized.map(() => new Float64Array(rows));
  const sizes: number[] = [];
  let at = 0;
  for (let chunk = 0; chunk < Math.min(chunkCount(rows), chunkCount(plan.samples)) && at < rows; chunk++) {
    runner.feed(chunk, {
      outputsOnly: true,
      block: ({ n, start, outputs }) => {
        if (chunk * CHUNK_SIZE + start >= rows) return;
        plan.summarized.forEach((name, j) => values[j].set(outputs[name].subarray(0, n), at));
        sizes.push(n);
        at += n;
      },
    });
  }
  const replicates = sizes.filter((n) => n > 0).length;
  // Where the percentiles lie, from every QUANTILE_STRIDE-th draw: the design effect changes
  // slowly with the point it is taken at, and selection on every draw was most of the probe's time.
  const sample = new Float64Array(Math.ceil(at / QUANTILE_STRIDE));
  const scratch = new Float64Array(sample.length);
  const K = ps.length;
  return values.map((column) => {
    for (let i = 0, k = 0; i < at; i += QUANTILE_STRIDE) sample[k++] = column[i];
    const quantiles = Float64Array.from(at > 0 ? selectPercentiles(sample, ps, scratch) : ps.map(() => NaN));
    // Per block, how many draws fall at or below each quantile: one pass, each draw placed
    // among the quantiles (ascending, as ps is), then summed upwards.
    const below = ps.map(() => new Float64Array(sizes.length));
    const slots = new Int32Array(K + 1);
    let from = 0;
    for (let b = 0; b < sizes.length; b++) {
      slots.fill(0);
      const to = from + sizes[b];
      for (let i = from; i < to; i++) {
        const x = column[i];
        let k = 0;
        while (k < K && x > quantiles[k]) k++;
        slots[k]++;
      }
      let cumulative = 0;
      for (let k = 0; k < K; k++) below[k][b] = cumulative += slots[k];
      from = to;
    }
    const kept = sizes.flatMap((n, b) => (n > 0 ? [b] : []));
    const deff = new Map<number, number>();
    ps.forEach((p, k) => {
      const effect = designEffect({ below: kept.map((b) => below[k][b]), sizes: kept.map((b) => sizes[b]) }, p);
      deff.set(p, replicates >= MIN_REPLICATES && Number.isFinite(effect) ? effect : 1);
    });
    return (n: number, p: number) => {
      const [a, b] = woodruffProbabilities(p, n, deff.get(p) ?? 1, 0.95, replicates >= MIN_REPLICATES ? replicates : Infinity);
      // The order statistics just outside the type-7 positions of both probabilities: never narrower.
      return { lo: Math.max(0, Math.floor(a * (n - 1))), hi: Math.min(n - 1, Math.ceil(b * (n - 1))) };
    };
  });
}

/** Every how many draws of the probe the percentiles are placed from. */
const QUANTILE_STRIDE = 8;
