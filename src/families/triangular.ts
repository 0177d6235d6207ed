/** Triangular: density rising linearly from min to mode, falling to max. Closed-form inversion. */
import { finite, modeWithin, ordered } from './check.js';
import type { DistSpec, Distribution } from './types.js';
import { requireArena } from '../kernel/arena.js';

export function triangular(spec: Extract<DistSpec, { dist: 'triangular' }>): Distribution {
  finite(spec, ['min', 'mode', 'max']);
  const { min, mode, max } = spec;
  ordered('min', min, 'max', max);
  modeWithin(min, mode, max);
  const width = max - min;
  const left = width * (mode - min);
  const right = width * (max - mode);
  const atMode = (mode - min) / width;
  const quantile = (p: number) => (p < atMode ? min + Math.sqrt(p * left) : max - Math.sqrt((1 - p) * right));
  return {
    spec,
    support: [min, max],
    discrete: false,
    mean: (min + mode + max) / 3,
    quantile,
    cdf: (x) =>
      x <= min ? 0 : x >= max ? 1 : x <= mode ? ((x - min) * (x - min)) / left : 1 - ((max - x) * (max - x)) / right,
    fill: (u, out, n) => requireArena().samplers.fillTriangular(u, out, n, min, max, atMode, left, right),
    describe: (fmt) => `triangular, min ${fmt(min)}, mode ${fmt(mode)}, max ${fmt(max)}`,
  };
}
