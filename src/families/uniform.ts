/** Every value between min and max equally likely. */
import { finite, ordered } from './check.js';
import type { DistSpec, Distribution } from './types.js';
import { requireArena } from '../kernel/arena.js';

export function uniform(spec: Extract<DistSpec, { dist: 'uniform' }>): Distribution {
  finite(spec, ['min', 'max']);
  const { min, max } = spec;
  ordered('min', min, 'max', max);
  const width = max - min;
  return {
    spec,
    support: [min, max],
    discrete: false,
    mean: min + width / 2,
    quantile: (p) => (p >= 1 ? max : min + width * p),
    cdf: (x) => (x <= min ? 0 : x >= max ? 1 : (x - min) / width),
    fill: (u, out, n) => requireArena().samplers.fillUniform(u, out, n, min, width),
    describe: (fmt) => `uniform from ${fmt(min)} to ${fmt(max)}`,
  };
}
