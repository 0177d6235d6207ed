/**
 * The distribution families, one module each, and the one constructor the rest of the program
 * uses. Building checks every parameter once and throws ParamError naming the offending one.
 */
import { beta } from './beta.js';
import { discrete } from './discrete.js';
import { fixed } from './fixed.js';
import { lognormal } from './lognormal.js';
import { loguniform } from './loguniform.js';
import { normal } from './normal.js';
import { pert } from './pert.js';
import { triangular } from './triangular.js';
import { ParamError, type DistSpec, type Distribution } from './types.js';
import { uniform } from './uniform.js';

export { ParamError } from './types.js';
export type { DistSpec, Distribution, Family } from './types.js';

export function makeDistribution(spec: DistSpec): Distribution {
  switch (spec.dist) {
    case 'fixed':
      return fixed(spec);
    case 'uniform':
      return uniform(spec);
    case 'loguniform':
      return loguniform(spec);
    case 'normal':
      return normal(spec);
    case 'lognormal':
      return lognormal(spec);
    case 'triangular':
      return triangular(spec);
    case 'pert':
      return pert(spec);
    case 'beta':
      return beta(spec);
    case 'discrete':
      return discrete(spec);
    default:
      throw new ParamError('dist', `unknown distribution '${(spec as { dist: unknown }).dist}'`);
  }
}
