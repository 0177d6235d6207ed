/** One of a list of values, with given weights (equal if none). */
import { short } from './check.js';
import { ParamError, type DistSpec, type Distribution } from './types.js';
import { kernelArena, type Arena } from '../kernel/arena.js';

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

  // For the kernel (up to three atoms): two thresholds and three values, padded as it documents,
  // placed in this thread's arena on first use.
  let placed: { cumulative: Float64Array; values: Float64Array } | null | undefined;
  const kernelTables = (arena: Arena) => {
    if (placed !== undefined) return placed;
    const thresholds = last <= 2 ? arena.f64(2) : null;
    const atomValues = last <= 2 ? arena.f64(3) : null;
    if (!thresholds || !atomValues) return (placed = null);
    for (let k = 0; k < 2; k++) thresholds[k] = k < last ? cumulative[k] : 1;
    for (let k = 0; k < 3; k++) atomValues[k] = xs[Math.min(k, last)];
    return (placed = { cumulative: thresholds, values: atomValues });
  };

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
      const arena = kernelArena();
      const tables = arena?.holds(u, out, n) ? kernelTables(arena) : null;
      if (arena && tables) return arena.samplers.fillDiscrete(u.byteOffset, out.byteOffset, n, tables.cumulative.byteOffset, tables.values.byteOffset);
      const cum = cumulative;
      const values = xs;
      const top = last;
      // Uniforms make search branches unpredictable, so: branch-free counting for up to 3 values,
      // else the guide table plus one branch-free step, after which the loop rarely runs.
      if (top < 3) {
        for (let i = 0; i < n; i++) {
          const p = u[i];
          let j = 0;
          for (let k = 0; k < top; k++) j += +(p > cum[k]);
          out[i] = values[j];
        }
      } else {
        const starts = guide;
        const buckets = starts.length;
        for (let i = 0; i < n; i++) {
          const p = u[i];
          let j = starts[(p * buckets) | 0];
          j += +(cum[j] < p);
          while (cum[j] < p) j++;
          out[i] = values[j];
        }
      }
    },
    describe(fmt) {
      const equal = probs.every((p) => p === probs[0]);
      if (equal) return xs.length === 1 ? `fixed at ${fmt(xs[0])}` : `one of ${[...xs].map((v) => fmt(v)).join(', ')}, equally likely`;
      return `one of ${atoms.map(([v], j) => `${fmt(v)} (${short(100 * probs[j])}%)`).join(', ')}`;
    },
  };
}
