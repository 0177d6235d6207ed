/**
 * The work of one thread: sample assumption columns chunk by chunk, evaluate the model on
 * them, and summarize the outputs. A chunk's draws depend only on (seed, assumption, chunk),
 * so any thread can run any chunk, and every summary here is either order-free (integer
 * histogram counts, min, max) or kept per chunk for the main thread to combine in chunk order.
 */
import { makeDistribution } from '../distributions/index.js';
import type { DistSpec, Distribution } from '../distributions/types.js';
import { allocateOutputs, evaluate, type Columns } from '../model/model.js';
import { CHUNK_SIZE, fillUniforms, type Seed } from '../random/streams.js';
import { KeyHistogram } from '../summary/histogram.js';
import { summarizeColumn, type Extremes } from '../summary/column.js';

export interface SimulationPlan {
  seed: Seed;
  samples: number;
  /** Every canonical assumption with the spec to sample. */
  assumptions: { name: string; spec: DistSpec }[];
  /** Outputs that vary, and so are summarized draw by draw. */
  summarized: string[];
  /** Keep summarized output columns in memory for exact percentiles instead of re-sampling. */
  retain: boolean;
  /** Histogram resolution in mantissa bits (LOCATING_BITS or STREAMING_BITS). */
  bits: number;
}

export function chunkCount(samples: number): number {
  return Math.ceil(samples / CHUNK_SIZE);
}

export function chunkLength(samples: number, chunk: number): number {
  return Math.min(CHUNK_SIZE, samples - chunk * CHUNK_SIZE);
}

/** What one thread hands back after its chunks: per summarized output, in plan order. */
export interface PassResult {
  histograms: { base: number; counts: Uint32Array }[];
  min: number[];
  max: number[];
  /** Chunk indices this thread ran, and per output (count, mean, m2) triples in that order. */
  chunks: number[];
  moments: Float64Array[];
}

/** Draws that fell into the wanted keys, per summarized output: key -> values. */
export type Collected = { keys: number[]; values: Float64Array[] }[];

export class ChunkRunner {
  readonly inputs: Columns = {};
  readonly outputs: Columns = allocateOutputs(CHUNK_SIZE);
  private readonly uncertain: { name: string; dist: Distribution }[] = [];
  private readonly uniforms = new Float64Array(CHUNK_SIZE);
  private readonly retained = new Map<number, Float64Array[]>();

  constructor(readonly plan: SimulationPlan) {
    for (const { name, spec } of plan.assumptions) {
      const column = new Float64Array(CHUNK_SIZE);
      if (spec.dist === 'fixed') column.fill(spec.value);
      else this.uncertain.push({ name, dist: makeDistribution(spec) });
      this.inputs[name] = column;
    }
  }

  /** Fills inputs and outputs with chunk `chunk`; returns how many rows it holds. */
  sample(chunk: number): number {
    const n = chunkLength(this.plan.samples, chunk);
    for (const { name, dist } of this.uncertain) {
      fillUniforms(this.plan.seed, name, chunk, this.uniforms, n);
      dist.fill(this.uniforms, this.inputs[name], n);
    }
    evaluate(this.inputs, n, this.outputs);
    return n;
  }

  /** Chunks this runner has run, in the order it ran them. */
  readonly ran: number[] = [];

  /**
   * Runs and summarizes chunks until `claim` returns -1. Lanes claim chunks from a shared
   * counter, so a thread that starts late simply runs fewer; no result depends on who ran what.
   */
  run(claim: () => number, onChunk?: (chunk: number) => void): PassResult {
    const names = this.plan.summarized;
    const histograms = names.map(() => new KeyHistogram(this.plan.bits));
    const extremes: Extremes[] = names.map(() => ({ min: Infinity, max: -Infinity }));
    const moments: number[][] = names.map(() => []);
    for (let chunk = claim(); chunk >= 0; chunk = claim()) {
      const n = this.sample(chunk);
      for (let j = 0; j < names.length; j++) {
        const m = summarizeColumn(this.outputs[names[j]], n, histograms[j], extremes[j]);
        moments[j].push(m.count, m.mean, m.m2);
      }
      if (this.plan.retain) this.retained.set(chunk, names.map((name) => this.outputs[name].slice(0, n)));
      this.ran.push(chunk);
      onChunk?.(chunk);
    }
    return {
      histograms: histograms.map((h) => ({ base: h.base, counts: h.counts })),
      min: extremes.map((e) => e.min),
      max: extremes.map((e) => e.max),
      chunks: [...this.ran],
      moments: moments.map((m) => Float64Array.from(m)),
    };
  }

  /** Gathers the draws whose keys are wanted from the chunks it ran, re-sampling those not retained. */
  collect(wanted: number[][]): Collected {
    const chunks = this.ran;
    const shift = 20 - this.plan.bits;
    const slots = wanted.map((keys) => {
      const lo = keys.length ? keys[0] : 0;
      const slotOf = new Int32Array(keys.length ? keys[keys.length - 1] - lo + 1 : 0).fill(-1);
      keys.forEach((k, s) => (slotOf[k - lo] = s));
      return { lo, slotOf, found: keys.map(() => [] as number[]) };
    });
    for (const chunk of chunks) {
      let columns = this.retained.get(chunk);
      let n = columns?.[0]?.length ?? 0;
      if (!columns) {
        n = this.sample(chunk);
        columns = this.plan.summarized.map((name) => this.outputs[name]);
      }
      columns.forEach((column, j) => {
        const { lo, slotOf, found } = slots[j];
        const words = new Uint32Array(column.buffer, column.byteOffset, 2 * n);
        const len = slotOf.length;
        for (let i = 0; i < n; i++) {
          const hi = words[2 * i + 1];
          const at = ((hi ^ ((hi >> 31) | 0x80000000)) >>> shift) - lo;
          if (at >= 0 && at < len) {
            const slot = slotOf[at];
            if (slot >= 0) found[slot].push(column[i]);
          }
        }
      });
    }
    return slots.map((s, j) => ({ keys: wanted[j], values: s.found.map((v) => Float64Array.from(v)) }));
  }
}
