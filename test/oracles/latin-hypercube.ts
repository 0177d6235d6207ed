/**
 * The JavaScript twins of the design kernels (assembly/designs.ts), which the engine runs on each
 * block (src/sampling/design.ts): the kernels are tested against them bit for bit.
 *
 * Latin hypercube sampling (McKay, Beckman & Conover, Technometrics 1979) for one assumption in
 * one chunk: the unit interval is cut into n equal strata, one uniform is drawn inside each, and
 * the strata are dealt to the n rows in random order. Each stratum then holds exactly one draw,
 * so after inversion the column's empirical distribution matches the assumption's to within a
 * stratum (1/n of probability), and the rows of different assumptions, permuted independently,
 * stay independent.
 *
 * Everything comes from the assumption's own stream of the chunk (src/random/streams.ts), so the
 * column depends on (seed, assumption, chunk, n) only: stratification is within a chunk, and a
 * run is a sequence of stratified chunks whatever the thread count.
 */
import { UniformStream, type Seed } from '../../src/random/streams.js';

/**
 * Fills u[0, n) with a chunk's stratified uniforms, each in the open interval (0, 1), from the
 * stream's first n uniforms (stratify). `strata` (length >= n) avoids an allocation per call.
 */
export function latinHypercube(seed: Seed, name: string, chunk: number, u: Float64Array, n: number = u.length, strata?: Int32Array): void {
  if (!Number.isInteger(n) || n < 0 || n > u.length) throw new RangeError(`n (${n}) must be a whole number of rows, at most ${u.length}`);
  new UniformStream(seed, name, chunk).fill(u, n);
  stratify(u, n, strata && strata.length >= n ? strata : new Int32Array(n));
}

/**
 * Turns n independent uniforms u[0, n) into a Latin hypercube of n rows, in place: the n strata
 * are dealt to the rows in random order and each row's draw is placed inside its stratum. One
 * uniform w serves both: x = w (i + 1) gives the inside-out Fisher-Yates swap index floor(x)
 * (biased by at most (i + 1) / 2^32) and the position frac(x) in row i's stratum, which is uniform
 * and independent of floor(x) to 2^-32 (i + 1). So a row costs one uniform, not two: 5 against
 * 8 ns a draw in JavaScript when measured in the engine's blocks. The engine calls it on each
 * block of each assumption (design.ts).
 */
export function stratify(u: Float64Array, n: number, strata: Int32Array): void {
  if (n > 0) strata[0] = 0;
  for (let i = 1; i < n; i++) {
    const x = u[i] * (i + 1);
    const j = x | 0;
    strata[i] = strata[j];
    strata[j] = i;
    u[i] = x - j;
  }
  const scale = 1 / n;
  for (let i = 0; i < n; i++) u[i] = (strata[i] + u[i]) * scale;
}

/** Points 0 .. n - 1 of a scrambled Sobol dimension as uniforms: the twin of the kernel sobolPoints. */
export function sobolPoints(u: Float64Array, directions: Int32Array, shift: number, n: number): void {
  const points = new Int32Array(n);
  if (n <= 0) return;
  points[0] = shift | 0;
  for (let k = 0, size = 1; size < n; k++, size *= 2) {
    const end = Math.min(size, n - size);
    for (let i = 0; i < end; i++) points[size + i] = points[i] ^ directions[k];
  }
  for (let i = 0; i < n; i++) u[i] = ((points[i] >>> 0) + 0.5) * 2 ** -32;
}
