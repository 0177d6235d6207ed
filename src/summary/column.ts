/**
 * Summaries of one output, block by block: histogram counts, min, max and moments in one pass
 * over a block of draws, plus, inside coarse keys flagged in advance, sub-bin counts
 * (streaming) or the draws themselves (exact selection). Plain functions over typed arrays, so
 * V8 compiles tight loops.
 */
import { COARSE_BITS, FINE_BITS, FineCounts, keyOf, keyOfHigh, KeyHistogram, STREAMING_BITS } from './histogram.js';
import { combine, type Moments } from './moments.js';
import { kernelArena, type Arena } from '../kernel/arena.js';

const EMPTY = new Int32Array(0);
const NONE = new Uint8Array(0);
const EMPTY_VALUES = new Float64Array(0);

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

  private take(key: number): number {
    if (!this.keys) return 1;
    const at = key - this.lo;
    return (at >>> 0) < this.takes.length ? this.takes[at] : 0;
  }

  /** 1 for each key of the window [base, base + length) whose draws are gathered. */
  flags(base: number, length: number): Uint8Array {
    const flags = new Uint8Array(length);
    for (let i = 0; i < length; i++) flags[i] = this.take(base + i);
    return flags;
  }

  /** The buffer, with room for n more draws past `count` (and one to spare: see summarizeBlock). */
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

  /** `arena`: where the WebAssembly kernel counts; null: the JavaScript loop does. */
  constructor(readonly arena: Arena | null = kernelArena()) {
    this.hist = new KeyHistogram(COARSE_BITS, (length) => this.arena?.u32(length, true) ?? null);
  }

  min = Infinity;
  max = -Infinity;
  /** Sub-bin counts inside the coarse keys flagged to hold percentiles (streaming only). */
  fine: FineCounts = FineCounts.none;
  /** Draws of flagged keys, kept for exact selection (exact runs only). */
  gather: Gathering | null = null;
  /** fine.offsets(), the counted keys and gather.flags() for the histogram's window, rebuilt when it moves. */
  private offsets: Int32Array = EMPTY;
  private counted: Uint8Array = NONE;
  private flags: Uint8Array = NONE;
  private alignedBase = -1;
  private alignedLength = -1;

  /** Counts sub-bins inside these coarse keys from now on. */
  countFine(keys: readonly number[]): void {
    this.fine = new FineCounts(keys, undefined, (length) => this.arena?.u32(length, true) ?? null);
    this.alignedBase = -1;
  }

  /**
   * Counts the sub-bins of values[0, n), draws already in the histogram (a chunk kept while the
   * flags were unknown): in the counting kernel where it can run, its histogram counts and
   * moments going to scratch, else in FineCounts.add.
   */
  addFine(values: Float64Array, n = values.length): void {
    const { arena, hist, fine } = this;
    if (!fine.keys.length) return;
    const inArena = arena && hist.pairs.buffer === arena.buffer && this.subBinsInArena() ? arena : null;
    const copy = inArena?.values(n) ?? null;
    const pairs = copy ? inArena!.counters(hist.pairs.length) : null;
    if (!inArena || !copy || !pairs) return fine.add(values, n);
    copy.set(values.subarray(0, n));
    const even = n & ~1;
    const state = inArena.state;
    state.fill(0);
    let done = 0;
    while (done < even) {
      const end = Math.min(even, done + inArena.subs.length);
      const at = inArena.count(
        copy.byteOffset, done, end, 0,
        pairs.byteOffset, hist.base, hist.length,
        fine.area.byteOffset, this.offsets.byteOffset, this.counted.byteOffset,
        state.byteOffset, inArena.subs.byteOffset,
      );
      done = at;
      if (at < end) break;
    }
    fine.add(values.subarray(done, n));
  }

  /** Gathers the draws of these coarse keys (null: of every key) from now on. */
  gatherKeys(keys: readonly number[] | null): void {
    this.gather = new Gathering(keys ? new Set(keys) : null);
    this.alignedBase = -1;
  }

  private align(): void {
    if (this.alignedBase === this.hist.base && this.alignedLength === this.hist.length) return;
    const { base, length } = this.hist;
    const offsets = this.fine.keys.length ? this.fine.offsets(base, length) : EMPTY;
    const placed = offsets.length && this.arena ? this.arena.i32(offsets.length, true) : null;
    placed?.set(offsets);
    this.offsets = placed ?? offsets;
    const counted = placed ? this.arena!.u8(length, true) : null;
    for (let i = 0; counted && i < length; i++) counted[i] = this.fine.has(base + i) ? 1 : 0;
    this.counted = counted ?? NONE;
    this.flags = this.gather ? this.gather.flags(base, length) : NONE;
    this.alignedBase = base;
    this.alignedLength = length;
  }

  fineOffsets(): Int32Array {
    this.align();
    return this.offsets;
  }

  /** Whether the counting kernel can count sub-bins in the current window: tables and counters all in the arena. */
  subBinsInArena(): boolean {
    this.align();
    const memory = this.arena?.buffer;
    return memory !== undefined && this.fine.area.buffer === memory && this.offsets.buffer === memory && this.counted.buffer === memory;
  }

  /** 1 for each key of the window whose sub-bins are counted (the counting kernel's flags). */
  countedKeys(): Uint8Array {
    this.align();
    return this.counted;
  }

  gatherFlags(): Uint8Array {
    this.align();
    return this.flags;
  }
  /** Moments of the chunk being summarized, blocks combined in order. */
  chunk: Moments = { count: 0, mean: 0, m2: 0 };
}

/**
 * Adds values[0, n) to `acc`; `words` is the Uint32Array view of the same memory (a double's
 * high word, sign and exponent and leading mantissa bits, is its histogram key).
 *
 * Two draws per iteration, counted in the two counters of their keys (see KeyHistogram) and
 * compared with min and max in one pass: measured on real output columns, 3.0 ns a draw where
 * the one-draw loop took 3.9 ns.
 */
export function summarizeBlock(values: Float64Array, words: Uint32Array, n: number, acc: OutputAccumulator): void {
  if (acc.arena && countInKernel(acc.arena, values, n, acc)) return;
  const hist = acc.hist;
  let pairs = hist.pairs;
  let base = hist.base;
  let len = hist.length;
  const counting = acc.fine.keys.length > 0;
  const fine = acc.fine.area;
  let offsets = counting ? acc.fineOffsets() : EMPTY;
  const gather = acc.gather;
  let take = gather ? acc.gatherFlags() : NONE;
  const gathered = gather ? gather.reserve(n) : EMPTY_VALUES;
  let taken = gather ? gather.count : 0;
  const subMask = (1 << FINE_BITS) - 1;
  // Min and max in two chains too, the even draws' and the odd draws', as the kernel's f64x2
  // lanes keep them: one chain through both draws of a pair was the kernel's longest dependency.
  let minX = acc.min;
  let minY = acc.min;
  let maxX = acc.max;
  let maxY = acc.max;
  // Moments ride along, in two chains (one per draw of the pair), about the block's first draw:
  // sums of d = x - shift and d^2 give mean and M2 in one pass (the shifted-data algorithm,
  // Chan, Golub & LeVeque 1983), accurate while the shift is within a few sd of the mean.
  const shift = n > 0 ? values[0] : 0;
  let sumX = 0;
  let sumY = 0;
  let squaresX = 0;
  let squaresY = 0;
  const even = n & ~1;
  for (let i = 0; i < even; i += 2) {
    const x = values[i];
    const y = values[i + 1];
    const dx = x - shift;
    const dy = y - shift;
    sumX += dx;
    sumY += dy;
    squaresX += dx * dx;
    squaresY += dy * dy;
    minX = x < minX ? x : minX;
    maxX = x > maxX ? x : maxX;
    minY = y < minY ? y : minY;
    maxY = y > maxY ? y : maxY;
    const subX = keyOfHigh(words[2 * i + 1], STREAMING_BITS);
    const subY = keyOfHigh(words[2 * i + 3], STREAMING_BITS);
    const keyX = subX >>> FINE_BITS;
    const keyY = subY >>> FINE_BITS;
    if (((keyX - base) >>> 0) >= len || ((keyY - base) >>> 0) >= len) {
      hist.cover(keyX, values, n);
      pairs = hist.pairs;
      base = hist.base;
      len = hist.length;
      if (counting) offsets = acc.fineOffsets();
      if (gather) take = acc.gatherFlags();
    }
    const atX = keyX - base;
    const atY = keyY - base;
    pairs[2 * atX]++;
    pairs[2 * atY + 1]++;
    if (counting) {
      fine[offsets[atX] | (subX & subMask)]++;
      fine[offsets[atY] | (subY & subMask)]++;
    }
    if (gather) {
      // Every draw is written, and kept by advancing past it: no branch to mispredict.
      gathered[taken] = x;
      taken += take[atX];
      gathered[taken] = y;
      taken += take[atY];
    }
  }
  acc.min = minY < minX ? minY : minX;
  acc.max = maxY > maxX ? maxY : maxX;
  if (gather) gather.count = taken;
  if (even < n) summarizeLast(values.subarray(even, n), acc);
  const last = even < n ? values[even] - shift : 0;
  const sum = sumX + sumY + last;
  const squares = squaresX + squaresY + last * last;
  acc.chunk = combine(acc.chunk, blockMoments(n, shift, sum, squares, acc.max));
}

/** A block's moments from its shifted sums; a block that reached ∞ has an infinite mean (not ∞ - ∞ = NaN). */
function blockMoments(n: number, shift: number, sum: number, squares: number, max: number): Moments {
  if (max === Infinity) return { count: n, mean: Infinity, m2: Infinity };
  return { count: n, mean: shift + sum / n, m2: Math.max(0, squares - (sum * sum) / n) };
}

/**
 * summarizeBlock's loop in the WebAssembly kernel, when the accumulator's counters are in its
 * arena (false, and nothing done, when they are not). The same operations in the same order
 * as the JavaScript loop, so the same numbers; gathering, rare, stays in JavaScript.
 */
function countInKernel(arena: Arena, values: Float64Array, n: number, acc: OutputAccumulator): boolean {
  const { hist, fine } = acc;
  const counting = fine.keys.length > 0;
  const memory = arena.buffer;
  if (hist.length && hist.pairs.buffer !== memory) return false;
  if (counting && !acc.subBinsInArena()) return false;
  // Block columns are in the arena already (see ChunkRunner); anything else is copied in.
  const copy = values.buffer === memory ? values : arena.values(n);
  if (!copy) return false;
  if (copy !== values) copy.set(values.subarray(0, n));
  const state = arena.state;
  // Element by element: an array literal and a destructuring per call were a third of this glue's time.
  state[0] = acc.min;
  state[1] = acc.max;
  state[2] = state[3] = state[4] = state[5] = 0;
  const shift = n > 0 ? values[0] : 0;
  const even = n & ~1;
  for (let i = 0; i < even; ) {
    const end = Math.min(even, i + arena.subs.length);
    i = arena.count(
      copy.byteOffset, i, end, shift,
      hist.pairs.byteOffset, hist.base, hist.length,
      fine.area.byteOffset, counting ? acc.fineOffsets().byteOffset : 0, counting ? acc.countedKeys().byteOffset : 0,
      state.byteOffset, arena.subs.byteOffset,
    );
    if (i >= end) continue;
    // The window does not hold the pair at i: widen it, in the arena if it has room.
    hist.cover(keyOf(values[i], COARSE_BITS), values, n);
    if (hist.pairs.buffer !== memory || (counting && !acc.subBinsInArena())) {
      finishOutsideArena(values, i, even, shift, acc);
      break;
    }
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
  return true;
}

/**
 * The rest of a block, pairs [from, even), once the arena is full (the accumulator's new
 * counters are ordinary arrays): the kernel's arithmetic in its order, on the state it left.
 */
function finishOutsideArena(values: Float64Array, from: number, even: number, shift: number, acc: OutputAccumulator): void {
  const state = acc.arena!.state;
  let minX = state[0];
  let minY = state[0];
  let maxX = state[1];
  let maxY = state[1];
  for (let i = from; i < even; i += 2) {
    const x = values[i];
    const y = values[i + 1];
    const dx = x - shift;
    const dy = y - shift;
    state[2] += dx;
    state[3] += dy;
    state[4] += dx * dx;
    state[5] += dy * dy;
    minX = x < minX ? x : minX;
    maxX = x > maxX ? x : maxX;
    minY = y < minY ? y : minY;
    maxY = y > maxY ? y : maxY;
  }
  state[0] = minY < minX ? minY : minX;
  state[1] = maxY > maxX ? maxY : maxX;
  const rest = values.subarray(from, even);
  acc.hist.add(rest, rest.length);
  acc.fine.add(rest);
}

/** The odd draw out of a block, outside the hot loop. */
function summarizeLast(last: Float64Array, acc: OutputAccumulator): void {
  acc.hist.add(last, 1);
  acc.fine.add(last);
  acc.gather?.add(last);
  acc.min = Math.min(acc.min, last[0]);
  acc.max = Math.max(acc.max, last[0]);
}
