/** Normal, optionally truncated to [min, max] on either side. */
import { finite, ordered } from './check.js';
import { inversionTableFor, type Shape } from './inversion.js';
import { normalCdf, normalPdf, normalQuantile } from './special.js';
import { ParamError, type DistSpec, type Distribution } from './types.js';

/** Truncation windows holding less probability than this are refused: nothing would be drawn. */
const MIN_MASS = 1e-12;

const standardNormal: Shape = {
  quantile: normalQuantile,
  upperQuantile: (v) => -normalQuantile(v),
  cdf: normalCdf,
  pdf: normalPdf,
  dlogpdf: (x) => -x,
};

/**
 * The standard normal cut to [a, b]. Probabilities are kept as distances from the nearer end of
 * the whole normal (Phi(z) below 0, Phi(-z) above), so windows far out in a tail stay accurate.
 */
function truncatedShape(a: number, b: number): Shape & { mass: number } {
  const below = normalCdf(a); // P(Z < a)
  const beyond = normalCdf(-b); // P(Z > b)
  const toB = normalCdf(b); // P(Z < b)
  const fromA = normalCdf(-a); // P(Z > a)
  const mass = a > 0 ? fromA - beyond : b < 0 ? toB - below : 1 - below - beyond;
  // z with P(a < Z < z) = p and P(z < Z < b) = q = 1 - p, each sum taken from its nearer end.
  const between = (p: number, q: number): number => {
    const low = p <= q ? below + p * mass : toB - q * mass;
    if (low <= 0.5) return Math.max(a, normalQuantile(low));
    return Math.min(b, -normalQuantile(q <= p ? beyond + q * mass : fromA - p * mass));
  };
  return {
    mass,
    quantile: (p) => (p <= 0 ? a : p >= 1 ? b : between(p, 1 - p)),
    upperQuantile: (v) => between(1 - v, v),
    cdf: (z) => (z <= a ? 0 : z >= b ? 1 : z <= 0 ? (normalCdf(z) - below) / mass : 1 - (normalCdf(-z) - beyond) / mass),
    pdf: (z) => (z < a || z > b ? 0 : normalPdf(z) / mass),
    dlogpdf: (z) => -z,
  };
}

export function normal(spec: Extract<DistSpec, { dist: 'normal' }>): Distribution {
  finite(spec, ['mean', 'sd'], ['min', 'max']);
  const { mean, sd } = spec;
  if (!(sd > 0)) throw new ParamError('sd', `sd (${sd}) must be greater than 0`);
  const min = spec.min ?? -Infinity;
  const max = spec.max ?? Infinity;
  if (spec.min !== undefined && spec.max !== undefined) ordered('min', min, 'max', max);
  const truncated = spec.min !== undefined || spec.max !== undefined;
  const words = (fmt: (x: number) => string) => `normal, mean ${fmt(mean)}, sd ${fmt(sd)}`;

  if (!truncated) {
    const table = inversionTableFor('normal', () => standardNormal);
    return {
      spec,
      support: [-Infinity, Infinity],
      discrete: false,
      mean,
      quantile: (p) => mean + sd * normalQuantile(p),
      cdf: (x) => normalCdf((x - mean) / sd),
      fill: (u, out, n) => table.fill(u, out, n, mean, sd),
      describe: words,
    };
  }

  const a = (min - mean) / sd;
  const b = (max - mean) / sd;
  const shape = truncatedShape(a, b);
  if (!(shape.mass >= MIN_MASS)) {
    const held = `(probability ${shape.mass.toPrecision(2)}, below ${MIN_MASS})`;
    if (normalCdf(-a) < MIN_MASS) {
      throw new ParamError('min', `min (${min}) is so far above the mean that almost nothing of the normal is left ${held}`);
    }
    if (normalCdf(b) < MIN_MASS) {
      throw new ParamError('max', `max (${max}) is so far below the mean that almost nothing of the normal is left ${held}`);
    }
    throw new ParamError('max', `max (${max}) is so close to min (${min}) that almost nothing of the normal is left ${held}`);
  }
  const table = inversionTableFor(`normal ${a} ${b}`, () => shape);
  return {
    spec,
    support: [min, max],
    discrete: false,
    mean: mean + (sd * (normalPdf(a) - normalPdf(b))) / shape.mass,
    quantile: (p) => {
      const x = mean + sd * shape.quantile(p);
      return x < min ? min : x > max ? max : x;
    },
    cdf: (x) => shape.cdf((x - mean) / sd),
    // mean + sd * z can round past a bound that z itself respects: the table clamps.
    fill: (u, out, n) => table.fill(u, out, n, mean, sd, min, max),
    describe: (fmt) =>
      words(fmt) +
      (spec.max === undefined
        ? `, truncated below ${fmt(min)}`
        : spec.min === undefined
          ? `, truncated above ${fmt(max)}`
          : `, truncated to ${fmt(min)} to ${fmt(max)}`),
  };
}
