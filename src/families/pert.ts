/**
 * Beta-PERT: a three-point estimate (min, most likely, max) as a beta with lambda = 4, smoother
 * than a triangle and with less weight in a long tail.
 */
import { finite, modeWithin, ordered } from './check.js';
import { scaledBeta } from './beta.js';
import type { DistSpec, Distribution } from './types.js';

export function pert(spec: Extract<DistSpec, { dist: 'pert' }>): Distribution {
  finite(spec, ['min', 'mode', 'max']);
  const { min, mode, max } = spec;
  ordered('min', min, 'max', max);
  modeWithin(min, mode, max);
  const alpha = 1 + (4 * (mode - min)) / (max - min);
  const beta = 1 + (4 * (max - mode)) / (max - min);
  return scaledBeta(spec, alpha, beta, min, max, (min + 4 * mode + max) / 6, (fmt) =>
    `PERT, min ${fmt(min)}, mode ${fmt(mode)}, max ${fmt(max)}`,
  );
}
