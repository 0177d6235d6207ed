/**
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
import { UniformStream, type Seed } from '../random/streams.js';

/**
 * Fills u[0, n) with the chunk's stratified uniforms, each in the open interval (0, 1). The
 * stream's first n uniforms deal the strata to the rows (the inside-out Fisher-Yates shuffle:
 * index floor(w (i + 1)) for a uniform w, biased by at most (i + 1) / 2^32, far below anything a
 * chunk can show); its next n place one draw inside each stratum [k/n, (k + 1)/n). `strata`
 * (length >= n) avoids an allocation per call.
 *
 * Hand-written, as it runs for every uncertain assumption of every chunk; it shuffles stratum
 * numbers (4 bytes) rather than the uniforms (8), so the shuffle's random reads and writes stay
 * in a 256 KB table: 12 against 21 ns a draw when measured (a shared machine; uniforms alone 4).
 */
export function latinHypercube(seed: Seed, name: string, chunk: number, u: Float64Array, n: number = u.length, strata?: Int32Array): void {
  if (!Number.isInteger(n) || n < 0 || n > u.length) throw new RangeError(`n (${n}) must be a whole number of rows, at most ${u.length}`);
  const stratum = strata && strata.length >= n ? strata : new Int32Array(n);
  const stream = new UniformStream(seed, name, chunk);
  stream.fill(u, n);
  stratify(u, n, stratum);
  stream.fill(u, n);
  for (let i = 0; i < n; i++) u[i] = (stratum[i] + u[i]) / n;
}

/**
 * Deals strata 0 .. n - 1 to rows 0 .. n - 1 in the random order the uniforms w[0, n) give: the
 * inside-out Fisher-Yates shuffle, index floor(w[i] (i + 1)), biased by at most (i + 1) / 2^32.
 */
export function stratify(w: Float64Array, n: number, stratum: Int32Array): void {
  if (n > 0) stratum[0] = 0;
  for (let i = 1; i < n; i++) {
    const j = Math.floor(w[i] * (i + 1));
    stratum[i] = stratum[j];
    stratum[j] = i;
  }
}
