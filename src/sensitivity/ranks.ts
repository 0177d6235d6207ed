/**
 * Spearman rank correlation and @RISK's contribution to variance. Ties take the average of the
 * ranks they span (midranks), the definition simple-statistics' sampleRankCorrelation uses, so
 * a discrete assumption (frames_per_second) gets a well-defined coefficient.
 */

const SIGN = 0x80000000;
/** Radix digits of 11 bits: three passes, and counters that stay in the L1 cache. */
const DIGIT_BITS = 11;
const DIGIT_MASK = (1 << DIGIT_BITS) - 1;

/**
 * Each column's ranks (midranks: ties take the average of the ranks they span), centred and
 * scaled to unit length, so that the Spearman coefficient of two columns is their dot product.
 * A constant column becomes all zeros: it correlates with nothing.
 *
 * Rows are put in order by a radix sort on the high 32 bits of an order-preserving image of
 * each double, then insertion sort inside runs of equal high words (short for continuous
 * draws, already in order for ties): for 2^17 rows 8x faster than sorting a copy natively and
 * ranking by binary search. Each loop is a small function of its own: a run ranks some forty
 * columns once per process, and V8 compiles small functions quickly where one large one was
 * compiled again for each of its loops (50 ms, more than the ranking itself).
 */
export function standardizedRanksOf(columns: readonly Float64Array[], n: number): Float64Array[] {
  return ranksOf(columns, n, true);
}

function ranksOf(columns: readonly Float64Array[], n: number, standardize: boolean): Float64Array[] {
  const high = new Uint32Array(n);
  const order = new Uint32Array(n);
  const next = new Uint32Array(n);
  const counts = new Uint32Array(1 << DIGIT_BITS);
  return columns.map((values) => {
    orderImage(new Uint32Array(values.buffer, values.byteOffset, 2 * n), high, order, n);
    // Three passes: the order ends in `next`.
    radixPass(high, order, next, counts, 0, n);
    radixPass(high, next, order, counts, DIGIT_BITS, n);
    radixPass(high, order, next, counts, 2 * DIGIT_BITS, n);
    sortRuns(values, high, next, n);
    const r = new Float64Array(n);
    const ss = assignRanks(values, next, r, n, standardize ? (n + 1) / 2 : 0);
    if (standardize) scale(r, n, ss > 0 ? 1 / Math.sqrt(ss) : 0);
    return r;
  });
}

/** Flip negatives wholly and positives' sign bit: unsigned order of the image is numeric order. */
function orderImage(words: Uint32Array, high: Uint32Array, order: Uint32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const h = words[2 * i + 1];
    high[i] = h & SIGN ? ~h >>> 0 : (h | SIGN) >>> 0;
    order[i] = i;
  }
}

/** One stable counting pass on the digit at `shift`, from `order` into `next`. */
function radixPass(high: Uint32Array, order: Uint32Array, next: Uint32Array, counts: Uint32Array, shift: number, n: number): void {
  counts.fill(0);
  for (let i = 0; i < n; i++) counts[(high[i] >>> shift) & DIGIT_MASK]++;
  let sum = 0;
  for (let d = 0; d < counts.length; d++) {
    const c = counts[d];
    counts[d] = sum;
    sum += c;
  }
  for (let k = 0; k < n; k++) {
    const i = order[k];
    next[counts[(high[i] >>> shift) & DIGIT_MASK]++] = i;
  }
}

/** Insertion sort by the whole value inside each run of equal high words. */
function sortRuns(values: Float64Array, high: Uint32Array, order: Uint32Array, n: number): void {
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && high[order[end]] === high[order[start]]) end++;
    for (let k = start + 1; k < end; k++) {
      const i = order[k];
      const x = values[i];
      let j = k - 1;
      while (j >= start && values[order[j]] > x) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = i;
    }
    start = end;
  }
}

/** Midranks less `centre`, in row order; returns their sum of squares. */
function assignRanks(values: Float64Array, order: Uint32Array, r: Float64Array, n: number, centre: number): number {
  let ss = 0;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    const x = values[order[start]];
    while (end < n && values[order[end]] === x) end++;
    const rank = (start + end + 1) / 2 - centre;
    ss += (end - start) * rank * rank;
    for (let k = start; k < end; k++) r[order[k]] = rank;
    start = end;
  }
  return ss;
}

function scale(r: Float64Array, n: number, by: number): void {
  for (let i = 0; i < n; i++) r[i] *= by;
}

/** standardizedRanksOf for one column. */
export function standardizedRanks(values: Float64Array, n: number = values.length): Float64Array {
  return ranksOf([values], n, true)[0];
}

/** Midranks (1-based) of rows [0, n) of `values`, in row order: what the coefficients are made of. */
export function midranks(values: Float64Array, n: number = values.length): Float64Array {
  return ranksOf([values], n, false)[0];
}

export function dot(a: Float64Array, b: Float64Array, n: number = a.length): number {
  let s0 = 0;
  let s1 = 0;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    s0 += a[i] * b[i];
    s1 += a[i + 1] * b[i + 1];
  }
  if (i < n) s0 += a[i] * b[i];
  return s0 + s1;
}

/** Spearman's rho of two columns over rows [0, n). */
export function spearman(x: Float64Array, y: Float64Array, n: number = x.length): number {
  return dot(standardizedRanks(x, n), standardizedRanks(y, n), n);
}

/**
 * Contribution to variance as @RISK and Crystal Ball compute it: each coefficient squared,
 * divided by the sum of the squares, so the shares add up to 1 (all 0 when every rho is 0).
 */
export function contributions(rhos: readonly number[]): number[] {
  const total = rhos.reduce((s, r) => s + r * r, 0);
  return rhos.map((r) => (total > 0 ? (r * r) / total : 0));
}
