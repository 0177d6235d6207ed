/** One of a list of values, with given weights (equal if none). */
import { short } from './check.js';
import { ParamError, type DistSpec, type Distribution } from './types.js';
import { requireArena } from '../kernel/arena.js';

export function discrete(spec: Extract<DistSpec, { dist: 'discrete' }>): Distribution {
  const { values, weights } = spec;
  if (!Array.isArray(values) || values.length === 0) throw new ParamError('values', 'values must list at least one number');
  values.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new ParamError(`values.${i}`, `values must be finite numbers, not ${String(v)}`);
  });
  if (weights !== undefined) {
    if (!Array.isArray(weights) || weights.length !== values.length) {
      const count = Array.isArray(weights) ? weights.length : 0;
      throw new ParamError('weights', `weights must have one entry per value: ${values.length} values but ${count} weights`);
    }
    weights.forEach((w, i) => {
      if (typeof w !== 'number' || !Number.isFinite(w)) throw new ParamError(`weights.${i}`, `weights must be finite numbers, not ${String(w)}`);
      if (w < 0) throw new ParamError(`weights.${i}`, `weight ${w} (of value ${values[i]}) must not be negative`);
    });
  }
  const total = weights ? weights.reduce((s, w) => s + w, 0) : values.length;
  if (!(total > 0)) throw new ParamError('weights', 'weights must not all be 0');

  // Ascending values, so that inversion couples draws monotonically; repeats merged, zero weights dropped.
  const merged = new Map<number, number>();
  values.forEach((v, i) => merged.set(v, (merged.get(v) ?? 0) + (weights ? weights[i] : 1)));
  const atoms = [...merged].filter(([, w]) => w > 0).sort((x, y) => x[0] - y[0]);
  const xs = Float64Array.from(atoms, ([v]) => v);
  const probs = atoms.map(([, w]) => w / total);
  const cumulative = new Float64Array(xs.length);
  let running = 0;
  atoms.forEach(([, w], j) => (cumulative[j] = (running += w) / total));
  cumulative[xs.length - 1] = 1; // so that every u < 1 finds an atom
  const last = xs.length - 1;

  /** Smallest j with cumulative[j] >= p. */
  const index = (p: number): number => {
    let lo = 0;
    let hi = last;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] >= p) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };

  // Chen & Asau's guide table: bucket b starts the search at the first atom reaching b / buckets.
  const guide = Int32Array.from({ length: 4 * xs.length }, (_, b) => index(b / (4 * xs.length)));

  // For the kernel (up to three values): two thresholds and three values, padded as it documents,
  // placed in this thread's arena on first use.
  let placed: { cumulative: Float64Array; values: Float64Array } | undefined;
  const kernelTables = () =>
    (placed ??= {
      cumulative: requireArena().place(Float64Array.from({ length: 2 }, (_, k) => (k < last ? cumulative[k] : 1))),
      values: requireArena().place(Float64Array.from({ length: 3 }, (_, k) => xs[Math.min(k, last)])),
    });

  return {
    spec,
    support: [xs[0], xs[last]],
    discrete: true,
    mean: atoms.reduce((s, [v], j) => s + v * probs[j], 0),
    quantile: (p) => xs[index(p)],
    cdf(x) {
      let j = -1;
      while (j < last && xs[j + 1] <= x) j++;
      return j < 0 ? 0 : cumulative[j];
    },
    fill(u, out, n) {
      if (last <= 2) {
        const { cumulative: thresholds, values } = kernelTables();
        return requireArena().samplers.fillDiscrete(u, out, n, thresholds, values);
      }
      // More values than the kernel takes: the guide table plus one branch-free step (uniforms
      // make search branches unpredictable), after which the loop rarely runs.
      const cum = cumulative;
      const buckets = guide.length;
      for (let i = 0; i < n; i++) {
        const p = u[i];
        let j = guide[(p * buckets) | 0];
        j += +(cum[j] < p);
        while (cum[j] < p) j++;
        out[i] = xs[j];
      }
    },
    describe(fmt) {
      const equal = probs.every((p) => p === probs[0]);
      if (equal) return xs.length === 1 ? `fixed at ${fmt(xs[0])}` : `one of ${[...xs].map((v) => fmt(v)).join(', ')}, equally likely`;
      return `one of ${atoms.map(([v], j) => `${fmt(v)} (${short(100 * probs[j])}%)`).join(', ')}`;
    },
  };
}
