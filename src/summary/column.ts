/**
 * One pass over a chunk's output column: histogram counts, min, max and sum together, then the
 * squared deviations. Kept as a plain function over typed arrays so V8 compiles one tight loop.
 */
import type { KeyHistogram } from './histogram.js';
import type { Moments } from './moments.js';


export interface Extremes {
  min: number;
  max: number;
}

/**
 * Sum of (x - mean)^2 with four accumulators: one chain of dependent additions is bound by
 * the adder's latency; four run in parallel. The order is fixed, so results stay reproducible.
 */
function squaredDeviations(values: Float64Array, n: number, mean: number): number {
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const x0 = values[i] - mean;
    const x1 = values[i + 1] - mean;
    const x2 = values[i + 2] - mean;
    const x3 = values[i + 3] - mean;
    a += x0 * x0;
    b += x1 * x1;
    c += x2 * x2;
    d += x3 * x3;
  }
  for (; i < n; i++) {
    const x = values[i] - mean;
    a += x * x;
  }
  return a + b + (c + d);
}

/** Adds values[0, n) to `hist` and `extremes`; returns the chunk's moments. */
export function summarizeColumn(values: Float64Array, n: number, hist: KeyHistogram, extremes: Extremes): Moments {
  const words = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  let { min, max } = extremes;
  let sum = 0;
  const shift = 20 - hist.bits;
  let counts = hist.counts;
  let base = hist.base;
  let len = counts.length;
  for (let i = 0; i < n; i++) {
    const x = values[i];
    sum += x;
    if (x < min) min = x;
    if (x > max) max = x;
    const hi = words[2 * i + 1];
    const at = ((hi ^ ((hi >> 31) | 0x80000000)) >>> shift) - base;
    if (at >= 0 && at < len) counts[at]++;
    else {
      hist.add(values.subarray(i, i + 1), 1);
      counts = hist.counts;
      base = hist.base;
      len = counts.length;
    }
  }
  extremes.min = min;
  extremes.max = max;
  const mean = sum / n;
  return { count: n, mean, m2: squaredDeviations(values, n, mean) };
}
