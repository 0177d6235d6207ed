/**
 * The engine's sampling design stage (docs/sampling.md): where each assumption's uniforms come
 * from, one block of rows at a time. Plain Monte Carlo takes the assumption's stream as drawn.
 * Latin hypercube and scrambled Sobol make every block of BLOCK_SIZE rows one independent
 * randomized design (a replicate): stratified, or a scrambled Sobol net, with its randomness
 * drawn from the same per-(seed, assumption, chunk) stream plain Monte Carlo uses, block after
 * block. So a design depends on (seed, assumption, chunk) and nothing else, threads never change
 * it, and the blocks of a run are the independent replicates its percentile intervals need.
 */
import { directionNumbers, scrambleDirections, SCRAMBLE_WORDS } from './sobol.js';
import { requireArena } from '../kernel/arena.js';

export const SAMPLING_METHODS = ['mc', 'lhs', 'qmc'] as const;
export type SamplingMethod = (typeof SAMPLING_METHODS)[number];

export const METHOD_NAMES: Readonly<Record<SamplingMethod, string>> = {
  mc: 'plain Monte Carlo',
  lhs: 'Latin hypercube',
  qmc: 'scrambled Sobol quasi-Monte Carlo',
};

/**
 * Draws one block's uniforms for a group of up to four assumptions (the lanes the engine draws
 * together): `draw(n)` fills each lane's uniforms with its stream's next n, and the design
 * rewrites them in place.
 */
export interface BlockDesign {
  /** Fills lanes[0, lanes.length) with rows [0, m) of this block's design. */
  fill(draw: (n: number) => void, uniforms: readonly Float64Array[], dimensions: readonly number[], m: number): void;
}

const plain: BlockDesign = {
  fill: (draw, _uniforms, _dimensions, m) => draw(m),
};

/**
 * Latin hypercube per block: the stream's next m uniforms, stratified in place by the kernel
 * (assembly/designs.ts; its twin, stratify in test/oracles, says how).
 */
function latinHypercubeDesign(rows: number): BlockDesign {
  const arena = requireArena();
  const kernels = arena.designs;
  const strata = arena.i32(rows)!;
  return {
    fill(draw, uniforms, dimensions, m) {
      draw(m);
      for (let lane = 0; lane < dimensions.length; lane++) kernels.stratify(uniforms[lane], strata, m);
    },
  };
}

/**
 * Scrambled Sobol per block: each block is points 0 .. m - 1 of the assumption's Sobol dimension,
 * scrambled afresh (Matousek's linear scramble and a digital shift) from the stream's next
 * SCRAMBLE_WORDS uniforms. A full block of 2^11 points is a net: each assumption's column holds
 * one uniform in each interval of width 2^-11. Points in natural order, made by doubling (point
 * 2^k + i is point i XOR direction k) in the kernel (assembly/designs.ts), the same order in
 * every dimension, as QMC needs.
 */
function sobolDesign(rows: number): BlockDesign {
  const arena = requireArena();
  const kernels = arena.designs;
  const directions = new Map<number, Uint32Array>();
  const bits = 32 - Math.clz32(rows - 1);
  const scrambled = arena.u32(32)!;
  const scrambledWords = new Int32Array(scrambled.buffer, scrambled.byteOffset, 32);
  const points = arena.i32(rows)!;
  return {
    fill(draw, uniforms, dimensions, m) {
      draw(SCRAMBLE_WORDS);
      for (let lane = 0; lane < dimensions.length; lane++) {
        const d = dimensions[lane];
        let v = directions.get(d);
        if (!v) directions.set(d, (v = directionNumbers(d)));
        const u = uniforms[lane];
        // Points below 2^bits use only the first `bits` direction numbers: scramble those alone.
        const shift = scrambleDirections(v, u, bits, scrambled);
        kernels.sobolPoints(u, points, scrambledWords, shift, m);
      }
    },
  };
}

/** This thread's designs, by method and block size: their room in the arena is taken once. */
const made = new Map<string, BlockDesign>();

/** The design of `method` for blocks of up to `rows` rows. */
export function designFor(method: SamplingMethod, rows: number): BlockDesign {
  if (method === 'mc') return plain;
  const key = `${method} ${rows}`;
  let design = made.get(key);
  if (!design) made.set(key, (design = method === 'lhs' ? latinHypercubeDesign(rows) : sobolDesign(rows)));
  return design;
}
