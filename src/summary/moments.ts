/**
 * Mean and variance that do not depend on how draws were split over threads: each chunk
 * gets its own (count, mean, M2), and chunks are combined in chunk order with the pairwise
 * update of Chan, Golub & LeVeque (1979), which is also better conditioned than a running sum.
 */

export interface Moments {
  count: number;
  mean: number;
  /** Sum of squared deviations from the mean. */
  m2: number;
}

/** Moments of values[0, n), two passes over the chunk. */
export function chunkMoments(values: Float64Array, n: number): Moments {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = sum / n;
  // An infinite draw makes the mean infinite and the spread unbounded (not ∞ - ∞ = NaN).
  if (mean === Infinity) return { count: n, mean, m2: Infinity };
  let m2 = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - mean;
    m2 += d * d;
  }
  return { count: n, mean, m2 };
}

export function combine(a: Moments, b: Moments): Moments {
  if (a.count === 0) return b;
  if (b.count === 0) return a;
  const count = a.count + b.count;
  if (a.mean === Infinity || b.mean === Infinity) return { count, mean: Infinity, m2: Infinity };
  const delta = b.mean - a.mean;
  return {
    count,
    mean: a.mean + (delta * b.count) / count,
    m2: a.m2 + b.m2 + ((delta * delta * a.count) / count) * b.count,
  };
}

/** Sample standard deviation (n - 1 in the denominator). */
export function standardDeviation(m: Moments): number {
  return m.count > 1 ? Math.sqrt(m.m2 / (m.count - 1)) : 0;
}
