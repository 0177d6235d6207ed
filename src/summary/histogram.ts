/**
 * A log-linear histogram keyed by the top bits of each double: sign, exponent and the first
 * `bits` bits of the mantissa. Every octave splits into 2^bits equal bins, so a bin is at most
 * 2^-bits of its value wide, whatever the range: no range needs to be known in advance, updating
 * costs a load and a shift, and counts are integers, so merging histograms from any number of
 * chunks or threads in any order gives the same counts.
 *
 * Hand-written because it is the summary step's hot loop and no library keys doubles by their
 * bits (DDSketch and HdrHistogram are its relatives; both take logarithms or integers).
 */

/**
 * Resolutions: bins only locate order statistics when exact selection follows (coarse is
 * enough, and its window stays in cache); streaming percentiles are read off the bins (fine).
 */
export const LOCATING_BITS = 10;
export const STREAMING_BITS = 13;

/** A bin's width relative to its lower edge is at most this. */
export const relativeBinWidth = (bits: number): number => 2 ** -bits;

if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) {
  // The bit tricks read the high word of a double at index 2i+1.
  throw new Error('sora-compute needs a little-endian machine');
}

/** Keys that sort as the values do: negative values below positive ones. */
export function keyOf(x: number, bits: number): number {
  scratchF64[0] = x;
  const hi = scratchU32[1];
  return ((hi ^ ((hi >> 31) | 0x80000000)) >>> (20 - bits)) >>> 0;
}

const scratchF64 = new Float64Array(1);
const scratchU32 = new Uint32Array(scratchF64.buffer);

/** The smallest double with this key (the largest, for negative values). */
function edgeOf(key: number, bits: number): number {
  const word = (key << (20 - bits)) >>> 0;
  const hi = word & 0x80000000 ? (word ^ 0x80000000) >>> 0 : ~word >>> 0;
  scratchU32[0] = 0;
  scratchU32[1] = hi;
  return scratchF64[0];
}

/** The values a key covers: [lo, hi) for positive keys. */
export function binBounds(key: number, bits: number): [number, number] {
  const a = edgeOf(key, bits);
  const b = edgeOf(key + 1, bits);
  return a <= b ? [a, b] : [b, a];
}

/** Counts per key over a dense, growable window of keys. */
export class KeyHistogram {
  base = 0;
  counts: Uint32Array = new Uint32Array(0);

  constructor(readonly bits: number) {}

  /** Adds values[0, n). */
  add(values: Float64Array, n: number): void {
    const words = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
    const shift = 20 - this.bits;
    let { base, counts } = this;
    let len = counts.length;
    for (let i = 0; i < n; i++) {
      const hi = words[2 * i + 1];
      const key = (hi ^ ((hi >> 31) | 0x80000000)) >>> shift;
      const at = key - base;
      if (at < 0 || at >= len) {
        this.cover(key, values, n);
        ({ base, counts } = this);
        len = counts.length;
        counts[key - base]++;
      } else {
        counts[at]++;
      }
    }
  }

  /** Widens the window to hold `key`, with room for the rest of this batch's range. */
  private cover(key: number, values: Float64Array, n: number): void {
    let lo = key;
    let hi = key;
    for (let i = 0; i < n; i++) {
      const k = keyOf(values[i], this.bits);
      if (k < lo) lo = k;
      if (k > hi) hi = k;
    }
    if (this.counts.length > 0) {
      lo = Math.min(lo, this.base);
      hi = Math.max(hi, this.base + this.counts.length - 1);
    }
    // Pad by an octave each side so slowly drifting ranges do not regrow every chunk.
    const pad = 1 << this.bits;
    lo = Math.max(0, lo - pad);
    hi = hi + pad;
    const grown = new Uint32Array(hi - lo + 1);
    if (this.counts.length) grown.set(this.counts, this.base - lo);
    this.base = lo;
    this.counts = grown;
  }
}

/** Counts from several KeyHistograms added up, as floats (exact for any realistic count). */
export class MergedHistogram {
  base = 0;
  counts: Float64Array = new Float64Array(0);
  total = 0;

  constructor(readonly bits: number) {}

  merge(part: { base: number; counts: ArrayLike<number> }): void {
    if (part.counts.length === 0) return;
    const lo = this.counts.length ? Math.min(this.base, part.base) : part.base;
    const hi = this.counts.length
      ? Math.max(this.base + this.counts.length, part.base + part.counts.length)
      : part.base + part.counts.length;
    if (lo !== this.base || hi - lo !== this.counts.length) {
      const grown = new Float64Array(hi - lo);
      if (this.counts.length) grown.set(this.counts, this.base - lo);
      this.base = lo;
      this.counts = grown;
    }
    const off = part.base - this.base;
    for (let i = 0; i < part.counts.length; i++) {
      const c = part.counts[i];
      if (c) {
        this.counts[off + i] += c;
        this.total += c;
      }
    }
  }

  /**
   * For each 0-based rank (ascending), the key holding it and how many draws sort below that
   * key. One pass over the window.
   */
  locate(ranks: readonly number[]): { key: number; below: number }[] {
    const found: { key: number; below: number }[] = [];
    let r = 0;
    let cum = 0;
    for (let i = 0; i < this.counts.length && r < ranks.length; i++) {
      const c = this.counts[i];
      while (r < ranks.length && ranks[r] < cum + c) {
        found.push({ key: this.base + i, below: cum });
        r++;
      }
      cum += c;
    }
    return found;
  }
}
