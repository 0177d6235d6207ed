/**
 * The JavaScript twin of the counting kernel (assembly/kernels.ts, `count`) as summarizeBlock
 * (src/summary/column.ts) drives it: histogram counts, sub-bin counts, gathered draws, min, max
 * and moments of a block, with the same operations in the same order, so the same numbers bit for
 * bit. A test oracle only; the engine counts in the kernel.
 */
import { blockMoments, Gathering } from '../../src/summary/column.js';
import { COARSE_BITS, FINE_BITS, FineCounts, keyOfHigh, KeyHistogram, STREAMING_BITS } from '../../src/summary/histogram.js';
import { combine, type Moments } from '../../src/summary/moments.js';

export class SummaryOracle {
  readonly hist = new KeyHistogram(COARSE_BITS);
  min = Infinity;
  max = -Infinity;
  fine: FineCounts = FineCounts.none;
  gather: Gathering | null = null;
  chunk: Moments = { count: 0, mean: 0, m2: 0 };

  countFine(keys: readonly number[]): void {
    this.fine = new FineCounts(keys);
  }

  gatherKeys(keys: readonly number[] | null): void {
    this.gather = new Gathering(keys ? new Set(keys) : null);
  }

  addFine(values: Float64Array, n = values.length): void {
    this.fine.add(values, n);
  }

  /** Adds values[0, n): two draws per iteration, each chain (the even draws', the odd draws') as a kernel lane keeps it. */
  summarize(values: Float64Array, n = values.length): void {
    const words = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
    const { hist, gather } = this;
    let pairs = hist.pairs;
    let base = hist.base;
    let len = hist.length;
    const counting = this.fine.keys.length > 0;
    const fine = this.fine.area;
    let offsets = counting ? this.fine.offsets(base, len) : new Int32Array(0);
    let take = gather ? flags(gather, base, len) : new Uint8Array(0);
    const gathered = gather ? gather.reserve(n) : new Float64Array(0);
    let taken = gather ? gather.count : 0;
    const subMask = (1 << FINE_BITS) - 1;
    let minX = this.min;
    let minY = this.min;
    let maxX = this.max;
    let maxY = this.max;
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
        if (counting) offsets = this.fine.offsets(base, len);
        if (gather) take = flags(gather, base, len);
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
        gathered[taken] = x;
        taken += take[atX];
        gathered[taken] = y;
        taken += take[atY];
      }
    }
    this.min = minY < minX ? minY : minX;
    this.max = maxY > maxX ? maxY : maxX;
    if (gather) gather.count = taken;
    if (even < n) {
      const last = values.subarray(even, n);
      hist.add(last, 1);
      this.fine.add(last);
      gather?.add(last);
      this.min = Math.min(this.min, last[0]);
      this.max = Math.max(this.max, last[0]);
    }
    const last = even < n ? values[even] - shift : 0;
    const sum = sumX + sumY + last;
    const squares = squaresX + squaresY + last * last;
    this.chunk = combine(this.chunk, blockMoments(n, shift, sum, squares, this.max));
  }
}

/** 1 for each key of the window [base, base + length) whose draws are gathered. */
function flags(gather: Gathering, base: number, length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (!gather.keys || gather.keys.has(base + i) ? 1 : 0));
}
