/**
 * The work of one thread: sample assumption columns chunk by chunk, evaluate the model on
 * them, and summarize the outputs. A chunk's draws depend only on (seed, assumption, chunk),
 * so any thread can run any chunk, and every summary here is either order-free (integer
 * histogram counts, min, max) or kept per chunk for the main thread to combine in chunk order.
 *
 * A chunk is worked through in blocks of BLOCK_SIZE rows: uniforms, inputs, outputs and the
 * coarse histograms of one block together stay in the core's own caches, where whole-chunk
 * columns (about fifty of 512 KB each) would stream through main memory several times.
 */
import { makeDistribution } from '../families/index.js';
import type { DistSpec, Distribution } from '../families/types.js';
import { ASSUMPTION_NAMES } from '../model/assumptions.js';
import { dependsOn } from '../model/depends.js';
import { allocateOutputs, modelBlock, outputBits, type Columns } from '../model/model.js';
import { CHUNK_SIZE, startStreams, type Seed } from '../random/streams.js';
import { binBounds, COARSE_BITS, KeyCollector, MergedHistogram } from '../summary/histogram.js';
import { exactPercentiles, targetKeys } from '../summary/percentiles.js';
import { OutputAccumulator, summarizeBlock } from '../summary/column.js';
import { kernelArena } from '../kernel/arena.js';
import { RankWindow } from '../summary/rank-window.js';
import { designFor, type BlockDesign, type SamplingMethod } from '../sampling/design.js';
import { RankReordering, prepareRankCorrelation } from '../sampling/iman-conover.js';

/**
 * Rows per block. Fixed, like CHUNK_SIZE: means and standard deviations are combined block by
 * block, so the block size decides their last bits (the draws do not depend on it).
 */
export const BLOCK_SIZE = 2048;

export interface SimulationPlan {
  seed: Seed;
  samples: number;
  /** Every canonical assumption with the spec to sample. */
  assumptions: { name: string; spec: DistSpec }[];
  /** Outputs that vary, and so are summarized draw by draw. */
  summarized: string[];
  /**
   * More ways to evaluate the same draws (compare's files and coalitions): each swaps some
   * assumptions' specs for others, drawn from the same uniforms, and summarizes its own outputs.
   */
  variants?: Variant[];
  /**
   * The row filter: a row is kept, under every evaluation (the plan and each variant), only when
   * it meets every condition; the others are dropped before any consumer sees them (compare's
   * shared evidence). None: every row is kept.
   */
  keep?: RowCondition[];
  /**
   * The sampling design (src/sampling/design.ts): plain Monte Carlo (the default), or a Latin
   * hypercube or scrambled Sobol net per block of BLOCK_SIZE rows, each block an independent
   * replicate, so percentile intervals come from the blocks (src/sampling/replicate-interval.ts),
   * not from the binomial.
   */
  method?: SamplingMethod;
  /**
   * Target Spearman rank correlations between uncertain assumptions, induced block by block
   * (Iman-Conover on the uniforms, src/sampling/iman-conover.ts). None: independent.
   */
  correlations?: Correlation[];
  /**
   * Appended to every assumption's stream name: another set of draws from the same seed (the
   * sensitivity analysis's matrix B, '/sobol-b'; a canonical name has no slash). None: the run's own.
   */
  streamSuffix?: string;
}

/** A target rank correlation between two uncertain assumptions of the plan. */
export interface Correlation {
  between: [string, string];
  spearman: number;
}

/**
 * A range, bounds included, that a row's value of an assumption (the spec its evaluation takes)
 * or of an output must fall in to be kept. Plain data, so workers get it with the plan.
 */
export interface RowCondition {
  name: string;
  kind: 'output' | 'assumption';
  low: number;
  high: number;
}

/**
 * The assumptions the model kernel makes video_minutes_per_gpu_hour from: while none of them
 * switches, it is reused (KernelBlock.evaluateOutputs's `reuse`).
 */
export const MINUTES_REAL_READS: ReadonlySet<string> = new Set(dependsOn('video_minutes_per_gpu_hour'));

/** The plan's assumptions with those named in `specs` taking these specs instead; `summarized` as the plan's. */
export interface Variant {
  specs: Record<string, DistSpec>;
  summarized: string[];
  /** Percentiles wanted of its outputs (default: the simulation's); with a pilot, the simulation's place them. */
  ps?: readonly number[];
  /**
   * Only the percentiles of its outputs are wanted. Of one percentile, dealt by evaluation and
   * exact, they are then found in narrowing windows of draws (RankWindow), and the rest of their
   * summaries (moments, min, max, histogram) is not made: NaN, and an empty histogram.
   */
  percentilesOnly?: boolean;
}

/**
 * What a pass summarizes, in the order of every per-output array it returns: the plan's
 * outputs, then each variant's (variant -1 is the plan itself).
 */
export function summarySlots(plan: SimulationPlan): { variant: number; output: string }[] {
  return [
    ...plan.summarized.map((output) => ({ variant: -1, output })),
    ...(plan.variants ?? []).flatMap((v, variant) => v.summarized.map((output) => ({ variant, output }))),
  ];
}

/**
 * Coarse keys, per summarized output, flagged to hold percentiles: count sub-bins in them
 * (streaming), or gather their draws for exact selection (null keys: gather every draw).
 */
export type Flags = { mode: 'fine'; keys: number[][] } | { mode: 'gather'; keys: number[][] | null };

export function chunkCount(samples: number): number {
  return Math.ceil(samples / CHUNK_SIZE);
}

export function chunkLength(samples: number, chunk: number): number {
  return Math.min(CHUNK_SIZE, samples - chunk * CHUNK_SIZE);
}

/** What one thread hands back after its chunks: per summarized output, in plan order. */
export interface PassResult {
  histograms: { base: number; counts: Uint32Array }[];
  /** Sub-bin counts over the fine keys the pass was given (empty without). */
  fine: Uint32Array[];
  /** Draws of the keys flagged for gathering (empty without). */
  gathered: Float64Array[];
  min: number[];
  max: number[];
  /** Chunk indices this thread ran, and per output (count, mean, m2) triples in that order. */
  chunks: number[];
  moments: Float64Array[];
  /** runGrouped only: per output, its exact percentiles at the `ps` it was given (NaN without a draw). */
  percentiles?: number[][];
  /** runGrouped only: outputs whose percentile fell outside the window its first block set, collected again. */
  pilotMisses?: number;
}

/** Draws that fell into the wanted coarse keys, per summarized output: key -> values. */
export type Collected = { keys: number[]; values: Float64Array[] }[];

/** One chunk's columns, whole. */
export interface ChunkColumns {
  n: number;
  inputs: Columns;
  outputs: Columns;
}

/**
 * One block of rows as the pipeline hands it to its consumers: rows [0, n) of every input and
 * output column (by canonical name), which are rows [start, start + n) of chunk `chunk`, under
 * evaluation `evaluation` (0: the plan; 1 + i: its variant i). The columns are the thread's
 * model block, overwritten by the next block: a consumer copies what it keeps. Under a row
 * filter (SimulationPlan.keep), they are the block's kept rows, in order: n counts them, and `at`
 * how many rows of the chunk this evaluation kept before them (`start` without a filter).
 */
export interface BlockRows {
  chunk: number;
  start: number;
  n: number;
  at: number;
  evaluation: number;
  inputs: Readonly<Columns>;
  outputs: Readonly<Columns>;
}

/**
 * An analysis on the pipeline: `block` sees every block of every chunk it is fed, in row order
 * within a chunk. Run's summaries, compare's coalitions, re-sampling for exact percentiles and
 * the CSV writer are all consumers (see ChunkRunner.feed and docs/engine.md).
 */
export interface BlockConsumer {
  block(rows: BlockRows): void;
  /**
   * Reads only the outputs: under a row filter, the inputs are then left unfiltered (the kept
   * rows' inputs are compacted only for consumers that read them).
   */
  readonly outputsOnly?: boolean;
  /**
   * Reads only the outputs its evaluation summarizes: the model then computes only those and the
   * row filter's (Evaluation.wanted), where that is cheaper than computing every output.
   */
  readonly summarizedOnly?: boolean;
}

/** One output summarized under one evaluation: its block column and what it has seen. */
interface Slot {
  /** Index in the pass's per-output arrays (summarySlots order). */
  index: number;
  values: Float64Array;
  acc: OutputAccumulator;
}

/** One evaluation of the model per block: the plan's, or a variant's. */
interface Evaluation {
  /** Per switched assumption, which of its columns this evaluation takes. */
  takes: number[];
  slots: Slot[];
  /**
   * The outputs its slots and the row filter read, as evaluateOutputs's bits, for consumers of
   * only those; null where evaluating every output costs less (most of them wanted).
   */
  wanted: number | null;
}

/**
 * Most outputs one evaluation computes alone (evaluateOutputs) rather than with every other
 * (evaluate): on this machine evaluate took 10.4 ns a row for all 23 outputs, and one output
 * alone 0.6 to 4.5 ns (gpus_peak, the one with most divisions), so a few alone are cheaper.
 */
const OUTPUTS_ALONE_MAX = 3;

/**
 * The outputs the model computes for an evaluation summarizing `summarized`, alone
 * (evaluateOutputs): those and the row filter's; null where evaluate, computing every output,
 * costs less.
 */
export function outputsAlone(plan: SimulationPlan, summarized: readonly string[]): string[] | null {
  const read = new Set(summarized);
  for (const c of plan.keep ?? []) if (c.kind === 'output') read.add(c.name);
  return read.size <= OUTPUTS_ALONE_MAX ? [...read] : null;
}

const specKeys = new WeakMap<DistSpec, string>();

/** A spec as JSON, made once per spec object: a comparison's two thousand variants share them. */
function specKey(spec: DistSpec): string {
  let key = specKeys.get(spec);
  if (key === undefined) specKeys.set(spec, (key = JSON.stringify(spec)));
  return key;
}

/**
 * Per evaluation (the plan's, then each variant's, in order): whether ChunkRunner.feed has the
 * kernel make video_minutes_per_gpu_hour again for it, rather than reuse it (`users`: the bits
 * of the outputs made from it, KernelBlock.minutesRealUsers). For the threads' shares of the work.
 */
export function makesMinutesRealAgain(plan: SimulationPlan, users: number): boolean[] {
  const specOf = new Map(plan.assumptions.map(({ name, spec }) => [name, spec]));
  // Each distinct spec as a small number, so that an evaluation's columns are a short string.
  const ids = new Map<string, number>();
  const idOf = (spec: DistSpec): number => {
    const key = specKey(spec);
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = ids.size));
    return id;
  };
  let made: string | null = null;
  return [plan.summarized, ...(plan.variants ?? []).map((v) => v.summarized)].map((outputs, e) => {
    const specs = e === 0 ? {} : plan.variants![e - 1].specs;
    const alone = outputsAlone(plan, outputs);
    if (!alone || !(outputBits(alone) & users)) return false;
    let held = '';
    for (const name of MINUTES_REAL_READS) held += idOf(specs[name] ?? specOf.get(name)!) + ',';
    const again = held !== made;
    made = held;
    return again;
  });
}

/**
 * What one thread does with a chunk, block by block, in stages (docs/engine.md draws them):
 *
 *   uniforms       one stream per (seed, assumption, chunk), four drawn at a time
 *   design         plain Monte Carlo: the uniforms as drawn; or a Latin hypercube or scrambled
 *                  Sobol net per block (plan.method, src/sampling/design.ts)
 *   distributions  each spec's quantile function on its assumption's uniforms
 *   dependence     the correlated assumptions' rows reordered by Iman-Conover (plan.correlations),
 *                  on their uniforms, then their distributions; without correlations, rows as drawn
 *   model          assembly/model.ts on the block, once per evaluation (the plan, each variant)
 *   row filter     the rows meeting the plan's `keep` conditions (compare's shared evidence),
 *                  compacted to the front of the block; every row without conditions
 *   consumers      BlockConsumer: the summaries of every slot (run's and compare's),
 *                  collect's gathering, sample's whole columns (the CSV writer), any analysis
 *
 * `feed` runs these stages on one chunk for any consumer; `run` and `collect` are feed with
 * the summaries and the gathering, over the chunks a thread claims.
 */
export class ChunkRunner {
  /** The model block (shared by the thread, so fixed columns are written again for each chunk). */
  private readonly block = modelBlock();
  /** Fixed assumptions no variant changes: their block column, filled at each chunk's start. */
  private readonly fixed: { column: Float64Array; value: number }[] = [];
  /**
   * The drawn assumptions four at a time, as their uniforms are drawn, with their streams' state
   * and the columns each SIMD lane's specs fill.
   */
  private readonly groups: {
    /** The lanes' stream names: their assumptions', with the plan's suffix. */
    names: string[];
    /** Each lane's Sobol dimension: its assumption's canonical index. */
    dimensions: number[];
    state: Int32Array;
    draw: (n: number) => void;
    fills: { lane: number; dist: Distribution; column: Float64Array }[];
    /** Correlated lanes: their uniforms are copied out for the dependence stage, filled after it. */
    held: { lane: number; into: Float64Array }[];
  }[] = [];
  private readonly design: BlockDesign;
  /** The dependence stage: the correlated assumptions' uniforms, reordered together, then filled. */
  private readonly dependence: {
    reordering: RankReordering;
    uniforms: Float64Array[];
    fills: { dist: Distribution; uniforms: Float64Array; column: Float64Array }[];
  } | null = null;
  /** Assumptions the variants change: a column per spec, and which one the block's input holds. */
  private readonly switched: { input: Float64Array; columns: Float64Array[]; holds: number; makesMinutesReal: boolean }[] = [];
  private readonly evaluations: Evaluation[];
  private readonly slots: Slot[];
  private readonly moments: number[][];
  private whole: ChunkColumns | null = null;
  /** The row filter's conditions, each with the block column it reads; null without. */
  private readonly filter: { column: Float64Array; low: number; high: number }[] | null;
  /** Per row of a block, 1 when it meets every condition (with a filter). */
  private readonly mask: Uint8Array;
  /** The kept rows' inputs, compacted from the block's (with a filter, for consumers that read inputs). */
  private readonly keptInputs: Columns | null;
  /** Output columns of the pilot's chunks, run before the flags were known, per chunk, per slot. */
  private pending: Float64Array[][] = [];
  /** Chunks this runner has run, in the order it ran them. */
  readonly ran: number[] = [];

  constructor(readonly plan: SimulationPlan) {
    const { block } = this;
    if (BLOCK_SIZE > block.rows) throw new Error(`blocks of ${BLOCK_SIZE} rows do not fit the model block of ${block.rows}`);
    const variants = plan.variants ?? [];
    // Per assumption, its distinct specs: the plan's first, then the variants' (JSON-equal ones drawn once).
    const specsOf = new Map(plan.assumptions.map(({ name, spec }) => [name, [spec]]));
    const takes = variants.map((v) =>
      Object.entries(v.specs).map(([name, spec]) => {
        const specs = specsOf.get(name);
        if (!specs) throw new Error(`variant names ${name}, which is not in the plan`);
        let at = specs.findIndex((s) => specKey(s) === specKey(spec));
        if (at < 0) at = specs.push(spec) - 1;
        return [name, at] as const;
      }),
    );
    const switchedNames: string[] = [];
    const drawn: { name: string; fills: { dist: Distribution; column: Float64Array }[] }[] = [];
    for (const { name, spec } of plan.assumptions) {
      const specs = specsOf.get(name)!;
      const input = block.inputs[name];
      const dist = spec.dist === 'fixed' ? null : makeDistribution(spec);
      if (specs.length === 1) {
        if (spec.dist === 'fixed') this.fixed.push({ column: input, value: spec.value });
        else drawn.push({ name, fills: [{ dist: dist!, column: input }] });
        continue;
      }
      // Each spec fills its own column (in the kernel's arena where it has room); the block's
      // input column takes a copy of the one an evaluation wants.
      const columns = specs.map((s) => {
        const column = kernelArena()?.f64(block.rows, true) ?? new Float64Array(block.rows);
        if (s.dist === 'fixed') column.fill(s.value);
        return column;
      });
      switchedNames.push(name);
      this.switched.push({ input, columns, holds: -1, makesMinutesReal: MINUTES_REAL_READS.has(name) });
      const fills = specs.flatMap((s, k) => (s.dist === 'fixed' ? [] : [{ dist: k === 0 ? dist! : makeDistribution(s), column: columns[k] }]));
      if (fills.length) drawn.push({ name, fills });
    }
    // Correlated assumptions, in the order of the target matrix.
    const pairs = (plan.correlations ?? []).filter((c) => c.spearman !== 0);
    // Canonical order, whatever order the files gave the pairs in: the first column keeps its rows.
    const correlated = ASSUMPTION_NAMES.filter((name) => pairs.some((c) => c.between.includes(name)));
    const heldUniforms = new Map<string, Float64Array>();
    if (correlated.length) {
      const at = new Map(correlated.map((name, i) => [name, i]));
      const matrix = correlated.map((_, i) => correlated.map((_, j): number => (i === j ? 1 : 0)));
      for (const { between: [a, b], spearman } of pairs) matrix[at.get(a)!][at.get(b)!] = matrix[at.get(b)!][at.get(a)!] = spearman;
      const fills: { dist: Distribution; uniforms: Float64Array; column: Float64Array }[] = [];
      for (const name of correlated) {
        const assumption = drawn.find((a) => a.name === name);
        if (!assumption) throw new Error(`a correlation names ${name}, which the plan does not draw`);
        // In the arena, where the samplers' kernels read their uniforms.
        const uniforms = kernelArena()?.f64(BLOCK_SIZE, true) ?? new Float64Array(BLOCK_SIZE);
        heldUniforms.set(name, uniforms);
        for (const f of assumption.fills) fills.push({ dist: f.dist, uniforms, column: f.column });
      }
      this.dependence = {
        reordering: new RankReordering(prepareRankCorrelation(matrix, correlated), BLOCK_SIZE),
        uniforms: correlated.map((name) => heldUniforms.get(name)!),
        fills,
      };
    }
    this.design = designFor(plan.method ?? 'mc', BLOCK_SIZE);
    // The states live in the model block, shared like it: each chunk starts its streams afresh.
    for (let k = 0; k < drawn.length; k += 4) {
      const members = drawn.slice(k, k + 4);
      const state = block.streamStates[k / 4];
      this.groups.push({
        names: members.map((a) => a.name + (plan.streamSuffix ?? '')),
        dimensions: members.map((a) => ASSUMPTION_NAMES.indexOf(a.name)),
        state,
        draw: (n) => block.drawUniforms(state, n),
        fills: members.flatMap((a, lane) => (heldUniforms.has(a.name) ? [] : a.fills.map((f) => ({ lane, ...f })))),
        held: members.flatMap((a, lane) => (heldUniforms.has(a.name) ? [{ lane, into: heldUniforms.get(a.name)! }] : [])),
      });
    }
    this.slots = summarySlots(plan).map(({ output }, index) => {
      const values = block.outputs[output];
      return { index, values, acc: new OutputAccumulator() };
    });
    const base = plan.summarized.length;
    let next = base;
    const keep = plan.keep ?? [];
    const wanted = (outputs: readonly string[]): number | null => {
      const alone = outputsAlone(plan, outputs);
      return alone && outputBits(alone);
    };
    this.evaluations = [
      { takes: switchedNames.map(() => 0), slots: this.slots.slice(0, base), wanted: wanted(plan.summarized) },
      ...variants.map((v, i) => {
        const chosen = new Map(takes[i]);
        const slots = this.slots.slice(next, (next += v.summarized.length));
        return { takes: switchedNames.map((name) => chosen.get(name) ?? 0), slots, wanted: wanted(v.summarized) };
      }),
    ];
    this.moments = this.slots.map(() => []);
    this.filter = keep.length
      ? keep.map(({ name, kind, low, high }) => {
          const column = (kind === 'output' ? block.outputs : block.inputs)[name];
          if (!column) throw new Error(`the row filter names ${name}, which is not an ${kind}`);
          return { column, low, high };
        })
      : null;
    this.mask = new Uint8Array(this.filter ? BLOCK_SIZE : 0);
    this.keptInputs = this.filter ? allocateInputs(BLOCK_SIZE) : null;
  }

  /**
   * The row filter on rows [0, m) of the block under the evaluation just made: the rows meeting
   * every condition (NaN meets none) moved to the front of every output column, and of the
   * inputs' copies in keptInputs when `inputs`. Returns how many are kept.
   */
  private filterRows(m: number, inputs: boolean): number {
    const { mask, block } = this;
    mask.fill(1, 0, m);
    for (const { column, low, high } of this.filter!) {
      for (let i = 0; i < m; i++) if (!(column[i] >= low && column[i] <= high)) mask[i] = 0;
    }
    let kept = 0;
    for (let i = 0; i < m; i++) kept += mask[i];
    if (inputs) {
      for (const name in this.keptInputs!) compact(block.inputs[name], mask, m, this.keptInputs![name]);
    }
    if (kept < m) for (const name in block.outputs) compact(block.outputs[name], mask, m, block.outputs[name]);
    return kept;
  }

  /**
   * Chunk `chunk` whole, every input and output column of the plan (for CSV export and
   * re-sampling). The columns are reused by the next call.
   */
  sample(chunk: number): ChunkColumns {
    this.whole ??= { n: 0, inputs: allocateInputs(CHUNK_SIZE), outputs: allocateOutputs(CHUNK_SIZE) };
    const whole = this.whole;
    whole.n = chunkLength(this.plan.samples, chunk);
    let n = 0;
    this.feed(
      chunk,
      {
        block: (rows) => {
          copyRows(rows, whole);
          n = rows.at + rows.n;
        },
      },
      (e) => e === 0,
    );
    // Under a row filter, the chunk's kept rows.
    whole.n = n;
    return whole;
  }

  /**
   * The pipeline on one chunk, block by block, every stage up to the model, then `consumer`
   * with each evaluation's rows (those for which `wanted` holds, every one by default).
   */
  feed(chunk: number, consumer: BlockConsumer, wanted: (evaluation: number) => boolean = () => true): void {
    const n = chunkLength(this.plan.samples, chunk);
    const { groups, switched, block } = this;
    const uniforms = block.uniforms;
    const filtered = this.filter !== null;
    const rows: BlockRows = {
      chunk,
      start: 0,
      n: 0,
      at: 0,
      evaluation: 0,
      inputs: filtered && !consumer.outputsOnly ? this.keptInputs! : block.inputs,
      outputs: block.outputs,
    };
    // Rows of the chunk each evaluation has kept so far.
    const at = filtered ? new Array<number>(this.evaluations.length).fill(0) : null;
    for (const { column, value } of this.fixed) column.fill(value);
    for (const { names, state } of groups) startStreams(this.plan.seed, names, chunk, state);
    for (let start = 0; start < n; start += BLOCK_SIZE) {
      const m = Math.min(BLOCK_SIZE, n - start);
      for (const { dimensions, draw, fills, held } of groups) {
        // uniforms and the design (plain Monte Carlo: as drawn), then the distributions.
        this.design.fill(draw, uniforms, dimensions, m);
        for (const { lane, dist, column } of fills) dist.fill(uniforms[lane], column, m);
        for (const { lane, into } of held) into.set(uniforms[lane].subarray(0, m));
      }
      // dependence: the correlated assumptions' rows reordered together, before their
      // distributions (by inversion, reordering the uniforms reorders the draws the same way).
      const dependence = this.dependence;
      if (dependence) {
        dependence.reordering.reorder(dependence.uniforms, m);
        for (const { dist, uniforms: u, column } of dependence.fills) dist.fill(u, column, m);
      }
      for (const s of switched) s.holds = -1;
      // Whether the kernel's video_minutes_per_gpu_hour is still this block's under the columns
      // the block holds: coalitions in walk order switch its assumptions far less often than
      // the demand side's (src/compare/compare.ts), and making it is most of gpus_peak's work.
      let minutesRealHeld = false;
      for (let e = 0; e < this.evaluations.length; e++) {
        if (!wanted(e)) continue;
        const { takes, wanted: outputs } = this.evaluations[e];
        for (let k = 0; k < switched.length; k++) {
          const s = switched[k];
          if (s.holds === takes[k]) continue;
          const column = s.columns[(s.holds = takes[k])];
          // Whole (a full block) without a view made for it: comparisons copy millions.
          s.input.set(m === column.length ? column : column.subarray(0, m));
          if (s.makesMinutesReal) minutesRealHeld = false;
        }
        if (outputs !== null && consumer.summarizedOnly) {
          block.evaluateOutputs(m, outputs, minutesRealHeld);
          if (outputs & block.minutesRealUsers) minutesRealHeld = true;
        } else block.evaluate(m);
        // row filter: the rows meeting the plan's conditions (every row without).
        rows.start = start;
        rows.n = at ? this.filterRows(m, !consumer.outputsOnly) : m;
        rows.at = at ? at[e] : start;
        if (at) at[e] += rows.n;
        rows.evaluation = e;
        consumer.block(rows);
      }
    }
  }

  /**
   * Samples and summarizes one chunk, block by block, under the evaluations `wanted` (every one
   * that summarizes something by default); `keep`: its output columns too.
   */
  private runChunk(
    chunk: number,
    keep: boolean,
    wanted: (evaluation: number) => boolean = (e) => this.evaluations[e].slots.length > 0,
    append?: (slot: number, values: Float64Array, n: number) => void,
    windows?: readonly (RankWindow | undefined)[],
  ): void {
    const n = chunkLength(this.plan.samples, chunk);
    let kept = keep ? this.slots.map(() => new Float64Array(n)) : null;
    const lengths = this.slots.map(() => 0);
    this.feed(
      chunk,
      {
        outputsOnly: true,
        summarizedOnly: true,
        block: ({ evaluation, n: m, at }) => {
          for (const { index, values, acc } of this.evaluations[evaluation].slots) {
            // A windowed slot is its window alone: no histogram, no moments.
            const window = windows?.[index];
            if (window) {
              window.add(values, m);
              continue;
            }
            summarizeBlock(values, m, acc);
            kept?.[index].set(values.subarray(0, m), at);
            append?.(index, values, m);
            lengths[index] = at + m;
          }
        },
      },
      // An evaluation nothing summarizes is not made (the plan's own, on a thread dealt only variants).
      wanted,
    );
    // Under a row filter, each slot keeps only its evaluation's kept rows.
    if (kept && this.filter) kept = kept.map((values, j) => values.subarray(0, lengths[j]));
    this.evaluations.forEach(({ slots }, e) => {
      if (!wanted(e)) return;
      for (const { index, acc } of slots) {
        if (windows?.[index]) continue;
        this.moments[index].push(acc.chunk.count, acc.chunk.mean, acc.chunk.m2);
        acc.chunk = { count: 0, mean: 0, m2: 0 };
      }
    });
    if (kept) this.pending.push(kept);
  }

  /**
   * The pilot: runs chunks [0, chunks) before the flags are known, keeping their outputs until
   * run() is given the flags, and returns their histograms.
   */
  pilot(chunks: number, onChunk?: (chunk: number) => void): { base: number; counts: Uint32Array }[] {
    for (let chunk = 0; chunk < chunks; chunk++) {
      this.runChunk(chunk, true);
      this.ran.push(chunk);
      onChunk?.(chunk);
    }
    return this.histograms();
  }

  /**
   * Takes the flags on (counting or gathering the pilot's kept chunks by them), then runs and
   * summarizes chunks until `claim` returns -1. Workers claim chunks from a shared counter, so
   * a thread that starts late simply runs fewer; no result depends on who ran what.
   */
  run(claim: () => number, flags: Flags | null, onChunk?: (chunk: number) => void): PassResult {
    this.apply(flags);
    for (let chunk = claim(); chunk >= 0; chunk = claim()) {
      this.runChunk(chunk, false);
      this.ran.push(chunk);
      onChunk?.(chunk);
    }
    return this.passResult(this.slots.map(({ acc }) => acc.gather?.gathered() ?? new Float64Array(0)));
  }

  /**
   * Exact percentiles without a second pass, for a thread dealt evaluations (every chunk is
   * its): runs every chunk for one group of evaluations at a time (evaluationGroups). A variant
   * of one percentile and percentilesOnly (a coalition's median) has each output's percentile
   * found in a RankWindow, which keeps a few thousand of its draws and counts no histogram; the
   * other outputs keep every draw of a small run and select their exact percentiles among the
   * draws of the coarse keys that hold them, or, in a large run, have their draws collected in one
   * more pass of their own. A window that missed its percentile (`margin` standard errors were
   * not enough) costs its evaluation two more passes, never a different number. The draws are
   * made again for each group, which costs less than the model evaluating every evaluation again.
   */
  runGrouped(ps: readonly (readonly number[])[], budget: number, margin: number, onChunk?: (chunk: number) => void): PassResult {
    const { samples } = this.plan;
    const total = chunkCount(samples);
    for (let chunk = 0; chunk < total; chunk++) this.ran.push(chunk);
    const percentiles: number[][] = this.slots.map(({ index }) => ps[index].map(() => NaN));
    // Slots whose percentiles are found after the groups: those given no room (planned), and
    // windows that missed, whose histograms one more pass then counts.
    const misses: { index: number; evaluation: number; planned: boolean }[] = [];
    // The windows' room, one allocation handed on from group to group (thousands of small
    // ones cost a tenth of a second); a window that outgrows its share allocates its own.
    let slab = new Float64Array(0);
    const room = RankWindow.room(samples, margin);
    for (const group of evaluationGroups(this.plan, budget, margin)) {
      const members = new Set(group);
      const rooms = group.reduce((sum, e) => sum + (windowed(this.plan, e) ? this.evaluations[e].slots.length : 0), 0);
      if (slab.length < rooms * room) slab = new Float64Array(rooms * room);
      let taken = 0;
      const windows: (RankWindow | undefined)[] = [];
      const columns: { index: number; column: Float64Array; length: number }[] = [];
      const columnOf: (typeof columns)[number][] = [];
      for (const e of group) {
        for (const { index } of this.evaluations[e].slots) {
          if (windowed(this.plan, e)) windows[index] = new RankWindow(ps[index][0], margin, slab.subarray(taken, (taken += room)));
          else if (keptDraws(this.plan, e, margin) > 0) columns.push((columnOf[index] = { index, column: new Float64Array(samples), length: 0 }));
          else misses.push({ index, evaluation: e, planned: true });
        }
      }
      const append = (index: number, values: Float64Array, n: number): void => {
        const kept = columnOf[index];
        if (!kept) return;
        kept.column.set(values.subarray(0, n), kept.length);
        kept.length += n;
      };
      for (let chunk = 0; chunk < total; chunk++) {
        this.runChunk(chunk, false, (e) => members.has(e), append, windows);
        onChunk?.(chunk);
      }
      for (const e of group) {
        for (const { index } of this.evaluations[e].slots) {
          const window = windows[index];
          if (!window) continue;
          const found = window.percentile();
          if (found === null) misses.push({ index, evaluation: e, planned: false });
          else percentiles[index] = [found];
        }
      }
      for (const { index, column, length } of columns) {
        const hist = this.histogramOf(index);
        if (!hist.total) continue;
        const keys = targetKeys(hist, ps[index]);
        percentiles[index] = selected(hist, ps[index], keys, drawsInKeys(column, length, hist, keys));
      }
    }
    if (misses.length) {
      // The windows that missed: their histograms first (the others' were counted with their group).
      const unplaced = new Set(misses.filter((miss) => !miss.planned).map((miss) => miss.evaluation));
      if (unplaced.size) for (let chunk = 0; chunk < total; chunk++) this.runChunk(chunk, false, (e) => unplaced.has(e));
      // Then one more pass over the chunks for every missing slot's evaluation, never a different number.
      const wanted = this.slots.map(() => [] as number[]);
      const sizes = this.slots.map(() => [] as number[]);
      const hists = new Map<number, MergedHistogram>();
      for (const { index } of misses) {
        const hist = this.histogramOf(index);
        if (!hist.total) continue;
        // An output of one value (every output of a file whose assumptions are all fixed) is that
        // value at every rank: collecting its draws would keep every one of them.
        // (One key holding every draw: no NaN, which min and max do not see.)
        const { min, max } = this.slots[index].acc;
        if (Object.is(min, max) && hist.counts.includes(hist.total)) {
          percentiles[index] = ps[index].map(() => min);
          continue;
        }
        hists.set(index, hist);
        wanted[index] = targetKeys(hist, ps[index]);
        sizes[index] = wanted[index].map((key) => hist.counts[key - hist.base] ?? 0);
      }
      const collected = this.collect(wanted, sizes);
      for (const [index, hist] of hists) percentiles[index] = selected(hist, ps[index], wanted[index], collected[index].values);
    }
    const pilotMisses = misses.filter((miss) => !miss.planned).length;
    return { ...this.passResult(this.slots.map(() => new Float64Array(0))), percentiles, pilotMisses };
  }

  /** The histogram a slot's summaries have counted so far. */
  private histogramOf(index: number): MergedHistogram {
    const hist = new MergedHistogram(COARSE_BITS);
    hist.merge(this.slots[index].acc.hist.snapshot());
    return hist;
  }

  /** What the thread hands back, its gathered draws being `gathered`. */
  private passResult(gathered: Float64Array[]): PassResult {
    const accs = this.slots.map((s) => s.acc);
    return {
      histograms: accs.map((a) => a.hist.snapshot()),
      fine: accs.map((a) => a.fine.counts.slice()),
      gathered,
      min: accs.map((a) => a.min),
      max: accs.map((a) => a.max),
      chunks: [...this.ran],
      moments: this.moments.map((m) => Float64Array.from(m)),
    };
  }

  /** Histograms of the chunks run so far (the pilot's, when only the pilot has run). */
  histograms(): { base: number; counts: Uint32Array }[] {
    return this.slots.map((s) => s.acc.hist.snapshot());
  }

  /** Takes the flags on, and counts or gathers the draws of the pilot's kept chunks. */
  private apply(flags: Flags | null): void {
    this.slots.forEach(({ acc }, j) => {
      if (flags?.mode === 'fine') acc.countFine(flags.keys[j]);
      if (flags?.mode === 'gather') acc.gatherKeys(flags.keys ? flags.keys[j] : null);
      for (const kept of this.pending) {
        acc.addFine(kept[j]);
        acc.gather?.add(kept[j]);
      }
    });
    this.pending = [];
  }

  /**
   * Gathers the draws whose coarse keys are wanted (per slot) from the chunks it ran, by sampling
   * them again; `sizes`: per slot and wanted key, at least how many draws it holds (the run's count).
   */
  collect(wanted: number[][], sizes: number[][], onChunk?: (chunk: number) => void): Collected {
    const gathers = wanted.map((keys, j) => (keys.length ? new KeyCollector(keys, sizes[j], COARSE_BITS) : null));
    const wants = gathers.some(Boolean);
    for (const chunk of this.ran) {
      if (wants) {
        this.feed(
        chunk,
        {
          outputsOnly: true,
          summarizedOnly: true,
          block: ({ evaluation, n: m }) => {
            for (const { index, values } of this.evaluations[evaluation].slots) gathers[index]?.add(values, m);
          },
        },
          (e) => this.evaluations[e].slots.some((slot) => gathers[slot.index]),
        );
      }
      onChunk?.(chunk);
    }
    return wanted.map((keys, j) => ({ keys, values: gathers[j]?.values() ?? [] }));
  }
}

/**
 * Whether runGrouped finds the percentile of each output of evaluation `e` (0: the plan, 1 + i:
 * variant i) in a RankWindow: a variant of one percentile that wants nothing else of its outputs
 * (percentilesOnly), as a comparison's coalitions.
 */
export function windowed(plan: SimulationPlan, e: number): boolean {
  const variant = e > 0 ? plan.variants![e - 1] : null;
  return Boolean(variant?.percentilesOnly && variant.ps?.length === 1);
}

/**
 * Draws runGrouped keeps at once for each output of evaluation `e`: a window's room (RankWindow.room,
 * some thousands whatever the samples) for a windowed one; every draw of a small run for the
 * others, and none in a large one (the plan's and the files' outputs, of many percentiles: a
 * few evaluations, collected in one more pass of their own), so that memory does not grow with
 * the samples.
 */
export function keptDraws(plan: SimulationPlan, e: number, margin: number): number {
  if (windowed(plan, e)) return RankWindow.room(plan.samples, margin);
  return plan.samples < KEEP_EVERY_DRAW_MAX ? plan.samples : 0;
}

/** Most samples for which runGrouped keeps every draw of an output not windowed. */
const KEEP_EVERY_DRAW_MAX = 16 * BLOCK_SIZE;

/**
 * The evaluations of a plan (0: the plan, 1 + i: variant i) that summarize something, in runs
 * of consecutive ones whose summarized outputs together keep at most `budget` draws (keptDraws;
 * each run at least one evaluation): what runGrouped holds at once.
 */
export function evaluationGroups(plan: SimulationPlan, budget: number, margin: number): number[][] {
  const slots = [plan.summarized.length, ...(plan.variants ?? []).map((v) => v.summarized.length)];
  const groups: number[][] = [];
  let group: number[] = [];
  let draws = 0;
  slots.forEach((count, e) => {
    if (!count) return;
    const more = count * keptDraws(plan, e, margin);
    if (group.length && draws + more > budget) {
      groups.push(group);
      group = [];
      draws = 0;
    }
    group.push(e);
    draws += more;
  });
  if (group.length) groups.push(group);
  return groups;
}

/** Exact percentiles as simulate selects them from gathered draws: each key's draws, empty keys left out. */
function selected(hist: MergedHistogram, ps: readonly number[], keys: readonly number[], draws: readonly Float64Array[]): number[] {
  const byKey = new Map(keys.map((key, k) => [key, draws[k]] as const).filter(([, values]) => values.length));
  return exactPercentiles(hist, ps, byKey);
}

/**
 * The draws among column[0, n) whose coarse keys are `keys` (ascending), one key after another:
 * those between the keys' outer bin edges first, moved to the column's front without a branch
 * (half the draws lie on either side of a median: a branch would be mispredicted half the
 * time), then KeyCollector's exact test of the key on those alone. Overwrites the column.
 */
function drawsInKeys(column: Float64Array, n: number, hist: MergedHistogram, keys: readonly number[]): Float64Array[] {
  const collector = new KeyCollector(keys, keys.map((key) => hist.counts[key - hist.base] ?? 0), COARSE_BITS);
  const edges = keys.flatMap((key) => binBounds(key, COARSE_BITS));
  const low = Math.min(...edges);
  const high = Math.max(...edges);
  let count = n;
  // NaN edges (a bin of NaNs) compare false: then every draw is tested.
  if (low <= high) {
    count = 0;
    for (let i = 0; i < n; i++) {
      const x = column[i];
      column[count] = x;
      count += +(x >= low) & +(x <= high);
    }
  }
  collector.add(column, count);
  return collector.values();
}

/** A column per canonical assumption, n rows. */
function allocateInputs(n: number): Columns {
  return Object.fromEntries(ASSUMPTION_NAMES.map((name) => [name, new Float64Array(n)]));
}

/** Copies a block's rows into whole-chunk columns at the block's place. */
function copyRows({ at, n, inputs, outputs }: BlockRows, into: ChunkColumns): void {
  for (const name in into.inputs) into.inputs[name].set(inputs[name].subarray(0, n), at);
  for (const name in into.outputs) into.outputs[name].set(outputs[name].subarray(0, n), at);
}

/** The rows of from[0, m) whose mask is 1, in order, to the front of `to` (which may be `from`). */
function compact(from: Float64Array, mask: Uint8Array, m: number, to: Float64Array): void {
  let k = 0;
  for (let i = 0; i < m; i++) {
    to[k] = from[i];
    k += mask[i];
  }
}
