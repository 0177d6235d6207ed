/**
 * The only module that knows seedrandom. Every (seed, assumption, chunk) triple owns an
 * independent uniform stream, so a draw depends on nothing but those three: not on the other
 * assumptions in the file, the sample count, the thread count or the order chunks run in.
 */
import seedrandom from 'seedrandom';
import { requireArena } from '../kernel/arena.js';

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

/** The 128-bit xoshiro128** state a stream starts from, as four words (what the kernels and test oracles start from). */
export function streamState(seed: Seed, name: string, chunk: number): Int32Array {
  const state = new Int32Array(4);
  writeStreamState(seed, name, chunk, state, 0, 1);
  return state;
}

/**
 * The uniform stream of one (seed, assumption, chunk): uniforms (k + 1/2) / 2^32, k from
 * xoshiro128** (Blackman & Vigna 2018), so every draw lies strictly inside (0, 1). Successive
 * fills continue the stream, so a chunk can be drawn in blocks or whole with the same result.
 * Drawn by the WebAssembly kernel (assembly/kernels.ts, `uniforms`); its JavaScript twin is the
 * test oracle (test/oracles/uniform-stream.ts). The engine draws four streams at a time instead
 * (startStreams and the model block's drawUniforms), the same uniforms bit for bit.
 */
export class UniformStream {
  private readonly state: Int32Array;

  constructor(seed: Seed, name: string, chunk: number) {
    this.state = streamState(seed, name, chunk);
  }

  /** Fills out[0, n) with the stream's next n uniforms. */
  fill(out: Float64Array, n: number = out.length): void {
    requireArena().uniforms(this.state, out, n);
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
