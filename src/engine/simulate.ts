/**
 * Sampling and summarizing a plan: deal chunks to lanes (threads), merge what they return,
 * then pick percentiles. Exact percentiles take a second, cheap step: lanes hand back only the
 * draws in the histogram bins that hold the wanted order statistics.
 */
import { chunkCount, type SimulationPlan } from './chunks.js';
import { chunkCounter, MainThreadLane, WorkerLane, type Lane } from './lanes.js';
import { LOCATING_BITS, MergedHistogram, STREAMING_BITS } from '../summary/histogram.js';
import { combine, standardDeviation, type Moments } from '../summary/moments.js';
import { exactPercentiles, streamingPercentiles, targetKeys } from '../summary/percentiles.js';

/** Up to this many samples, summarized columns stay in memory and percentiles are exact. */
export const EXACT_LIMIT = 1 << 21;

export interface ColumnSummary {
  mean: number;
  sd: number;
  min: number;
  max: number;
  /** Percentiles at the plan's `ps`, in order. */
  percentiles: number[];
  histogram: MergedHistogram;
}

export interface SimulateOptions {
  threads: number;
  /** Percentiles wanted, as fractions. */
  ps: readonly number[];
  /** Exact percentiles above the retention limit too, by sampling every chunk twice. */
  exact?: boolean;
  /** Sample count up to which columns are retained and percentiles exact (default EXACT_LIMIT). */
  exactLimit?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface Simulation {
  exact: boolean;
  columns: Record<string, ColumnSummary>;
}

export async function simulate(
  plan: Omit<SimulationPlan, 'retain' | 'bits'>,
  options: SimulateOptions,
): Promise<Simulation> {
  const total = chunkCount(plan.samples);
  const limit = options.exactLimit ?? EXACT_LIMIT;
  const exact = plan.samples <= limit || Boolean(options.exact);
  const full: SimulationPlan = { ...plan, retain: plan.samples <= limit, bits: exact ? LOCATING_BITS : STREAMING_BITS };
  const laneCount = Math.max(1, Math.min(options.threads, total));
  const counter = chunkCounter();
  // The main thread takes one lane itself; worker lanes come first in the list, because the
  // main lane runs synchronously once asked and the workers must already be at work by then.
  const lanes: Lane[] = [
    ...Array.from({ length: laneCount - 1 }, () => new WorkerLane(full, counter, total)),
    new MainThreadLane(full, counter, total),
  ];
  try {
    let done = 0;
    const tick = (): void => options.onProgress?.(++done, total);
    const passes = await Promise.all(lanes.map((lane) => lane.run(tick)));

    const names = plan.summarized;
    const histograms = names.map(() => new MergedHistogram(full.bits));
    const perChunk: Moments[][] = names.map(() => new Array<Moments>(total));
    const min = names.map(() => Infinity);
    const max = names.map(() => -Infinity);
    for (const pass of passes) {
      names.forEach((_, j) => {
        histograms[j].merge(pass.histograms[j]);
        min[j] = Math.min(min[j], pass.min[j]);
        max[j] = Math.max(max[j], pass.max[j]);
        const m = pass.moments[j];
        pass.chunks.forEach((chunk, at) => {
          perChunk[j][chunk] = { count: m[3 * at], mean: m[3 * at + 1], m2: m[3 * at + 2] };
        });
      });
    }

    let percentiles: number[][];
    if (exact) {
      const wanted = histograms.map((h) => targetKeys(h, options.ps));
      const collected = await Promise.all(lanes.map((lane) => lane.collect(wanted)));
      percentiles = names.map((_, j) => {
        const byKey = new Map<number, Float64Array>();
        for (const part of collected) {
          part[j].keys.forEach((key, s) => {
            const values = part[j].values[s];
            const before = byKey.get(key);
            if (!before) byKey.set(key, values);
            else {
              const joined = new Float64Array(before.length + values.length);
              joined.set(before);
              joined.set(values, before.length);
              byKey.set(key, joined);
            }
          });
        }
        return exactPercentiles(histograms[j], options.ps, byKey);
      });
    } else {
      percentiles = names.map((_, j) => streamingPercentiles(histograms[j], options.ps, min[j], max[j]));
    }

    const columns: Record<string, ColumnSummary> = {};
    names.forEach((name, j) => {
      const moments = perChunk[j].reduce(combine, { count: 0, mean: 0, m2: 0 });
      columns[name] = {
        mean: moments.mean,
        sd: standardDeviation(moments),
        min: min[j],
        max: max[j],
        percentiles: percentiles[j],
        histogram: histograms[j],
      };
    });
    return { exact, columns };
  } finally {
    await Promise.all(lanes.map((lane) => lane.close()));
  }
}
