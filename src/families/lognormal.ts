/**
 * Lognormal, from its 5th and 95th percentiles (the way people state a range they are 90% sure
 * of) or from its median and geometric standard deviation.
 */
import { above, finite, ordered, short } from './check.js';
import { inversionTableFor, type Shape } from './inversion.js';
import { normalCdf, normalPdf, normalQuantile, Z95 } from './special.js';
import type { DistSpec, Distribution } from './types.js';

/** exp(sigma Z), median 1: one table per sigma, scaled by the median. */
function lognormalShape(sigma: number): Shape {
  return {
    quantile: (u) => Math.exp(sigma * normalQuantile(u)),
    upperQuantile: (v) => Math.exp(-sigma * normalQuantile(v)),
    cdf: (x) => (x <= 0 ? 0 : normalCdf(Math.log(x) / sigma)),
    pdf: (x) => (x <= 0 ? 0 : normalPdf(Math.log(x) / sigma) / (sigma * x)),
    dlogpdf: (x) => -(1 + Math.log(x) / (sigma * sigma)) / x,
  };
}

export function lognormal(spec: Extract<DistSpec, { dist: 'lognormal' }>): Distribution {
  let median: number;
  let sigma: number;
  if ('median' in spec) {
    finite(spec, ['median', 'gsd']);
    above('median', spec.median, 0, ': a lognormal is positive');
    above('gsd', spec.gsd, 1, ' (the geometric standard deviation: the factor one sd spans)');
    median = spec.median;
    sigma = Math.log(spec.gsd);
  } else {
    finite(spec, ['p5', 'p95']);
    above('p5', spec.p5, 0, ': a lognormal is positive');
    ordered('p5', spec.p5, 'p95', spec.p95);
    // mu = (ln p5 + ln p95) / 2; ratio and product keep a spec scaled by c exactly c times larger.
    median = Math.sqrt(spec.p5) * Math.sqrt(spec.p95);
    sigma = Math.log(spec.p95 / spec.p5) / (2 * Z95);
  }
  const table = inversionTableFor(`lognormal ${sigma}`, () => lognormalShape(sigma));
  const quantile = (p: number) => median * Math.exp(sigma * normalQuantile(p));
  return {
    spec,
    support: [0, Infinity],
    discrete: false,
    mean: median * Math.exp((sigma * sigma) / 2),
    quantile,
    cdf: (x) => (x <= 0 ? 0 : normalCdf(Math.log(x / median) / sigma)),
    fill: (u, out, n) => table.fill(u, out, n, 0, median),
    describe(fmt) {
      const range = `${fmt(quantile(0.05))} to ${fmt(quantile(0.95))}`;
      return 'median' in spec
        ? `lognormal, median ${fmt(median)}, gsd ${short(spec.gsd)} (90% in ${range})`
        : `lognormal, 90% in ${fmt(spec.p5)} to ${fmt(spec.p95)} (median ${fmt(median)})`;
    },
  };
}
