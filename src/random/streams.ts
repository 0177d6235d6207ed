/**
 * The only module that knows seedrandom. Every (seed, assumption, chunk) triple owns an
 * independent uniform stream, so a draw depends on nothing but those three: not on the other
 * assumptions in the file, the sample count, the thread count or the order chunks run in.
 */
import seedrandom from 'seedrandom';
import { kernelArena } from '../kernel/arena.js';

/** Samples per chunk. Fixed: changing it changes every draw, so it is part of the format. */
export const CHUNK_SIZE = 1 << 16;

/** A source of uniforms in the open interval (0, 1). */
export type UniformSource = () => number;

/** A seed as users give it: an integer or a string. Both forms name the same stream as their text. */
export type Seed = number | string;

const TWO_TO_MINUS_32 = 2 ** -32;

function streamKey(seed: Seed, name: string, chunk: number): string {
  // JSON keeps the three parts unambiguous whatever characters a seed or name holds.
  return JSON.stringify([String(seed), name, chunk]);
}

/**
 * Writes the 128-bit state of a stream into words `at`, `at + stride`, `at + 2 stride` and
 * `at + 3 stride` of `out`: seedrandom's xor4096 (Brent's xorgens) mixes the whole key string
 * through its 4096-bit state, so keys that differ in one character give unrelated states.
 * Written in place, with no array per stream: this runs for every assumption of every chunk,
 * and a temporary array per call kept the engine's hot loop from staying optimized.
 */
function writeStreamState(seed: Seed, name: string, chunk: number, out: Int32Array, at: number, stride: number): void {
  const mix = seedrandom.xor4096(streamKey(seed, name, chunk));
  const s0 = mix.int32();
  const s1 = mix.int32();
  const s2 = mix.int32();
  const s3 = mix.int32();
  out[at] = (s0 | s1 | s2 | s3) === 0 ? 1 : s0; // xoshiro's one forbidden state
  out[at + stride] = s1;
  out[at + 2 * stride] = s2;
  out[at + 3 * stride] = s3;
}

/**
 * The uniform stream of one (seed, assumption, chunk): uniforms (k + 1/2) / 2^32, k from
 * xoshiro128** (Blackman & Vigna 2018), so every draw lies strictly inside (0, 1). Successive
 * fills continue the stream, so a chunk can be drawn in blocks or whole with the same result.
 *
 * Hand-written because it is the simulator's hottest loop: calling a seedrandom generator per
 * draw costs 3 to 7 ns, more than sampling, the model and the summaries spend per draw
 * together; this loop costs about 2 ns.
 */
export class UniformStream {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: Seed, name: string, chunk: number) {
    const state = new Int32Array(4);
    writeStreamState(seed, name, chunk, state, 0, 1);
    [this.s0, this.s1, this.s2, this.s3] = state;
  }

  /**
   * Fills out[0, n) with the stream's next n uniforms: in the WebAssembly kernel where it is
   * built (assembly/kernels.ts, the same integer steps, so the same uniforms), else here.
   */
  fill(out: Float64Array, n: number = out.length): void {
    const arena = kernelArena();
    const scratch = arena?.values(n);
    if (arena && scratch) {
      const stream = arena.stream;
      stream[0] = this.s0;
      stream[1] = this.s1;
      stream[2] = this.s2;
      stream[3] = this.s3;
      arena.uniforms(stream.byteOffset, scratch.byteOffset, n);
      out.set(scratch);
      [this.s0, this.s1, this.s2, this.s3] = stream;
      return;
    }
    this.fillHere(out, n);
  }

  /** fill, in JavaScript. */
  fillHere(out: Float64Array, n: number = out.length): void {
    let s0 = this.s0;
    let s1 = this.s1;
    let s2 = this.s2;
    let s3 = this.s3;
    for (let i = 0; i < n; i++) {
      const x = Math.imul(s1, 5);
      const r = Math.imul((x << 7) | (x >>> 25), 9);
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      out[i] = ((r >>> 0) + 0.5) * TWO_TO_MINUS_32;
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
  }
}

/**
 * Starts the streams of up to four assumptions of one chunk, for drawing together four at a time
 * (the model block's drawUniforms, a WebAssembly kernel with the same integer steps as
 * UniformStream, so the same uniforms bit for bit): their states transposed into `state` (16
 * words, lane j for names[j]). Lanes without a name repeat the first stream; their draws go unused.
 */
export function startStreams(seed: Seed, names: readonly string[], chunk: number, state: Int32Array): void {
  for (let lane = 0; lane < names.length; lane++) writeStreamState(seed, names[lane], chunk, state, lane, 4);
  for (let lane = names.length; lane < 4; lane++) {
    for (let word = 0; word < 4; word++) state[4 * word + lane] = state[4 * word];
  }
}

/** Fills out[0, n) with the first n uniforms of the stream of (seed, name, chunk). */
export function fillUniforms(seed: Seed, name: string, chunk: number, out: Float64Array, n: number = out.length): void {
  new UniformStream(seed, name, chunk).fill(out, n);
}

/**
 * An unbounded stream of uniforms in (0, 1) for code that draws one at a time and is not hot
 * (random permutations for sampled Shapley values): seedrandom's xor4096 directly.
 */
export function sequentialUniforms(seed: Seed, name: string, chunk: number): UniformSource {
  const next = seedrandom.xor4096(streamKey(seed, name, chunk));
  return () => next() + TWO_TO_MINUS_32 / 2;
}
