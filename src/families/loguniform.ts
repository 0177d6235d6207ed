/** Uniform in the logarithm: every factor of 10 between min and max equally likely. */
import { above, finite, ordered } from './check.js';
import { inversionTableFor, type Shape } from './inversion.js';
import type { DistSpec, Distribution } from './types.js';

/**
 * exp((u - 1/2) L) on [e^-L/2, e^L/2], scaled by the geometric midpoint: one table for every
 * loguniform with the same max/min, and no overflow when max/min is beyond a double.
 */
function logUniformShape(L: number): Shape {
  const top = Math.exp(L / 2);
  return {
    quantile: (u) => Math.exp((u - 0.5) * L),
    upperQuantile: (v) => Math.exp((0.5 - v) * L),
    cdf: (x) => (x <= 0 ? 0 : Math.min(1, Math.max(0, Math.log(x) / L + 0.5))),
    pdf: (x) => (x < 1 / top || x > top ? 0 : 1 / (x * L)),
    dlogpdf: (x) => -1 / x,
  };
}

export function loguniform(spec: Extract<DistSpec, { dist: 'loguniform' }>): Distribution {
  finite(spec, ['min', 'max']);
  const { min, max } = spec;
  above('min', min, 0, ': a loguniform is positive');
  ordered('min', min, 'max', max);
  // From ratio and product, so that a spec scaled by c gets the same shape and c times the draws.
  const ln = (ratio: number, hi: number, lo: number) => (Number.isFinite(ratio) ? Math.log(ratio) : Math.log(hi) - Math.log(lo));
  const L = ln(max / min, max, min);
  const mid = Math.sqrt(min) * Math.sqrt(max);
  const table = inversionTableFor(`loguniform ${L}`, () => logUniformShape(L));
  return {
    spec,
    support: [min, max],
    discrete: false,
    mean: (max - min) / L,
    quantile: (p) => (p <= 0 ? min : p >= 1 ? max : mid * Math.exp((p - 0.5) * L)),
    cdf: (x) => (x <= min ? 0 : x >= max ? 1 : ln(x / min, x, min) / L),
    fill: (u, out, n) => table.fill(u, out, n, 0, mid),
    describe: (fmt) => `log-uniform from ${fmt(min)} to ${fmt(max)}`,
  };
}
