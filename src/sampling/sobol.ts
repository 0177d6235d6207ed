/**
 * Randomized quasi-Monte Carlo's building blocks: the Sobol sequence's direction numbers (Sobol'
 * 1967, Joe & Kuo's table), one dimension per assumption, and Matousek's random linear scramble
 * with a random digital shift (Matousek, "On the L2-discrepancy for anchored boxes", J.
 * Complexity 14 (1998); the scramble scipy.stats.qmc.Sobol uses). The scramble keeps every net
 * property of the sequence (each 1-D projection of an aligned block of 2^k points has one point
 * in each interval of width 2^-k) and makes every point uniform on (0, 1), so estimates are
 * unbiased and independent scrambles give independent replicates. The engine scrambles each
 * block afresh (design.ts) and makes its points in the kernel sobolPoints; a whole run's
 * sequence, for the tests, is in test/oracles/sobol-sequence.ts.
 */
import { JOE_KUO_6_21201 } from './sobol-directions.js';

/** Dimensions with direction numbers: van der Corput's and Joe & Kuo's 2 to 32. */
export const SOBOL_DIMENSIONS = JOE_KUO_6_21201.length + 1;

/** Bits per coordinate; also the log2 of how many points the sequence has. */
const BITS = 32;
const TWO_TO_MINUS_32 = 2 ** -32;


/**
 * Direction numbers v[k - 1] = m_k 2^(32 - k) of a dimension (0-based: 0 is van der Corput's), by
 * Bratley & Fox's recurrence (ACM TOMS Algorithm 659) from the primitive polynomial's coefficients.
 */
export function directionNumbers(dimension: number): Uint32Array {
  if (!Number.isInteger(dimension) || dimension < 0 || dimension >= SOBOL_DIMENSIONS) {
    throw new RangeError(`Sobol dimension ${dimension} is not between 0 and ${SOBOL_DIMENSIONS - 1}`);
  }
  const v = new Uint32Array(BITS);
  if (dimension === 0) {
    for (let k = 0; k < BITS; k++) v[k] = 2 ** (BITS - 1 - k);
    return v;
  }
  const [s, a, m] = JOE_KUO_6_21201[dimension - 1];
  for (let k = 0; k < s; k++) v[k] = m[k] * 2 ** (BITS - 1 - k);
  for (let k = s; k < BITS; k++) {
    let x = v[k - s] ^ (v[k - s] >>> s);
    for (let i = 1; i < s; i++) if ((a >>> (s - 1 - i)) & 1) x ^= v[k - i];
    v[k] = x >>> 0;
  }
  return v;
}

/** Uniforms a scramble takes: one per digit for the matrix, one for the digital shift. */
export const SCRAMBLE_WORDS = BITS + 1;

/**
 * Direction numbers multiplied by a random lower-triangular binary matrix with unit diagonal
 * (digit 1 is the top bit), and a random digital shift: the first `count` of `v` into `out`, the
 * random bits from the uniforms bits[0, SCRAMBLE_WORDS). Returns the shift. The matrix is drawn
 * by columns (column j: a 1 at digit j, random digits below it), so a product is the XOR of the
 * columns of v's set digits: about 16 XORs a direction number, where dot products of rows took
 * 32 parities (the engine scrambles every block of every assumption afresh).
 */
export function scrambleDirections(v: Uint32Array, bits: Float64Array, count: number, out: Uint32Array): number {
  // Each uniform is (k + 1/2) / 2^32 for a 32-bit k: recover k exactly.
  const word = (i: number) => (bits[i] / TWO_TO_MINUS_32 - 0.5) >>> 0;
  const columns = scratchColumns;
  for (let j = 0; j < BITS; j++) {
    // Column of digit j + 1 (bit 31 - j): a 1 on the diagonal, random bits for the digits below.
    const diagonal = 2 ** (BITS - 1 - j);
    columns[j] = (diagonal + (word(j) % diagonal)) | 0;
  }
  for (let k = 0; k < count; k++) {
    let x = v[k] | 0;
    let y = 0;
    while (x !== 0) {
      const j = Math.clz32(x);
      y ^= columns[j];
      x ^= 1 << (BITS - 1 - j);
    }
    out[k] = y >>> 0;
  }
  return word(BITS);
}

const scratchColumns = new Int32Array(BITS);
