/** Beta(alpha, beta), scaled from [0, 1] to [min, max]. */
import { above, finite, ordered, short } from './check.js';
import { inversionTableFor, type InversionTable, type Shape } from './inversion.js';
import { betaInverse, betaPdf, incompleteBeta, lnBeta } from './special.js';
import { ParamError, type DistSpec, type Distribution } from './types.js';

function betaShape(a: number, b: number): Shape {
  const lnB = lnBeta(a, b);
  const { quantile, upperQuantile } = betaInverse(a, b, lnB);
  return {
    quantile,
    upperQuantile,
    cdf: (x) => incompleteBeta(x, a, b, lnB),
    pdf: (x) => betaPdf(x, a, b, lnB),
    dlogpdf: (x) => (a - 1) / x - (b - 1) / (1 - x),
  };
}

/** The beta table for (a, b), shared with PERT. */
export function betaTable(a: number, b: number): InversionTable {
  return inversionTableFor(`beta ${a} ${b}`, () => betaShape(a, b));
}

/** A Beta(a, b) on [min, max]; PERT is one too. */
export function scaledBeta(
  spec: DistSpec,
  a: number,
  b: number,
  min: number,
  max: number,
  mean: number,
  describe: (fmt: (x: number) => string) => string,
): Distribution {
  const width = max - min;
  const lnB = lnBeta(a, b);
  const inverse = betaInverse(a, b, lnB);
  const table = betaTable(a, b);
  return {
    spec,
    support: [min, max],
    discrete: false,
    mean,
    quantile: (p) => (p >= 1 ? max : min + width * inverse.quantile(p)),
    cdf: (x) => incompleteBeta((x - min) / width, a, b, lnB),
    fill: (u, out, n) => table.fill(u, out, n, min, width),
    describe,
  };
}

/** The largest alpha or beta the tables serve in well under a second. */
export const MAX_BETA_SHAPE = 1e4;

export function beta(spec: Extract<DistSpec, { dist: 'beta' }>): Distribution {
  finite(spec, ['alpha', 'beta'], ['min', 'max']);
  const { alpha, beta: b } = spec;
  above('alpha', alpha, 0);
  above('beta', b, 0);
  for (const [name, value] of [['alpha', alpha], ['beta', b]] as const) {
    // The inversion table's incomplete-beta evaluations slow with the shape: 0.2 s to build
    // at 1e4, 5.6 s at 1e5 (measured); past 1e4 the beta is as narrow as a normal anyway.
    if (value > MAX_BETA_SHAPE) {
      throw new ParamError(name, `${name} (${value}) must be at most ${MAX_BETA_SHAPE.toLocaleString('en-US')}; a beta that narrow is a normal: use {dist: normal, mean, sd, min, max}`);
    }
  }
  const min = spec.min ?? 0;
  const max = spec.max ?? 1;
  ordered('min', min, 'max', max, spec.max === undefined ? 'min' : 'max');
  const scaled = spec.min !== undefined || spec.max !== undefined;
  return scaledBeta(spec, alpha, b, min, max, min + ((max - min) * alpha) / (alpha + b), (fmt) =>
    `beta, alpha ${short(alpha)}, beta ${short(b)}` + (scaled ? `, from ${fmt(min)} to ${fmt(max)}` : ''),
  );
}
