/**
 * Summaries of one output, block by block: histogram counts, min, max and moments in one pass
 * over a block of draws, plus, inside coarse keys flagged in advance, sub-bin counts
 * (streaming) or the draws themselves (exact selection). The counting runs in the kernel
 * (Arena.count); this module keeps the counters and says which draws to count.
 */
import { COARSE_BITS, FineCounts, keyOf, keyOfHigh, KeyHistogram } from './histogram.js';
import { combine, type Moments } from './moments.js';
import { requireArena, type Arena, type Counters } from '../kernel/arena.js';


/**
 * Draws of flagged coarse keys, gathered during the pass for exact selection afterwards, so
 * that whole columns need not be kept. Without keys, every draw is gathered (a run so short
 * that the pilot would be the run).
 */
export class Gathering {
  values = new Float64Array(1 << 12);
  count = 0;
  /** takes[key - lo] is 1 for a gathered key (unused without keys). */
  private readonly lo: number;
  private readonly takes: Uint8Array;

  constructor(readonly keys: ReadonlySet<number> | null) {
    const sorted = keys ? [...keys].sort((a, b) => a - b) : [];
    this.lo = sorted.length ? sorted[0] : 0;
    this.takes = new Uint8Array(sorted.length ? sorted[sorted.length - 1] - this.lo + 1 : 0);
    for (const key of sorted) this.takes[key - this.lo] = 1;
  }

  /** The buffer, with room for n more draws past `count` (and one to spare: see add). */
  reserve(n: number): Float64Array {
    if (this.count + n + 1 > this.values.length) {
      const grown = new Float64Array(Math.max(2 * this.values.length, this.count + n + 1));
      grown.set(this.values.subarray(0, this.count));
      this.values = grown;
    }
    return this.values;
  }

  /** Adds the draws among values[0, n) whose keys are gathered (kept chunks: branch-free as in summarizeBlock). */
  add(values: Float64Array, n = values.length): void {
    const out = this.reserve(n);
    let count = this.count;
    if (!this.keys) {
      out.set(values.subarray(0, n), count);
      this.count = count + n;
      return;
    }
    const words = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
    const { lo, takes } = this;
    const len = takes.length;
    for (let i = 0; i < n; i++) {
      const at = keyOfHigh(words[2 * i + 1], COARSE_BITS) - lo;
      out[count] = values[i];
      count += (at >>> 0) < len ? takes[at] : 0;
    }
    this.count = count;
  }

  /** The draws gathered so far. */
  gathered(): Float64Array {
    return this.values.slice(0, this.count);
  }
}

/** Everything one thread knows about one output so far. */
export class OutputAccumulator {
  readonly hist: KeyHistogram;

  /**
   * `arena`: where the counting kernel runs; the counters are in it while it has room for this
   * simulation's, and ordinary arrays after (the kernel then works on copies: see Arena.count).
   */
  constructor(readonly arena: Arena = requireArena()) {
    this.hist = new KeyHistogram(COARSE_BITS, (length) => this.arena.u32(length, true));
  }

  min = Infinity;
  max = -Infinity;
  /** Sub-bin counts inside the coarse keys flagged to hold percentiles (streaming only). */
  fine: FineCounts = FineCounts.none;
  /** Draws of flagged keys, kept for exact selection (exact runs only). */
  gather: Gathering | null = null;
  /** The counters with fine.offsets() and the counted keys for the histogram's window, rebuilt when it moves. */
  private current: Counters = { pairs: null, base: 0, length: 0, fine: null };
  private alignedBase = -1;

  /** Counts sub-bins inside these coarse keys from now on. */
  countFine(keys: readonly number[]): void {
    this.fine = new FineCounts(keys, undefined, (length) => this.arena.u32(length, true));
    this.alignedBase = -1;
  }

  /**
   * Counts the sub-bins of values[0, n), draws already in the histogram (a chunk kept while the
   * flags were unknown): in the counting kernel, its histogram counts thrown away and its moments
   * going to scratch.
   */
  addFine(values: Float64Array, n = values.length): void {
    if (!this.fine.keys.length) return;
    const even = n & ~1;
    this.arena.state.fill(0);
    const done = this.arena.count(values, 0, even, 0, { ...this.counters(), pairs: null });
    this.fine.add(values.subarray(done, n));
  }

  /** Gathers the draws of these coarse keys (null: of every key) from now on. */
  gatherKeys(keys: readonly number[] | null): void {
    this.gather = new Gathering(keys ? new Set(keys) : null);
  }

  private align(): void {
    if (this.current.pairs === this.hist.pairs && this.alignedBase === this.hist.base) return;
    const { hist, fine } = this;
    const { base, length } = hist;
    let sub: Counters['fine'] = null;
    if (fine.keys.length) {
      const offsets = this.arena.i32(length, true) ?? new Int32Array(length);
      offsets.set(fine.offsets(base, length));
      const counted = this.arena.u8(length, true) ?? new Uint8Array(length);
      for (let i = 0; i < length; i++) counted[i] = fine.has(base + i) ? 1 : 0;
      sub = { area: fine.area, offsets, counted };
    }
    this.current = { pairs: hist.pairs, base, length, fine: sub };
    this.alignedBase = base;
  }

  /** The counters as the counting kernel takes them, for the histogram's current window. */
  counters(): Counters {
    this.align();
    return this.current;
  }

  /** Moments of the chunk being summarized, blocks combined in order. */
  chunk: Moments = { count: 0, mean: 0, m2: 0 };
}

/**
 * Adds values[0, n) to `acc`: histogram counts, sub-bin counts, min, max and moments in one pass
 * of the counting kernel (assembly/kernels.ts, `count`; its JavaScript twin, the test oracle, is
 * test/oracles/summarize-block.ts), two draws at a time; gathering, rare, and an odd last draw
 * stay in JavaScript.
 *
 * Moments ride along about the block's first draw: sums of d = x - shift and d^2 give mean and
 * M2 in one pass (the shifted-data algorithm, Chan, Golub & LeVeque 1983), accurate while the
 * shift is within a few sd of the mean.
 */
export function summarizeBlock(values: Float64Array, n: number, acc: OutputAccumulator): void {
  const { arena, hist } = acc;
  const state = arena.state;
  // Element by element: an array literal and a destructuring per call were a third of this glue's time.
  state[0] = acc.min;
  state[1] = acc.max;
  state[2] = state[3] = state[4] = state[5] = 0;
  const shift = n > 0 ? values[0] : 0;
  const even = n & ~1;
  for (let i = 0; i < even; ) {
    i = arena.count(values, i, even, shift, acc.counters());
    // The window does not hold the pair at i: widen it and go on from there.
    if (i < even) hist.cover(keyOf(values[i], COARSE_BITS), values, n);
  }
  acc.min = state[0];
  acc.max = state[1];
  const sumX = state[2];
  const sumY = state[3];
  const squaresX = state[4];
  const squaresY = state[5];
  acc.gather?.add(values, even);
  if (even < n) summarizeLast(values.subarray(even, n), acc);
  const last = even < n ? values[even] - shift : 0;
  const sum = sumX + sumY + last;
  const squares = squaresX + squaresY + last * last;
  acc.chunk = combine(acc.chunk, blockMoments(n, shift, sum, squares, acc.max));
}

/** A block's moments from its shifted sums; a block that reached ∞ has an infinite mean (not ∞ - ∞ = NaN). */
export function blockMoments(n: number, shift: number, sum: number, squares: number, max: number): Moments {
  if (max === Infinity) return { count: n, mean: Infinity, m2: Infinity };
  return { count: n, mean: shift + sum / n, m2: Math.max(0, squares - (sum * sum) / n) };
}

/** The odd draw out of a block, outside the hot loop. */
export function summarizeLast(last: Float64Array, acc: OutputAccumulator): void {
  acc.hist.add(last, 1);
  acc.fine.add(last);
  acc.gather?.add(last);
  acc.min = Math.min(acc.min, last[0]);
  acc.max = Math.max(acc.max, last[0]);
}
