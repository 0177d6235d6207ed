/**
 * Distribution specs as users write them, and the sampler every family builds from one.
 * A distribution here is its quantile function: samplers turn uniform columns into draws
 * by inversion, so independent, stratified (Latin hypercube), quasi-random or rank-reordered
 * uniforms all go through the same code, and two specs fed the same uniforms are coupled
 * monotonically (what comparisons and attributions rely on).
 */

export type DistSpec =
  | { dist: 'fixed'; value: number }
  | { dist: 'uniform'; min: number; max: number }
  | { dist: 'loguniform'; min: number; max: number }
  | { dist: 'normal'; mean: number; sd: number; min?: number; max?: number }
  | { dist: 'lognormal'; p5: number; p95: number }
  | { dist: 'lognormal'; median: number; gsd: number }
  | { dist: 'triangular'; min: number; mode: number; max: number }
  | { dist: 'pert'; min: number; mode: number; max: number }
  | { dist: 'beta'; alpha: number; beta: number; min?: number; max?: number }
  | { dist: 'discrete'; values: number[]; weights?: number[] };

export type Family = DistSpec['dist'];

/** One accepted set of parameters of a family; lognormal has two. */
export interface ParamSet {
  readonly required: readonly string[];
  readonly optional?: readonly string[];
}

/**
 * The parameters each family takes: the one list the validator, the JSON Schema and the
 * docs are built from. `values` and `weights` are arrays of numbers, every other parameter a number.
 */
export const FAMILIES: Readonly<Record<Family, readonly ParamSet[]>> = {
  fixed: [{ required: ['value'] }],
  uniform: [{ required: ['min', 'max'] }],
  loguniform: [{ required: ['min', 'max'] }],
  normal: [{ required: ['mean', 'sd'], optional: ['min', 'max'] }],
  lognormal: [{ required: ['p5', 'p95'] }, { required: ['median', 'gsd'] }],
  triangular: [{ required: ['min', 'mode', 'max'] }],
  pert: [{ required: ['min', 'mode', 'max'] }],
  beta: [{ required: ['alpha', 'beta'], optional: ['min', 'max'] }],
  discrete: [{ required: ['values'], optional: ['weights'] }],
};

export const ARRAY_PARAMS: readonly string[] = ['values', 'weights'];

/**
 * A parameter that breaks its family's rules. Thrown when a distribution is built, once,
 * never per draw; `param` names the offending field so the loader can point at it.
 */
export class ParamError extends RangeError {
  constructor(
    readonly param: string,
    message: string,
  ) {
    super(message);
    this.name = 'ParamError';
  }
}

export interface Distribution {
  readonly spec: DistSpec;
  /** Smallest and largest values a draw can take (may be infinite). */
  readonly support: readonly [number, number];
  readonly discrete: boolean;
  readonly mean: number;
  /** Exact inverse CDF (to double precision or the stated tolerance), p in [0, 1]. */
  quantile(p: number): number;
  /** P(X <= x). */
  cdf(x: number): number;
  /**
   * Draws by inversion: out[i] = quantile(u[i]) for i < n, with every u[i] in (0, 1).
   * The hot path: no checks, no allocation.
   */
  fill(u: Float64Array, out: Float64Array, n: number): void;
  /** The distribution in words, numbers formatted by `fmt`: "lognormal, 90% in 5B to 50B". */
  describe(fmt: (x: number) => string): string;
}
