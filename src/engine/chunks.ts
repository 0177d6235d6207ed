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
import { makeDistribution } from '../distributions/index.js';
import type { DistSpec, Distribution } from '../distributions/types.js';
import { allocateOutputs, evaluate, modelBlock, type Columns } from '../model/model.js';
import { CHUNK_SIZE, fillUniforms, startStreams, type Seed } from '../random/streams.js';
import { COARSE_BITS, valuesByKey } from '../summary/histogram.js';
import { OutputAccumulator, summarizeBlock } from '../summary/column.js';

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
}

/**
 * Coarse keys, per summarized output, flagged to hold percentiles: count sub-bins in them
 * (streaming), or gather their draws for exact selection (null keys: gather every draw).
 */
export type Flags = { mode: 'fine'; keys: number[][] } | { mode: 'gather'; keys: number[][] | null };

/**
 * Where a pass learns its flags: null for none, undefined while the pilot is still running.
 * Until they are known the runner keeps its chunks' output columns, and applies the flags to
 * them when they come, so no lane waits for the pilot.
 */
export type FlagSource = (wait: boolean) => Flags | null | undefined;

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
}

/** Draws that fell into the wanted coarse keys, per summarized output: key -> values. */
export type Collected = { keys: number[]; values: Float64Array[] }[];

/** One chunk's columns, whole. */
export interface ChunkColumns {
  n: number;
  inputs: Columns;
  outputs: Columns;
}

export class ChunkRunner {
  /** The model block (shared by the thread, so fixed columns are written again for each chunk). */
  private readonly block = modelBlock();
  private readonly fixed: { column: Float64Array; value: number }[] = [];
  private readonly uncertain: { name: string; dist: Distribution }[] = [];
  /** The uncertain assumptions four at a time, as their uniforms are drawn, with their streams' state. */
  private readonly groups: { members: { name: string; dist: Distribution }[]; names: string[]; state: Int32Array }[] = [];
  private readonly uniforms = new Float64Array(CHUNK_SIZE);
  private readonly summarized: { values: Float64Array; words: Uint32Array; acc: OutputAccumulator }[];
  private readonly moments: number[][];
  private whole: ChunkColumns | null = null;
  /** Output columns of chunks run before the flags were known, per chunk, per summarized output. */
  private pending: Float64Array[][] = [];
  /** Chunks this runner has run, in the order it ran them. */
  readonly ran: number[] = [];

  constructor(readonly plan: SimulationPlan) {
    if (BLOCK_SIZE > this.block.rows) throw new Error(`blocks of ${BLOCK_SIZE} rows do not fit the model block of ${this.block.rows}`);
    for (const { name, spec } of plan.assumptions) {
      if (spec.dist === 'fixed') this.fixed.push({ column: this.block.inputs[name], value: spec.value });
      else this.uncertain.push({ name, dist: makeDistribution(spec) });
    }
    // The states live in the model block, shared like it: each chunk starts its streams afresh.
    for (let k = 0; k < this.uncertain.length; k += 4) {
      const members = this.uncertain.slice(k, k + 4);
      this.groups.push({ members, names: members.map((a) => a.name), state: this.block.streamStates[k / 4] });
    }
    this.summarized = plan.summarized.map((name) => {
      const values = this.block.outputs[name];
      return { values, words: new Uint32Array(values.buffer, values.byteOffset, 2 * values.length), acc: new OutputAccumulator() };
    });
    this.moments = plan.summarized.map(() => []);
  }

  /**
   * Chunk `chunk` whole, every input and output column (for CSV export and re-sampling). The
   * columns are reused by the next call. Equal, row for row, to what a blocked run draws.
   */
  sample(chunk: number): ChunkColumns {
    if (!this.whole) {
      const inputs: Columns = {};
      for (const { name, spec } of this.plan.assumptions) {
        inputs[name] = new Float64Array(CHUNK_SIZE);
        if (spec.dist === 'fixed') inputs[name].fill(spec.value);
      }
      this.whole = { n: 0, inputs, outputs: allocateOutputs(CHUNK_SIZE) };
    }
    const whole = this.whole;
    whole.n = chunkLength(this.plan.samples, chunk);
    for (const { name, dist } of this.uncertain) {
      fillUniforms(this.plan.seed, name, chunk, this.uniforms, whole.n);
      dist.fill(this.uniforms, whole.inputs[name], whole.n);
    }
    evaluate(whole.inputs, whole.n, whole.outputs);
    return whole;
  }

  /** Samples and summarizes one chunk, block by block; `keep`: its output columns too. */
  private runChunk(chunk: number, keep: boolean): void {
    const n = chunkLength(this.plan.samples, chunk);
    const { groups, summarized, block } = this;
    const { inputs, uniforms } = block;
    for (const { column, value } of this.fixed) column.fill(value);
    for (const { names, state } of groups) startStreams(this.plan.seed, names, chunk, state);
    const kept = keep ? summarized.map(() => new Float64Array(n)) : null;
    for (let start = 0; start < n; start += BLOCK_SIZE) {
      const m = Math.min(BLOCK_SIZE, n - start);
      for (const { members, state } of groups) {
        block.drawUniforms(state, m);
        for (let j = 0; j < members.length; j++) members[j].dist.fill(uniforms[j], inputs[members[j].name], m);
      }
      block.evaluate(m);
      for (let j = 0; j < summarized.length; j++) {
        const { values, words, acc } = summarized[j];
        summarizeBlock(values, words, m, acc);
        kept?.[j].set(values.subarray(0, m), start);
      }
    }
    for (let j = 0; j < summarized.length; j++) {
      const acc = summarized[j].acc;
      this.moments[j].push(acc.chunk.count, acc.chunk.mean, acc.chunk.m2);
      acc.chunk = { count: 0, mean: 0, m2: 0 };
    }
    if (kept) this.pending.push(kept);
    this.ran.push(chunk);
  }

  /**
   * Runs and summarizes chunks until `claim` returns -1. Lanes claim chunks from a shared
   * counter, so a thread that starts late simply runs fewer; no result depends on who ran what.
   */
  run(claim: () => number, flagsOf: FlagSource = () => null, onChunk?: (chunk: number) => void): PassResult {
    let flags = flagsOf(false);
    if (flags !== undefined) this.apply(flags);
    for (let chunk = claim(); chunk >= 0; chunk = claim()) {
      this.runChunk(chunk, flags === undefined);
      onChunk?.(chunk);
      if (flags === undefined) {
        flags = flagsOf(false);
        if (flags !== undefined) this.apply(flags);
      }
    }
    if (flags === undefined) this.apply(flagsOf(true) ?? null);
    const accs = this.summarized.map((s) => s.acc);
    return {
      histograms: accs.map((a) => a.hist.snapshot()),
      fine: accs.map((a) => a.fine.counts.slice()),
      gathered: accs.map((a) => a.gather?.gathered() ?? new Float64Array(0)),
      min: accs.map((a) => a.min),
      max: accs.map((a) => a.max),
      chunks: [...this.ran],
      moments: this.moments.map((m) => Float64Array.from(m)),
    };
  }

  /** Histograms of the chunks run so far (the pilot's, when only the pilot has run). */
  histograms(): { base: number; counts: Uint32Array }[] {
    return this.summarized.map((s) => s.acc.hist.snapshot());
  }

  /** Takes the flags on, and counts or gathers the draws of the chunks kept while waiting for them. */
  private apply(flags: Flags | null): void {
    this.summarized.forEach(({ acc }, j) => {
      if (flags?.mode === 'fine') acc.countFine(flags.keys[j]);
      if (flags?.mode === 'gather') acc.gatherKeys(flags.keys ? flags.keys[j] : null);
      for (const kept of this.pending) {
        acc.addFine(kept[j]);
        acc.gather?.add(kept[j]);
      }
    });
    this.pending = [];
  }

  /** Gathers the draws whose coarse keys are wanted from the chunks it ran, by sampling them again. */
  collect(wanted: number[][]): Collected {
    const parts = wanted.map(() => [] as Float64Array[][]);
    for (const chunk of wanted.some((keys) => keys.length) ? this.ran : []) {
      const { n, outputs } = this.sample(chunk);
      this.plan.summarized.forEach((name, j) => {
        if (wanted[j].length) parts[j].push(valuesByKey([outputs[name].subarray(0, n)], wanted[j], COARSE_BITS));
      });
    }
    return wanted.map((keys, j) => ({ keys, values: keys.map((_, s) => concat(parts[j].map((p) => p[s]))) }));
  }
}

function concat(arrays: Float64Array[]): Float64Array {
  const out = new Float64Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}
