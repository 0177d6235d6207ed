/**
 * The ascending row order of a column of doubles, the one sort Iman-Conover needs per column
 * twice per chunk. An LSD radix sort on the top 48 bits of each double's order-preserving key
 * (sign, exponent and 36 bits of mantissa) in four passes of 12 bits, carrying row numbers.
 *
 * Hand-written because it is the dependence stage's hot loop: on 65,536 rows it takes a third of
 * the time of sorting the doubles alone natively (1.9 against 5.4 ms, Float64Array.prototype.sort),
 * and a comparator sort of row numbers took 17 ms. Radix passes are stable, so equal values,
 * and values within 2^-36 of each other relative to their size (which no rank statistic of a
 * chunk can tell apart), come out in row order.
 */

const DIGIT_BITS = 12;
const DIGITS = 1 << DIGIT_BITS;
const MASK = DIGITS - 1;
const PASSES = 4;

/** Working arrays for up to `rows` rows, reused from call to call. */
export class RankOrderScratch {
  readonly hi: Uint32Array;
  readonly lo: Uint32Array;
  readonly swap: Int32Array;
  readonly counts = new Uint32Array(PASSES * DIGITS);
  constructor(readonly rows: number) {
    this.hi = new Uint32Array(rows);
    this.lo = new Uint32Array(rows);
    this.swap = new Int32Array(rows);
  }
}

/** Digit `pass` (0 the lowest) of the 48-bit key hi * 2^16 + (lo >>> 16). */
function digit(hi: number, lo: number, pass: number): number {
  switch (pass) {
    case 0:
      return (lo >>> 16) & MASK;
    case 1:
      return ((lo >>> 28) | (hi << 4)) & MASK;
    case 2:
      return (hi >>> 8) & MASK;
    default:
      return hi >>> 20;
  }
}

/**
 * Writes to order[0, n) the rows of values[0, n) in ascending order of value, equal values in
 * row order. Values must not be NaN.
 */
export function rankOrder(values: Float64Array, n: number, order: Int32Array, scratch: RankOrderScratch = new RankOrderScratch(n)): void {
  if (scratch.rows < n || order.length < n) throw new RangeError(`rankOrder: room for ${Math.min(scratch.rows, order.length)} rows, asked for ${n}`);
  const words = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  const { hi, lo, counts } = scratch;
  counts.fill(0);
  for (let i = 0; i < n; i++) {
    const h = words[2 * i + 1];
    const negative = h >> 31;
    // Negative doubles sort backwards by their bits: flip them all; positive ones: flip the sign.
    const kh = (h ^ (negative | 0x80000000)) >>> 0;
    const kl = (words[2 * i] ^ negative) >>> 0;
    hi[i] = kh;
    lo[i] = kl;
    for (let p = 0; p < PASSES; p++) counts[p * DIGITS + digit(kh, kl, p)]++;
  }
  let from = order;
  let to = scratch.swap;
  for (let i = 0; i < n; i++) from[i] = i;
  for (let p = 0; p < PASSES; p++) {
    const base = p * DIGITS;
    // A pass where every row has the same digit changes nothing.
    let sum = 0;
    let trivial = false;
    for (let d = 0; d < DIGITS; d++) {
      const c = counts[base + d];
      if (c === n) trivial = true;
      counts[base + d] = sum;
      sum += c;
    }
    if (trivial) continue;
    for (let i = 0; i < n; i++) {
      const row = from[i];
      to[counts[base + digit(hi[row], lo[row], p)]++] = row;
    }
    [from, to] = [to, from];
  }
  if (from !== order) order.set(from.subarray(0, n));
}
