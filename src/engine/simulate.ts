/**
 * Sampling and summarizing a plan: deal chunks to workers (threads), merge what they return,
 * then pick percentiles. A pilot of the first chunks says which coarse histogram bins the
 * percentiles will fall in; the pass then gathers the draws of those bins (exact selection,
 * up to EXACT_LIMIT samples) or counts sub-bins inside them (streaming, above). A bin the
 * pilot missed costs one more pass over the chunks, gathering its draws; --exact above the
 * limit always takes that second pass.
 */
import { chunkCount, evaluationGroups, makesMinutesRealAgain, outputsAlone, summarySlots, windowed, type Flags, type SimulationPlan } from './chunks.js';
import { modelBlock, outputBits } from '../model/model.js';
import { OUTPUT_NAMES } from '../model/outputs.js';
import { CHUNK_SIZE } from '../random/streams.js';
import { chunkCounter, MainThreadWorker, ThreadWorker, type ChunkWorker } from './workers.js';
import { COARSE_BITS, FineCounts, MergedHistogram, valuesByKey } from '../summary/histogram.js';
import { kernelArena } from '../kernel/arena.js';
import { combine, standardDeviation, type Moments } from '../summary/moments.js';
import { exactIntervals, exactPercentiles, intervalRanks, streamingIntervals, streamingPercentiles, targetKeys, type IntervalRankRule } from '../summary/percentiles.js';
import { designIntervalRanks } from './design-effect.js';

/**
 * Chunks each thread should have before the default thread count (the cores) uses it: a worker
 * takes some 60 ms to start and runs its first chunks before V8 has optimized them, where a
 * chunk takes 10 ms. Measured by npm run bench on 2 cores: 2 threads were 0.89x as fast as 1
 * at 2 chunks (1e5 samples), as fast at 8, 1.05x at 16.
 */
export const MIN_CHUNKS_PER_THREAD = 8;

/** The thread count when none is given: the cores, fewer for a run too short to pay for them. */
export function defaultThreads(samples: number, cores: number): number {
  return Math.max(1, Math.min(cores, Math.floor(chunkCount(samples) / MIN_CHUNKS_PER_THREAD)));
}

/** Up to this many samples, percentiles are exact: the draws near them are kept in memory. */
export const EXACT_LIMIT = 1 << 21;

/**
 * Chunks the pilot takes (the main thread's first, counted like any other) to place the
 * percentiles, before any worker samples: about as long as a worker takes to start (some 60 ms),
 * and four chunks flag narrower bins than two, which the measured pass time (fine counting) favours.
 */
export const PILOT_CHUNKS = 4;
/** Up to this many samples the pass gathers every draw: the pilot would be the whole run. */
export const GATHER_ALL_LIMIT = PILOT_CHUNKS * CHUNK_SIZE;
/**
 * How far around each pilot percentile, in standard errors of its rank, coarse bins get sub-bin
 * counters. A percentile the pilot misplaced anyway costs one more pass over the chunks
 * (collect), never a wrong number.
 */
const PILOT_MARGIN = 6;

/**
 * The coarse keys, per output, that the whole run's percentiles will almost surely fall in:
 * those around each percentile of the pilot's chunks (the same chunks whatever the thread
 * count, so the keys and therefore every result are too).
 */
function pilotKeys(
  histograms: { base: number; counts: Uint32Array }[],
  ps: readonly number[],
  marginSe: number,
  samples: number,
  intervalPs: readonly number[],
): number[][] {
  return histograms.map((part) => {
    const hist = new MergedHistogram(COARSE_BITS);
    hist.merge(part);
    const n = hist.total;
    const keys: number[] = [];
    if (n === 0) return keys; // every pilot row filtered out
    for (const p of ps) {
      const centre = p * (n - 1);
      // An interval's bounds lie some 1.96 of the whole run's standard errors beyond its
      // percentile: in the pilot's ranks, 1.96 sqrt(n / samples) of the pilot's.
      const reach = intervalPs.includes(p) ? 1.96 * Math.sqrt(n / samples) : 0;
      const margin = (marginSe + reach) * Math.sqrt(p * (1 - p) * n) + 1;
      const [a, b] = hist.locate([Math.max(0, Math.floor(centre - margin)), Math.min(n - 1, Math.ceil(centre + margin))]);
      for (let key = a.key; key <= b.key; key++) keys.push(key);
    }
    return keys;
  });
}

/** The gathered draws of one output that fall in the wanted keys, by key. */
function gatheredByKey(parts: Float64Array[], wanted: number[]): Map<number, Float64Array> {
  const values = valuesByKey(parts, wanted, COARSE_BITS);
  return new Map(wanted.map((key, s) => [key, values[s]] as const).filter(([, v]) => v.length));
}

/** The draws each wanted key holds over the whole run, per output: what collect makes room for. */
function sizesOf(histograms: MergedHistogram[], wanted: number[][]): number[][] {
  return wanted.map((keys, j) => keys.map((key) => histograms[j].counts[key - histograms[j].base] ?? 0));
}

/** Values, per key, joined from every worker's collected draws for one output. */
function joinCollected(parts: { keys: number[]; values: Float64Array[] }[]): Map<number, Float64Array> {
  const byKey = new Map<number, Float64Array>();
  for (const part of parts) {
    part.keys.forEach((key, s) => {
      const values = part.values[s];
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
  return byKey;
}

export interface ColumnSummary {
  mean: number;
  sd: number;
  min: number;
  max: number;
  /** Percentiles at the simulation's `ps` (or its variant's), in order. */
  percentiles: number[];
  /** 95% intervals [lo, hi] of the percentiles at `intervals`, in order (the plan's outputs only). */
  intervals: [number, number][];
  histogram: MergedHistogram;
}

export interface SimulateOptions {
  threads: number;
  /** Percentiles wanted, as fractions. */
  ps: readonly number[];
  /** Exact percentiles above the retention limit too, by sampling every chunk twice. */
  exact?: boolean;
  /** Sample count up to which draws near the percentiles are kept and percentiles exact (default EXACT_LIMIT). */
  exactLimit?: number;
  /** Called as chunks are done: the sampling pass's, and a collecting pass's when one is certain. */
  onProgress?: (done: number, total: number) => void;
  /**
   * How the work is dealt to the threads: 'chunks' (each claims chunks and makes every evaluation
   * on them), or 'evaluations' (each makes its share of the evaluations, the plan's and its
   * variants', on every chunk). A plan of many variants over few chunks (compare's coalitions at
   * 100,000 samples: two chunks, some 1,900 evaluations) keeps only the second busy on every
   * thread. Results do not depend on it. Default 'chunks'; 'evaluations' takes no pilot.
   */
  deal?: 'chunks' | 'evaluations';
  /**
   * Dealt by evaluation and exact: the draws each thread gathers at once (default GROUP_DRAWS).
   * Given, the simulation goes group by group whatever it costs (tests make it small).
   */
  groupDraws?: number;
  /** The pilot's margin in standard errors (default PILOT_MARGIN; tests make it miss). */
  pilotMargin?: number;
  /**
   * Percentiles among `ps` whose 95% intervals are wanted, of the plan's own outputs (not the
   * variants'): their order statistics join the wanted ranks, gathered or counted like the rest.
   */
  intervals?: readonly number[];
}

export interface Simulation {
  exact: boolean;
  /** Outputs with a percentile outside the pilot's keys, found by one more pass. */
  pilotMisses: number;
  /** The plan's summarized outputs, by name. */
  columns: Record<string, ColumnSummary>;
  /** Every summarized output, the variants' too, in summarySlots order. */
  slots: ColumnSummary[];
}

/**
 * Dealt by evaluation and exact, the draws a thread keeps at once, of a group of evaluations
 * (8 bytes each): 2^23, 64 MiB, whatever the sample count. A coalition's median keeps at most a
 * rank window's room (keptDraws: 4,736 draws at 100,000 samples, 14,340 at 2,097,152), so each
 * thread's thousand-odd coalitions of the README's comparison fit one group at 100,000 samples
 * and two at compare's most.
 */
export const GROUP_DRAWS = 1 << 23;

/**
 * What making the draws again for a group costs, in evaluations of the model on them: measured
 * with compare's 1,873 evaluations of seed-article.yaml against baseline.yaml (about 0.12 us a
 * row for the draws, 0.012 us a row for an evaluation of every output). A simulation dealt by
 * evaluation goes group by group while that costs less than the second pass it spares.
 */
const DRAWS_PER_EVALUATION = 10;

/**
 * What summarizing one output of an evaluation costs, against the model computing every output:
 * a rank window (about 1 ns a draw, the model 10 ns) and a histogram counted, then collected
 * (some 3 ns).
 */
const WINDOWED_COST = 0.1;
const COUNTED_COST = 0.3;

let timed: { every: number; alone: Map<string, number>; reused: Map<string, number> } | null = null;

/**
 * The model kernel's time on a block for every output (evaluate), for each output alone
 * (evaluateOutputs), and for those made from video_minutes_per_gpu_hour when it is reused,
 * timed once on this thread (a millisecond) on rows of ones: the shares only balance the
 * threads, so timing them cannot change a result.
 */
function modelTimes(): { every: number; alone: Map<string, number>; reused: Map<string, number> } {
  if (timed) return timed;
  const block = modelBlock();
  for (const column of Object.values(block.inputs)) column.fill(1);
  const time = (evaluate: () => void): number => {
    evaluate();
    const start = performance.now();
    for (let k = 0; k < 8; k++) evaluate();
    return performance.now() - start;
  };
  const every = time(() => block.evaluate(block.rows));
  const alone = new Map(OUTPUT_NAMES.map((name) => [name, time(() => block.evaluateOutputs(block.rows, outputBits([name])))]));
  const reused = new Map(
    OUTPUT_NAMES.filter((name) => outputBits([name]) & block.minutesRealUsers).map((name) => [name, time(() => block.evaluateOutputs(block.rows, outputBits([name]), true))]),
  );
  return (timed = { every, alone, reused });
}

/** A thread's share of the evaluations: its sub-plan, and where its slots sit among the plan's. */
interface EvaluationShare {
  plan: SimulationPlan;
  firstSlot: number;
  slots: number;
}

/**
 * The plan's evaluations (the plan itself, then each variant) cut into at most `threads` runs of
 * consecutive ones of about equal work, the first run with the plan's own. Consecutive, because
 * neighbouring variants (compare's coalitions, in walk order) switch few columns between them.
 * The work of an evaluation: the model on every row (every output, or the few it wants alone, as
 * timed on this thread: gpus_peak alone takes three times what training_flops does, a third of
 * that when it reuses video_minutes_per_gpu_hour), and the summaries of its outputs
 * (WINDOWED_COST and COUNTED_COST of the model's time for every output).
 */
function evaluationShares(plan: SimulationPlan, threads: number): EvaluationShare[] {
  const variants = plan.variants ?? [];
  const slotsOf = [plan.summarized.length, ...variants.map((v) => v.summarized.length)];
  const { every, alone, reused } = modelTimes();
  const again = makesMinutesRealAgain(plan, modelBlock().minutesRealUsers);
  const cost = [plan.summarized, ...variants.map((v) => v.summarized)].map((outputs, e) => {
    const computed = outputsAlone(plan, outputs);
    const model = computed
      ? computed.reduce((sum, name) => sum + (reused.get(name) ?? alone.get(name)!), again[e] ? alone.get('video_minutes_per_gpu_hour')! : 0)
      : every;
    return model + outputs.length * every * (windowed(plan, e) ? WINDOWED_COST : COUNTED_COST);
  });
  const whole = cost.reduce((a, b) => a + b, 0);
  const count = Math.max(1, Math.min(threads, cost.length));
  // A share ends before the evaluation that would take it further past its goal than it stops short.
  const bounds = [0];
  let sum = 0;
  cost.forEach((c, e) => {
    const goal = (whole * bounds.length) / count;
    if (bounds.length < count && e > bounds[bounds.length - 1] && sum + c - goal > goal - sum) bounds.push(e);
    sum += c;
  });
  bounds.push(cost.length);
  let firstSlot = 0;
  return bounds.slice(1).map((to, t) => {
    const from = bounds[t];
    const slots = slotsOf.slice(from, to).reduce((a, b) => a + b, 0);
    const share = {
      plan: { ...plan, summarized: from === 0 ? plan.summarized : [], variants: variants.slice(Math.max(0, from - 1), to - 1) },
      firstSlot,
      slots,
    };
    firstSlot += slots;
    return share;
  });
}

export async function simulate(
  plan: SimulationPlan,
  options: SimulateOptions,
): Promise<Simulation> {
  const total = chunkCount(plan.samples);
  const limit = options.exactLimit ?? EXACT_LIMIT;
  const gathering = plan.samples <= limit;
  const exact = gathering || Boolean(options.exact);
  const byEvaluation = options.deal === 'evaluations';
  // Dealt by evaluation, each thread takes a run of consecutive evaluations (its share of the
  // model's work); dealt by chunk, every thread has every slot.
  const shares = byEvaluation ? evaluationShares(plan, Math.max(1, options.threads)) : null;
  const threadCount = shares ? shares.length : Math.max(1, Math.min(options.threads, total));
  // A run no longer than GATHER_ALL_LIMIT gathers every draw; --exact above the limit flags
  // nothing and collects after; otherwise the pilot decides (never when dealt by evaluation:
  // the pilot's chunks are the main thread's, and so are not every slot's; those flags, null
  // or every draw, hold for any share of the slots).
  // Dealt by evaluation and exact, each thread gathers every draw, some evaluations at a time
  // (ChunkRunner.runGrouped): the flags are those of gathering every draw, with no second pass.
  const groupDraws = options.groupDraws ?? GROUP_DRAWS;
  const margin = options.pilotMargin ?? PILOT_MARGIN;
  const groups = shares && exact ? shares.reduce((sum, share) => sum + evaluationGroups(share.plan, groupDraws, margin).length, 0) : 0;
  const grouped = byEvaluation && exact && (options.groupDraws !== undefined || groups * DRAWS_PER_EVALUATION <= (plan.variants?.length ?? 0) + 1);
  const known: Flags | null | undefined =
    grouped || (gathering && plan.samples <= GATHER_ALL_LIMIT) ? { mode: 'gather', keys: null } : (!gathering && exact) || byEvaluation ? null : undefined;
  const pilotChunks = known === undefined ? Math.min(PILOT_CHUNKS, total) : 0;
  // Without flags an exact simulation always takes the collecting pass: the bar counts it too.
  const passCount = known === null && exact ? 2 : 1;
  const work = shares ? total * (grouped ? groups : passCount * shares.length) : passCount * total;
  const names = summarySlots(plan);
  const psOf = names.map(({ variant }) => (variant >= 0 && plan.variants![variant].ps) || options.ps);
  const intervalPsOf = names.map(({ variant }) => (variant < 0 ? options.intervals ?? [] : []));
  // The main thread is one worker itself; the others start first, so that their threads load
  // their modules while the main thread runs the pilot synchronously. Dealt by evaluation, each
  // worker has a counter of its own, and so runs every chunk for its evaluations.
  const counter = chunkCounter(pilotChunks);
  const planOf = (w: number): SimulationPlan => (shares ? shares[w].plan : plan);
  const counterOf = (): SharedArrayBuffer => (shares ? chunkCounter(0) : counter);
  const threads = Array.from({ length: threadCount - 1 }, (_, w) => new ThreadWorker(planOf(w + 1), counterOf(), total));
  // The main thread's counters are this simulation's room in the thread's arena, given back at the end.
  const arena = kernelArena();
  arena?.enter();
  const main = new MainThreadWorker(planOf(0), counterOf(), total);
  const workers: ChunkWorker[] = [...threads, main];
  // Per worker (in `workers` order), the first of its slots in summarySlots order, and how many.
  const owned = workers.map((_, w) => {
    const share = shares?.[w === workers.length - 1 ? 0 : w + 1];
    return share ? { first: share.firstSlot, count: share.slots } : { first: 0, count: names.length };
  });
  /** Per slot, the workers that summarized it and its index in their per-output arrays. */
  const holders = names.map((_, j) =>
    owned.flatMap(({ first, count }, w) => (j >= first && j < first + count ? [{ w, i: j - first }] : [])),
  );
  /** Per worker, its slots' entries of a per-slot array. */
  const ownedPart = <T>(all: T[], w: number): T[] => all.slice(owned[w].first, owned[w].first + owned[w].count);
  try {
    let done = 0;
    const tick = (): void => options.onProgress?.(++done, work);
    // Under a design, the intervals' ranks come from the blocks (Woodruff), probed before the pass.
    const designed = plan.method && plan.method !== 'mc' && options.intervals?.length ? designIntervalRanks(plan, options.intervals) : null;
    const ranksOf = (j: number): IntervalRankRule => designed?.[j] ?? intervalRanks;
    let flags: Flags | null = known ?? null;
    if (known === undefined) {
      // The pilot runs before any worker samples (they load meanwhile); its flags go with their first request.
      const keys = pilotKeys(main.pilot(pilotChunks, tick), options.ps, options.pilotMargin ?? PILOT_MARGIN, plan.samples, options.intervals ?? []);
      flags = exact ? { mode: 'gather', keys } : { mode: 'fine', keys };
    }
    const passes = await Promise.all(
      workers.map((worker, w) =>
        grouped ? worker.runGrouped(ownedPart(psOf, w), groupDraws, margin, tick) : worker.run(flags, tick),
      ),
    );
    /** What the workers collect of `missing` (per slot, its wanted keys), per slot: each holder's part. */
    const collectMissing = async (missing: number[][], sizes: number[][]) => {
      // A pass the bar did not count in advance (a pilot's miss) is not shown.
      const onChunk = passCount === 2 ? tick : undefined;
      const collected = await Promise.all(
        workers.map((worker, w) => (shares ? worker.collect(ownedPart(missing, w), ownedPart(sizes, w), onChunk) : worker.collect(missing, sizes, onChunk))),
      );
      return names.map((_, j) => holders[j].map(({ w, i }) => collected[w][i]));
    };
    const fineKeys = flags?.mode === 'fine' ? flags.keys : null;
    let pilotMisses = 0;

    const histograms = names.map(() => new MergedHistogram(COARSE_BITS));
    const fine = names.map((_, j) => new FineCounts(fineKeys?.[j] ?? []));
    const perChunk: Moments[][] = names.map(() => new Array<Moments>(total));
    const min = names.map(() => Infinity);
    const max = names.map(() => -Infinity);
    names.forEach((_, j) => {
      for (const { w, i } of holders[j]) {
        const pass = passes[w];
        histograms[j].merge(pass.histograms[i]);
        fine[j].merge({ counts: pass.fine[i] });
        min[j] = Math.min(min[j], pass.min[i]);
        max[j] = Math.max(max[j], pass.max[i]);
        const m = pass.moments[i];
        pass.chunks.forEach((chunk, at) => {
          perChunk[j][chunk] = { count: m[3 * at], mean: m[3 * at + 1], m2: m[3 * at + 2] };
        });
      }
    });

    let percentiles: number[][];
    let intervals: [number, number][][];
    const noIntervals = (j: number): [number, number][] => intervalPsOf[j].map(() => [NaN, NaN]);
    if (grouped) {
      // Each thread selected its own slots' percentiles, from the draws only it had (compare's, without intervals).
      percentiles = names.map((_, j) => passes[holders[j][0].w].percentiles![holders[j][0].i]);
      intervals = names.map((_, j) => noIntervals(j));
      pilotMisses = passes.reduce((sum, pass) => sum + (pass.pilotMisses ?? 0), 0);
    } else if (exact) {
      // A slot whose every row the plan's row filter dropped has no percentiles (NaN).
      const wanted = histograms.map((h, j) => (h.total ? targetKeys(h, psOf[j], intervalPsOf[j], ranksOf(j)) : []));
      const byKey = names.map((_, j) => gatheredByKey(holders[j].map(({ w, i }) => passes[w].gathered[i]), wanted[j]));
      // Keys the pass did not gather (--exact above the limit, or the pilot misplaced them): one more pass.
      const kept = (j: number, key: number): boolean => flags?.mode === 'gather' && (!flags.keys || flags.keys[j].includes(key));
      const missing = wanted.map((keys, j) => keys.filter((key) => !kept(j, key)));
      pilotMisses = flags ? missing.filter((keys) => keys.length).length : 0;
      if (missing.some((keys) => keys.length)) {
        const collected = await collectMissing(missing, sizesOf(histograms, missing));
        names.forEach((_, j) => {
          for (const [key, values] of joinCollected(collected[j])) byKey[j].set(key, values);
        });
      }
      percentiles = names.map((_, j) => (histograms[j].total ? exactPercentiles(histograms[j], psOf[j], byKey[j]) : psOf[j].map(() => NaN)));
      intervals = names.map((_, j) => (histograms[j].total ? exactIntervals(histograms[j], intervalPsOf[j], byKey[j], ranksOf(j)) : noIntervals(j)));
    } else {
      const missing = histograms.map((h, j) => (h.total ? targetKeys(h, psOf[j], intervalPsOf[j], ranksOf(j)) : []).filter((key) => !fine[j].has(key)));
      pilotMisses = missing.filter((keys) => keys.length).length;
      if (pilotMisses) {
        const collected = await collectMissing(missing, sizesOf(histograms, missing));
        names.forEach((_, j) => {
          if (!missing[j].length) return;
          const widened = new FineCounts([...fine[j].keys, ...missing[j]]);
          for (const key of fine[j].keys) widened.of(key).set(fine[j].of(key));
          for (const values of joinCollected(collected[j]).values()) widened.add(values);
          fine[j] = widened;
        });
      }
      percentiles = names.map((_, j) =>
        histograms[j].total ? streamingPercentiles(histograms[j], fine[j], psOf[j], min[j], max[j]) : psOf[j].map(() => NaN),
      );
      intervals = names.map((_, j) =>
        histograms[j].total ? streamingIntervals(histograms[j], fine[j], intervalPsOf[j], min[j], max[j], ranksOf(j)) : noIntervals(j),
      );
    }

    const slots = names.map(({ variant }, j): ColumnSummary => {
      // Windowed slots (ChunkRunner.runGrouped) counted no histogram and no moments.
      if (grouped && windowed(plan, variant + 1)) {
        return { mean: NaN, sd: NaN, min: NaN, max: NaN, percentiles: percentiles[j], intervals: intervals[j], histogram: new MergedHistogram(COARSE_BITS) };
      }
      const moments = perChunk[j].reduce(combine, { count: 0, mean: 0, m2: 0 });
      return {
        mean: moments.mean,
        sd: standardDeviation(moments),
        min: min[j],
        max: max[j],
        percentiles: percentiles[j],
        intervals: intervals[j],
        histogram: histograms[j],
      };
    });
    const columns: Record<string, ColumnSummary> = {};
    names.forEach(({ variant, output }, j) => {
      if (variant < 0) columns[output] = slots[j];
    });
    return { exact, pilotMisses, columns, slots };
  } finally {
    await Promise.all(workers.map((worker) => worker.close()));
    arena?.leave();
  }
}
