/** A known value: every draw is the same number. */
import { finite } from './check.js';
import type { DistSpec, Distribution } from './types.js';

export function fixed(spec: Extract<DistSpec, { dist: 'fixed' }>): Distribution {
  finite(spec, ['value']);
  const { value } = spec;
  return {
    spec,
    support: [value, value],
    discrete: true,
    mean: value,
    quantile: () => value,
    cdf: (x) => (x >= value ? 1 : 0),
    fill(_u, out, n) {
      for (let i = 0; i < n; i++) out[i] = value;
    },
    describe: (fmt) => `fixed at ${fmt(value)}`,
  };
}
