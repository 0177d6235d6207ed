/**
 * The only module that knows seedrandom. Every (seed, assumption, chunk) triple owns an
 * independent uniform stream, so a draw depends on nothing but those three: not on the other
 * assumptions in the file, the sample count, the thread count or the order chunks run in.
 */
import seedrandom from 'seedrandom';

/** Samples per chunk. Fixed: changing it changes every draw, so it is part of the format. */
export const CHUNK_SIZE = 1 << 16;

/** A source of uniforms in the open interval (0, 1). */
export type UniformSource = () => number;

/** Half of xor4096's 2^-32 output grid: shifts every draw into (0, 1), never 0 or 1. */
const HALF_STEP = 2 ** -33;

/** A seed as users give it: an integer or a string. Both forms name the same stream as their text. */
export type Seed = number | string;

function streamKey(seed: Seed, name: string, chunk: number): string {
  // JSON keeps the three parts unambiguous whatever characters a seed or name holds.
  return JSON.stringify([String(seed), name, chunk]);
}

/**
 * The uniform stream of one assumption in one chunk. xor4096 (Brent's xorgens) is seedrandom's
 * long-period generator that mixes a string seed through its whole state, so streams whose keys
 * differ in one character are unrelated.
 */
export function uniformStream(seed: Seed, name: string, chunk: number): UniformSource {
  const next = seedrandom.xor4096(streamKey(seed, name, chunk));
  return () => next() + HALF_STEP;
}

/** Fills out[0, n) from the stream of (seed, name, chunk). */
export function fillUniforms(seed: Seed, name: string, chunk: number, out: Float64Array, n: number = out.length): void {
  const next = seedrandom.xor4096(streamKey(seed, name, chunk));
  for (let i = 0; i < n; i++) out[i] = next() + HALF_STEP;
}
