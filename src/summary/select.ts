/**
 * Selection instead of sorting: O(n) expected per order statistic, what exact percentiles
 * (src/summary/percentiles.ts) use within the few histogram bins that hold them, and type-7
 * percentiles of a whole column (the sensitivity analyses' medians).
 */
import { interpolate, type7Ranks } from './percentiles.js';

/**
 * Floyd-Rivest selection (CACM 1975, Algorithm 489): rearranges a[left..right] so that a[k]
 * is the value it would hold sorted, with nothing larger before it and nothing smaller after.
 */
export function selectInPlace(a: Float64Array, k: number, left = 0, right = a.length - 1): void {
  while (right > left) {
    if (right - left > 600) {
      // Recurse on a sample around k to pick pivots that bracket it tightly.
      const n = right - left + 1;
      const m = k - left + 1;
      const z = Math.log(n);
      const s = 0.5 * Math.exp((2 * z) / 3);
      const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * (m - n / 2 < 0 ? -1 : 1);
      const newLeft = Math.max(left, Math.floor(k - (m * s) / n + sd));
      const newRight = Math.min(right, Math.floor(k + ((n - m) * s) / n + sd));
      selectInPlace(a, k, newLeft, newRight);
    }
    const t = a[k];
    let i = left;
    let j = right;
    swap(a, left, k);
    if (a[right] > t) swap(a, left, right);
    while (i < j) {
      swap(a, i, j);
      i++;
      j--;
      while (a[i] < t) i++;
      while (a[j] > t) j--;
    }
    if (a[left] === t) swap(a, left, j);
    else {
      j++;
      swap(a, j, right);
    }
    if (j <= k) left = j + 1;
    if (k <= j) right = j - 1;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/** The smallest of a[from..to]. */
function minimum(a: Float64Array, from: number, to: number): number {
  let m = a[from];
  for (let i = from + 1; i <= to; i++) if (a[i] < m) m = a[i];
  return m;
}

/**
 * Type-7 percentiles of `values` at `ps` (fractions), using `scratch` (at least as long) as
 * working space; `values` is left as it was. Equal to percentileOfSorted on the sorted values.
 */
export function selectPercentiles(values: Float64Array, ps: readonly number[], scratch: Float64Array): number[] {
  const a = scratch.length === values.length ? scratch : scratch.subarray(0, values.length);
  a.set(values);
  return selectPercentilesInPlace(a, ps);
}

/** As selectPercentiles, reordering `a` itself. */
export function selectPercentilesInPlace(a: Float64Array, ps: readonly number[]): number[] {
  const n = a.length;
  const order = ps.map((p, i) => ({ i, ...type7Ranks(n, p) })).sort((x, y) => x.lo - y.lo);
  const out = new Array<number>(ps.length);
  // Ranks ascending: each selection leaves a[..lo] no larger than a[lo], so the next one searches only to its right.
  let left = 0;
  for (const { i, lo, hi, frac } of order) {
    selectInPlace(a, lo, left, n - 1);
    left = lo;
    const low = a[lo];
    const high = hi === lo ? low : minimum(a, lo + 1, n - 1);
    out[i] = interpolate(low, high, frac);
  }
  return out;
}
