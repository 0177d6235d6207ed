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
 * Resolutions. Every draw goes into a coarse histogram: small enough (256 bins an octave, a few
 * KB an output) to stay in L1 cache while a block of draws streams through it. Percentiles
 * then come from a second look at the few coarse bins that hold them: exact selection among
 * the draws collected from them, or (streaming, above the retention limit) a fine histogram
 * of 2^FINE_BITS sub-bins kept only inside coarse bins flagged in advance.
 */
export const COARSE_BITS = 8;
export const STREAMING_BITS = 13;
export const FINE_BITS = STREAMING_BITS - COARSE_BITS;

/** A bin's width relative to its lower edge is at most this. */
export const relativeBinWidth = (bits: number): number => 2 ** -bits;

if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) {
  // The bit tricks read the high word of a double at index 2i+1.
  throw new Error('sora-compute needs a little-endian machine');
}

/**
 * The key of a double from its high word `hi` (sign, exponent, the first 20 mantissa bits) at
 * `bits` mantissa bits: the sign bit flipped for positive values and every bit for negative
 * ones, so keys sort as the values do. The one place the trick is written in TypeScript
 * (assembly/kernels.ts has its twin); hot loops read the high words themselves and call this.
 */
export function keyOfHigh(hi: number, bits: number): number {
  return (hi ^ ((hi >> 31) | 0x80000000)) >>> (20 - bits);
}

/** Keys that sort as the values do: negative values below positive ones. */
export function keyOf(x: number, bits: number): number {
  scratchF64[0] = x;
  return keyOfHigh(scratchU32[1], bits);
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

/**
 * Counts per key over a dense, growable window of keys. Each key has two counters, used by
 * even and odd draws: consecutive draws in one bin then increment different words, so the
 * second increment need not wait for the first to reach memory (store-to-load forwarding
 * would otherwise chain them; about a third faster on real output columns).
 */
export class KeyHistogram {
  base = 0;
  /** Counters of key base + i at 2i and 2i + 1. */
  pairs: Uint32Array = new Uint32Array(0);

  /** `storage` gives zeroed counters (in the kernel's arena), or null for an ordinary array. */
  constructor(
    readonly bits: number,
    private readonly storage: (length: number) => Uint32Array | null = () => null,
  ) {}

  /** Keys in the window. */
  get length(): number {
    return this.pairs.length >> 1;
  }

  /** The window and its counts per key, the two counters added up. */
  snapshot(): { base: number; counts: Uint32Array } {
    const counts = new Uint32Array(this.length);
    for (let i = 0; i < counts.length; i++) counts[i] = this.pairs[2 * i] + this.pairs[2 * i + 1];
    return { base: this.base, counts };
  }

  /** Adds values[0, n) (not the hot path: see summarizeBlock). */
  add(values: Float64Array, n: number): void {
    for (let i = 0; i < n; i++) {
      const key = keyOf(values[i], this.bits);
      if (key < this.base || key >= this.base + this.length) this.cover(key, values, n);
      this.pairs[2 * (key - this.base)]++;
    }
  }

  /** Widens the window to hold `key`, with room for the rest of this batch's range. */
  cover(key: number, values: Float64Array, n: number): void {
    let lo = key;
    let hi = key;
    for (let i = 0; i < n; i++) {
      const k = keyOf(values[i], this.bits);
      if (k < lo) lo = k;
      if (k > hi) hi = k;
    }
    if (this.length > 0) {
      lo = Math.min(lo, this.base);
      hi = Math.max(hi, this.base + this.length - 1);
    }
    // Pad by an octave each side so slowly drifting ranges do not regrow every block.
    const pad = 1 << this.bits;
    lo = Math.max(0, lo - pad);
    hi = hi + pad;
    const grown = this.storage(2 * (hi - lo + 1)) ?? new Uint32Array(2 * (hi - lo + 1));
    if (this.length) grown.set(this.pairs, 2 * (this.base - lo));
    this.base = lo;
    this.pairs = grown;
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

/** Scratch rows of FineCounts: draws outside the counted keys spread over them by key. */
const SCRATCH_ROWS = 64;

/**
 * Sub-bin counts inside chosen coarse keys: 2^FINE_BITS counters each, which together with the
 * coarse counts place an order statistic in a bin of STREAMING_BITS. Only keys flagged in advance
 * get counters, so the table stays a few KB however many draws pass.
 *
 * The hot loop counts every draw without a branch: `offsets` sends draws of uncounted keys to
 * scratch rows after the counters (a branch taken for some 10% of draws at random cost more).
 */
export class FineCounts {
  /** The coarse keys counted, ascending. */
  readonly keys: number[];
  /** slotOf[key - base]: the key's slot in `counts`, or -1. */
  readonly base: number;
  readonly slotOf: Int32Array;
  /** The counters, then the scratch rows. */
  readonly area: Uint32Array;
  /** Counter of sub-bin s of the key in slot j at j * 2^FINE_BITS + s. */
  readonly counts: Uint32Array;

  constructor(keys: readonly number[], counts?: Uint32Array, storage: (length: number) => Uint32Array | null = () => null) {
    this.keys = [...new Set(keys)].sort((a, b) => a - b);
    this.base = this.keys.length ? this.keys[0] : 0;
    this.slotOf = new Int32Array(this.keys.length ? this.keys[this.keys.length - 1] - this.base + 1 : 0).fill(-1);
    this.keys.forEach((key, slot) => (this.slotOf[key - this.base] = slot));
    const size = this.keys.length << FINE_BITS;
    const areaSize = size + (this.keys.length ? SCRATCH_ROWS << FINE_BITS : 0);
    this.area = counts ?? storage(areaSize) ?? new Uint32Array(areaSize);
    this.counts = this.area.subarray(0, size);
  }

  static readonly none = new FineCounts([]);

  has(key: number): boolean {
    const at = key - this.base;
    return at >= 0 && at < this.slotOf.length && this.slotOf[at] >= 0;
  }

  /** The 2^FINE_BITS counters of a counted key. */
  of(key: number): Uint32Array {
    const slot = this.slotOf[key - this.base];
    return this.counts.subarray(slot << FINE_BITS, (slot + 1) << FINE_BITS);
  }

  /** Where in `area` the sub-bins of each key of the window [base, base + length) start. */
  offsets(base: number, length: number): Int32Array {
    const scratch = this.keys.length;
    const offsets = new Int32Array(length);
    for (let i = 0; i < length; i++) {
      const key = base + i;
      offsets[i] = (this.has(key) ? this.slotOf[key - this.base] : scratch + (key % SCRATCH_ROWS)) << FINE_BITS;
    }
    return offsets;
  }

  /** Adds another set of counts over the same keys. */
  merge(part: { counts: ArrayLike<number> }): void {
    for (let i = 0; i < this.counts.length; i++) this.counts[i] += part.counts[i];
  }

  /** Counts draws among values[0, n) in the counted keys (outside the hot loop: a block's odd last draw, the rest of a kept chunk). */
  add(values: Float64Array, n = values.length): void {
    const words = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
    const { base, slotOf, counts } = this;
    const len = slotOf.length;
    const mask = (1 << FINE_BITS) - 1;
    for (let i = 0; i < n; i++) {
      const sub = keyOfHigh(words[2 * i + 1], STREAMING_BITS);
      const at = (sub >>> FINE_BITS) - base;
      if ((at >>> 0) < len && slotOf[at] >= 0) counts[(slotOf[at] << FINE_BITS) | (sub & mask)]++;
    }
  }
}

/**
 * The values among `parts` whose keys (at `bits`) are in `keys` (ascending, distinct), per key in
 * that order: counted in one pass, copied in a second, so nothing grows element by element.
 */
export function valuesByKey(parts: readonly Float64Array[], keys: readonly number[], bits: number): Float64Array[] {
  if (!keys.length) return [];
  const lo = keys[0];
  const slotOf = new Int32Array(keys[keys.length - 1] - lo + 1).fill(-1);
  keys.forEach((key, slot) => (slotOf[key - lo] = slot));
  // Slot of each value, or -1: computed once, used by both passes.
  const slots = parts.map((part) => {
    const words = new Uint32Array(part.buffer, part.byteOffset, 2 * part.length);
    const of = new Int32Array(part.length);
    for (let i = 0; i < part.length; i++) {
      const at = keyOfHigh(words[2 * i + 1], bits) - lo;
      of[i] = (at >>> 0) < slotOf.length ? slotOf[at] : -1;
    }
    return of;
  });
  const counts = new Int32Array(keys.length);
  for (const of of slots) for (let i = 0; i < of.length; i++) if (of[i] >= 0) counts[of[i]]++;
  const out = Array.from(counts, (count) => new Float64Array(count));
  const filled = new Int32Array(keys.length);
  parts.forEach((part, p) => {
    const of = slots[p];
    for (let i = 0; i < part.length; i++) {
      const slot = of[i];
      if (slot >= 0) out[slot][filled[slot]++] = part[i];
    }
  });
  return out;
}

/**
 * The values whose keys (at `bits`) are among `keys` (ascending, distinct), per key, added block
 * by block into arrays of `sizes` (at least the count each key will get: a histogram's) made
 * in advance, so nothing grows or is copied however many draws a run collects.
 */
export class KeyCollector {
  private readonly lo: number;
  private readonly slotOf: Int32Array;
  private readonly out: Float64Array[];
  private readonly filled: Int32Array;

  constructor(
    keys: readonly number[],
    sizes: readonly number[],
    private readonly bits: number,
  ) {
    this.lo = keys.length ? keys[0] : 0;
    this.slotOf = new Int32Array(keys.length ? keys[keys.length - 1] - this.lo + 1 : 0).fill(-1);
    keys.forEach((key, slot) => (this.slotOf[key - this.lo] = slot));
    this.out = sizes.map((size) => new Float64Array(size));
    this.filled = new Int32Array(keys.length);
  }

  add(values: Float64Array, n: number): void {
    const words = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
    const { lo, slotOf, out, filled, bits } = this;
    const len = slotOf.length;
    for (let i = 0; i < n; i++) {
      const at = keyOfHigh(words[2 * i + 1], bits) - lo;
      const slot = (at >>> 0) < len ? slotOf[at] : -1;
      if (slot >= 0) {
        if (filled[slot] === out[slot].length) throw new Error(`more draws of a key than its size (slot ${slot})`);
        out[slot][filled[slot]++] = values[i];
      }
    }
  }

  /** The values collected, per key. */
  values(): Float64Array[] {
    return this.out.map((o, slot) => o.subarray(0, this.filled[slot]));
  }
}
