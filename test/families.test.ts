import { describe, expect, it, vi } from 'vitest';
import { makeDistribution } from '../src/families/index.js';
import { InversionTable, inversionTables, type RawTable } from '../src/families/inversion.js';
import { normalCdf, normalPdf, normalQuantile, Z95 } from '../src/families/special.js';
import { ParamError, type DistSpec, type Distribution } from '../src/families/types.js';
import { formatNumber } from '../src/format.js';
import { fillUniforms } from '../src/random/streams.js';
import { kernelArena, type PlacedInversion } from '../src/kernel/arena.js';
import { discreteOracle, inversionOracle, triangularOracle, uniformOracle } from './oracles/samplers.js';
import { modelBlock } from '../src/model/model.js';

const EPS = Number.EPSILON;

/** One spec of every family and variant: what the sampling and accuracy tests run through. */
const CONTINUOUS: Record<string, DistSpec> = {
  uniform: { dist: 'uniform', min: 0.3, max: 0.6 },
  loguniform: { dist: 'loguniform', min: 1, max: 1000 },
  normal: { dist: 'normal', mean: 1, sd: 0.2 },
  'normal truncated below': { dist: 'normal', mean: 1, sd: 0.8, min: 0 },
  'normal truncated above': { dist: 'normal', mean: 1, sd: 0.8, max: 1.5 },
  'normal truncated both sides': { dist: 'normal', mean: 0, sd: 1, min: -0.5, max: 2 },
  'normal truncated far in its tail': { dist: 'normal', mean: 0, sd: 1, min: 5 },
  'lognormal p5/p95': { dist: 'lognormal', p5: 5e9, p95: 50e9 },
  'lognormal median/gsd': { dist: 'lognormal', median: 250, gsd: 3 },
  triangular: { dist: 'triangular', min: 1, mode: 2, max: 5 },
  'triangular, mode at min': { dist: 'triangular', min: 1, mode: 1, max: 5 },
  pert: { dist: 'pert', min: 1, mode: 2, max: 5 },
  'pert, mode at max': { dist: 'pert', min: 0, mode: 10, max: 10 },
  beta: { dist: 'beta', alpha: 2, beta: 3 },
  'beta, U-shaped and scaled': { dist: 'beta', alpha: 0.5, beta: 0.5, min: 10, max: 20 },
  'beta, skewed': { dist: 'beta', alpha: 0.3, beta: 6 },
  'beta, piled up near 0': { dist: 'beta', alpha: 0.05, beta: 100 },
  'loguniform over 600 decades': { dist: 'loguniform', min: 1e-300, max: 1e300 },
};

const build = (spec: DistSpec): Distribution => makeDistribution(spec);

/**
 * How far the CDF moves across x's neighbouring doubles (2 ulp either side): a u-error no x can
 * avoid, e.g. where a scaled Beta(1/2, 1/2) climbs steeply from its min, or near a truncation bound.
 */
function rounding(dist: Distribution, x: number): number {
  const step = 2 * EPS * Math.max(Math.abs(x), Number.MIN_VALUE);
  return Math.abs(dist.cdf(x + step) - dist.cdf(x - step));
}

/** Seeded uniforms in (0, 1), as the engine draws them. */
function uniforms(n: number, name = 'test'): Float64Array {
  const u = new Float64Array(n);
  fillUniforms(42, name, 0, u, n);
  return u;
}

function drawn(dist: Distribution, u: Float64Array): Float64Array {
  const out = new Float64Array(u.length);
  dist.fill(u, out, u.length);
  return out;
}

/** A dense grid on (0, 1) plus points crowding towards both ends, down to 1e-12 from them. */
function denseGrid(): Float64Array {
  const points: number[] = [];
  const n = 1 << 17;
  for (let i = 0; i < n; i++) points.push((i + 0.5) / n);
  for (let i = 0; i <= 20000; i++) {
    const tail = 10 ** (-12 + (10.5 * i) / 20000); // 1e-12 .. ~0.3, logarithmically
    points.push(tail, 1 - tail);
  }
  points.push(1e-9, 1 - 1e-9, 2 ** -33, 1 - 2 ** -33);
  return Float64Array.from(points);
}

/**
 * Seeded uniforms, half spread over (0, 1) and half crowded towards its ends, down to 2^-49 from
 * them: the whole of the tables, tails included. (Closer still, fill uses the exact quantile, and
 * the exact Beta(0.05, 100) quantile is itself not monotone where it underflows, below u = 3e-16.)
 */
function randomUniforms(n: number, name: string): Float64Array {
  const r = uniforms(n, name);
  for (let i = 0; i < n; i += 2) {
    const w = 2 * Math.min(r[i], 1 - r[i]);
    const v = Math.max(w ** 4 / 2, 2 ** -49);
    r[i] = r[i] < 0.5 ? v : 1 - v;
  }
  return r;
}

describe('exact quantiles and CDFs against closed forms and known values', () => {
  it('the normal quantile is AS241: quantile(0.975) = 1.959963984540054 to 2 ulp', () => {
    // The correctly rounded value for the double nearest 0.975 (mpmath, 30 digits).
    expect(Math.abs(normalQuantile(0.975) - 1.959963984540054)).toBeLessThanOrEqual(2 * EPS * 2);
    expect(build({ dist: 'normal', mean: 10, sd: 2 }).quantile(0.975)).toBeCloseTo(10 + 2 * 1.959963984540054, 14);
    // The 5% point is the constant that parametrises the lognormal.
    expect(Math.abs(normalQuantile(0.05) + Z95)).toBeLessThanOrEqual(4 * EPS * Z95);
    expect(normalQuantile(1e-300)).toBeCloseTo(-37.04710, 4);
  });

  it('the normal CDF keeps full relative accuracy deep in the lower tail', () => {
    // Reference values from mpmath's ncdf at 30 digits.
    const known: [number, number][] = [
      [-10, 7.619853024160526066e-24],
      [-5, 2.8665157187919391167e-7],
      [-1, 0.15865525393145705141],
      [1, 0.84134474606854294859],
      [2.5, 0.99379033467422386483],
    ];
    for (const [x, p] of known) expect(Math.abs(normalCdf(x) - p) / p).toBeLessThan(1e-14);
  });

  it('beta(2, 3) has the CDF 6x^2 - 8x^3 + 3x^4 and mean 2/5', () => {
    const dist = build({ dist: 'beta', alpha: 2, beta: 3 });
    for (const x of [0.001, 0.1, 0.3, 0.5, 0.77, 0.999]) {
      expect(dist.cdf(x)).toBeCloseTo(6 * x ** 2 - 8 * x ** 3 + 3 * x ** 4, 14);
    }
    expect(dist.cdf(0.3)).toBeCloseTo(0.3483, 14);
    expect(dist.mean).toBeCloseTo(0.4, 15);
  });

  it('beta(1/2, 1/2) is the arcsine law: quantile(p) = sin^2(pi p / 2)', () => {
    const dist = build({ dist: 'beta', alpha: 0.5, beta: 0.5 });
    for (const p of [1e-9, 0.01, 0.2, 0.5, 0.8, 0.99]) {
      expect(Math.abs(dist.quantile(p) - Math.sin((Math.PI * p) / 2) ** 2)).toBeLessThan(1e-15);
    }
  });

  it('the incomplete beta matches mpmath for skewed and large shapes', () => {
    expect(build({ dist: 'beta', alpha: 0.1, beta: 5 }).cdf(1e-5)).toBeCloseTo(0.38685187798145922975, 14);
    expect(build({ dist: 'beta', alpha: 200, beta: 50 }).cdf(0.8)).toBeCloseTo(0.48737623184868108291, 12);
  });

  it('PERT is the lambda-4 beta: mean (min + 4 mode + max) / 6', () => {
    const dist = build({ dist: 'pert', min: 1, mode: 2, max: 5 });
    expect(dist.mean).toBeCloseTo((1 + 4 * 2 + 5) / 6, 15);
    // alpha = 1 + 4 (2-1)/4 = 2, beta = 1 + 4 (5-2)/4 = 4: the beta(2, 4) CDF on [1, 5].
    const beta24 = (x: number) => 1 - (1 - x) ** 5 - 5 * x * (1 - x) ** 4;
    for (const x of [1.2, 2, 3.5, 4.9]) expect(dist.cdf(x)).toBeCloseTo(beta24((x - 1) / 4), 14);
  });

  it.each([
    [1, 2, 5],
    [1, 1, 5],
    [1, 5, 5],
    [-3e9, 1e-9, 7e12],
  ])('triangular(%d, %d, %d): the branch-free fill draws exactly its quantile', (min, mode, max) => {
    const dist = build({ dist: 'triangular', min, mode, max });
    const u = uniforms(50_000, `triangular ${min} ${mode} ${max}`);
    const x = drawn(dist, u);
    for (let i = 0; i < u.length; i++) if (!Object.is(x[i], dist.quantile(u[i]))) expect.fail(`u = ${u[i]}: ${x[i]} vs ${dist.quantile(u[i])}`);
  });

  it('the triangular CDF is (x-min)^2 / ((max-min)(mode-min)) below the mode', () => {
    const dist = build({ dist: 'triangular', min: 1, mode: 2, max: 5 });
    expect(dist.cdf(1.5)).toBeCloseTo(0.25 / 4, 15);
    expect(dist.cdf(3)).toBeCloseTo(1 - 4 / 12, 15);
    expect(dist.quantile(0.25)).toBeCloseTo(2, 15);
    expect(dist.quantile(2 / 3)).toBeCloseTo(3, 14);
    expect(dist.mean).toBeCloseTo(8 / 3, 15);
  });

  it('uniform and loguniform invert in closed form', () => {
    expect(build({ dist: 'uniform', min: 0.3, max: 0.6 }).quantile(0.25)).toBeCloseTo(0.375, 15);
    const logu = build({ dist: 'loguniform', min: 1, max: 100 });
    expect(logu.quantile(0.5)).toBeCloseTo(10, 13);
    expect(logu.cdf(10)).toBeCloseTo(0.5, 15);
    expect(logu.mean).toBeCloseTo(99 / Math.log(100), 13);
  });

  it("the lognormal's p5/p95 parametrisation returns those percentiles", () => {
    const dist = build({ dist: 'lognormal', p5: 5e9, p95: 50e9 });
    expect(Math.abs(dist.quantile(0.05) / 5e9 - 1)).toBeLessThan(1e-12);
    expect(Math.abs(dist.quantile(0.95) / 50e9 - 1)).toBeLessThan(1e-12);
    expect(dist.quantile(0.5)).toBeCloseTo(Math.sqrt(5e9 * 50e9), 3);
  });

  it("the lognormal's median/gsd parametrisation returns its median, and median x gsd one sd up", () => {
    const dist = build({ dist: 'lognormal', median: 250, gsd: 3 });
    expect(Math.abs(dist.quantile(0.5) / 250 - 1)).toBeLessThan(1e-12);
    expect(Math.abs(dist.quantile(normalCdf(1)) / 750 - 1)).toBeLessThan(1e-12);
    expect(Math.abs(dist.quantile(0.95) / (250 * 3 ** Z95) - 1)).toBeLessThan(1e-12);
    expect(dist.mean).toBeCloseTo(250 * Math.exp(Math.log(3) ** 2 / 2), 10);
  });

  it('a normal truncated at its mean is the half-normal', () => {
    const dist = build({ dist: 'normal', mean: 0, sd: 2, min: 0 });
    for (const p of [0.01, 0.3, 0.9, 1 - 1e-9]) {
      expect(dist.quantile(p)).toBeCloseTo(2 * -normalQuantile((1 - p) / 2), 13);
    }
    expect(dist.mean).toBeCloseTo(2 * Math.sqrt(2 / Math.PI), 15);
    expect(dist.support).toEqual([0, Infinity]);
  });

  it('a discrete quantile is the smallest value whose cumulative weight reaches p', () => {
    const dist = build({ dist: 'discrete', values: [2, 1, 3], weights: [0.5, 0.3, 0.2] });
    expect([0, 0.3, 0.30001, 0.8, 0.80001, 1].map((p) => dist.quantile(p))).toEqual([1, 1, 2, 2, 3, 3]);
    expect([0.5, 1, 2.5, 3].map((x) => dist.cdf(x))).toEqual([0, 0.3, 0.8, 1]);
    expect(dist.mean).toBeCloseTo(0.3 + 1 + 0.6, 15);
    expect(dist.support).toEqual([1, 3]);
  });

  it.each(Object.entries(CONTINUOUS))('%s: cdf(quantile(p)) = p on a grid to 1e-12 relative', (_, spec) => {
    const dist = build(spec);
    const ps = [1e-12, 1e-9, 1e-6, 1e-3, 1 - 1e-3, 1 - 1e-6, 1 - 1e-9];
    for (let i = 1; i < 100; i++) ps.push(i / 100);
    for (const p of ps) {
      // Relative to the smaller tail, plus an ulp of 1 (a probability near 1) and the rounding of x.
      const x = dist.quantile(p);
      const tolerance = 1e-12 * Math.min(p, 1 - p) + EPS + rounding(dist, x);
      expect(Math.abs(dist.cdf(x) - p), `p = ${p}`).toBeLessThanOrEqual(tolerance);
    }
  });

  it.each(Object.entries(CONTINUOUS))('%s: quantile(0) and quantile(1) are the ends of the support', (_, spec) => {
    const dist = build(spec);
    expect([dist.quantile(0), dist.quantile(1)]).toEqual(dist.support);
  });
});

describe('draws by fill', () => {
  const n = 20000;
  // One-sample Kolmogorov-Smirnov at alpha = 0.001: sqrt(-ln(alpha/2)/2) / sqrt(n), asymptotic.
  const critical = 1.9495 / Math.sqrt(n);

  it.each(Object.entries(CONTINUOUS))('%s passes a Kolmogorov-Smirnov test against its exact CDF', (name, spec) => {
    const dist = build(spec);
    const x = drawn(dist, uniforms(n, name)).sort();
    let d = 0;
    for (let i = 0; i < n; i++) {
      const f = dist.cdf(x[i]);
      d = Math.max(d, f - i / n, (i + 1) / n - f);
    }
    expect(d).toBeLessThan(critical);
  });

  it.each(Object.entries(CONTINUOUS))('%s: the mean of the draws is within 4 standard errors of the mean', (name, spec) => {
    const dist = build(spec);
    const x = drawn(dist, uniforms(n, name));
    const mean = x.reduce((s, v) => s + v, 0) / n;
    const sd = Math.sqrt(x.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
    expect(Math.abs(mean - dist.mean)).toBeLessThan((4 * sd) / Math.sqrt(n));
  });

  it('discrete draws: each value within 4 binomial sd of n p', () => {
    const values = [1, 2, 5, 10, 20];
    const weights = [1, 3, 0.5, 4, 1.5];
    const total = weights.reduce((s, w) => s + w, 0);
    const dist = build({ dist: 'discrete', values, weights });
    const x = drawn(dist, uniforms(n, 'discrete'));
    values.forEach((v, i) => {
      const p = weights[i] / total;
      const count = x.filter((y) => y === v).length;
      expect(Math.abs(count - n * p)).toBeLessThan(4 * Math.sqrt(n * p * (1 - p)));
    });
    expect(x.every((y) => values.includes(y))).toBe(true);
  });

  it('discrete draws of two values, and of many, agree with the quantile', () => {
    for (const spec of [
      { dist: 'discrete', values: [1, 2], weights: [0.3, 0.7] },
      { dist: 'discrete', values: Array.from({ length: 40 }, (_, i) => i * i), weights: Array.from({ length: 40 }, (_, i) => (i % 7) + 0.5) },
    ] as DistSpec[]) {
      const dist = build(spec);
      const u = uniforms(n, 'discrete quantile');
      const x = drawn(dist, u);
      for (let i = 0; i < n; i++) expect(x[i]).toBe(dist.quantile(u[i]));
    }
  });

  it('a fixed value is drawn every time', () => {
    const x = drawn(build({ dist: 'fixed', value: 20.25e9 }), uniforms(100));
    expect(x.every((v) => v === 20.25e9)).toBe(true);
  });

  /** The largest u-error |F(x) - u| of fill's draws at u, beyond what rounding x allows, and where. */
  function worstUError(spec: DistSpec, u: Float64Array): { worst: number; at: number } {
    const dist = build(spec);
    const x = drawn(dist, u);
    let worst = 0;
    let at = 0;
    for (let i = 0; i < u.length; i++) {
      const e = Math.abs(dist.cdf(x[i]) - u[i]) - rounding(dist, x[i]);
      if (e > worst) [worst, at] = [e, u[i]];
    }
    return { worst, at };
  }

  it.each(Object.entries(CONTINUOUS))('%s: fill keeps the u-error |F(x) - u| below 1e-10 on a dense grid', (_, spec) => {
    const { worst, at } = worstUError(spec, denseGrid());
    expect(worst, `at u = ${at}`).toBeLessThan(1e-10);
  });

  it.each(Object.entries(CONTINUOUS))('%s: draws rise with their uniforms (inversion couples specs monotonically)', (_, spec) => {
    const u = denseGrid().sort();
    const x = drawn(build(spec), u);
    for (let i = 1; i < u.length; i++) if (x[i] < x[i - 1]) expect.fail(`draw falls at u = ${u[i]}`);
  });


  it.each(Object.entries(CONTINUOUS))('%s: the u-error |F(x) - u| stays below 1e-10 at random u', (name, spec) => {
    // Independent of the build's own checks at quarter points: any u, judged by the exact CDF.
    const { worst, at } = worstUError(spec, randomUniforms(200000, `u-error ${name}`));
    expect(worst, `at u = ${at}`).toBeLessThan(1e-10);
  });

  it.each(Object.entries(CONTINUOUS))('%s: draws rise with random uniforms, into the tails too', (name, spec) => {
    const u = randomUniforms(200000, `monotone ${name}`).sort();
    const x = drawn(build(spec), u);
    for (let i = 1; i < u.length; i++) if (x[i] < x[i - 1]) expect.fail(`draw falls at u = ${u[i]}`);
  });

  it("the baseline's shapes get tables that fit in L1, with at most 1/32 of draws in the tails", async () => {
    const specs: DistSpec[] = [
      { dist: 'lognormal', p5: 5e9, p95: 60e9 },
      { dist: 'lognormal', p5: 2, p95: 20 },
      { dist: 'lognormal', p5: 17e6, p95: 70e6 },
      { dist: 'pert', min: 0.05, mode: 0.25, max: 0.5 },
      { dist: 'pert', min: 0.1, mode: 0.3, max: 0.8 },
      { dist: 'normal', mean: 0.43, sd: 0.04, min: 0 },
      { dist: 'loguniform', min: 25, max: 250 },
    ];
    // Fresh modules, so that no table comes from the cache other tests here have filled.
    vi.resetModules();
    const { makeDistribution: fresh } = await import('../src/families/index.js');
    const { inversionTables } = await import('../src/families/inversion.js');
    for (const spec of specs) {
      const before = new Set(inversionTables().keys());
      fresh(spec);
      const added = [...inversionTables()].filter(([key]) => !before.has(key));
      expect(added.length, `a table of its own for ${JSON.stringify(spec)}`).toBe(1);
      const { intervals, bodyShare, bodyBytes } = added[0][1].stats;
      expect(intervals, spec.dist).toBeGreaterThan(0);
      expect(bodyBytes, JSON.stringify(spec)).toBeLessThanOrEqual(32 * 1024);
      expect(bodyShare, JSON.stringify(spec)).toBeGreaterThanOrEqual(1 - 1 / 32);
    }
  });

  it('a table handed to another thread as raw numbers draws exactly the same values', () => {
    const shape = {
      quantile: normalQuantile,
      upperQuantile: (v: number) => -normalQuantile(v),
      cdf: normalCdf,
      pdf: normalPdf,
      dlogpdf: (x: number) => -x,
    };
    const table = InversionTable.build(shape);
    const copy = InversionTable.fromRaw(shape, structuredClone(table.toRaw()) as RawTable);
    const u = randomUniforms(50000, 'raw');
    const a = new Float64Array(u.length);
    const b = new Float64Array(u.length);
    table.fill(u, a, u.length, 1, 2);
    copy.fill(u, b, u.length, 1, 2);
    expect(b).toEqual(a);
  });

  it('a shape whose table cannot meet the tolerance falls back to exact quantiles', () => {
    // A CDF 2e-10 off its own quantile: no interpolation can be checked below 1e-10 against it.
    const table = InversionTable.build({
      quantile: normalQuantile,
      upperQuantile: (v) => -normalQuantile(v),
      cdf: (x) => normalCdf(x) + 2e-10,
      pdf: normalPdf,
    });
    expect(table.stats.intervals).toBe(0);
    const u = uniforms(1000);
    const out = new Float64Array(1000);
    table.fill(u, out, 1000, 3, 2);
    for (let i = 0; i < 1000; i++) expect(out[i]).toBe(3 + 2 * normalQuantile(u[i]));
  });

  it('a lognormal scaled by c draws c times the values on the same uniforms', () => {
    const u = denseGrid();
    const base = drawn(build({ dist: 'lognormal', p5: 5e9, p95: 50e9 }), u);
    for (const c of [1000, 1e-3, 7.3]) {
      const scaled = drawn(build({ dist: 'lognormal', p5: c * 5e9, p95: c * 50e9 }), u);
      let worst = 0;
      for (let i = 0; i < u.length; i++) worst = Math.max(worst, Math.abs(scaled[i] / (c * base[i]) - 1));
      expect(worst, `c = ${c}`).toBeLessThan(1e-14);
    }
  });

  it('scaling holds for the other families too', () => {
    const u = denseGrid();
    const c = 37.5;
    const pairs: [DistSpec, DistSpec][] = [
      [{ dist: 'lognormal', median: 2, gsd: 1.5 }, { dist: 'lognormal', median: 2 * c, gsd: 1.5 }],
      [{ dist: 'uniform', min: 1, max: 3 }, { dist: 'uniform', min: c, max: 3 * c }],
      [{ dist: 'loguniform', min: 1, max: 3 }, { dist: 'loguniform', min: c, max: 3 * c }],
      [{ dist: 'normal', mean: 1, sd: 0.1 }, { dist: 'normal', mean: c, sd: 0.1 * c }],
      [{ dist: 'triangular', min: 1, mode: 2, max: 3 }, { dist: 'triangular', min: c, mode: 2 * c, max: 3 * c }],
      [{ dist: 'pert', min: 1, mode: 2, max: 3 }, { dist: 'pert', min: c, mode: 2 * c, max: 3 * c }],
    ];
    for (const [a, b] of pairs) {
      const x = drawn(build(a), u);
      const y = drawn(build(b), u);
      let worst = 0;
      for (let i = 0; i < u.length; i++) worst = Math.max(worst, Math.abs(y[i] / (c * x[i]) - 1));
      expect(worst, a.dist).toBeLessThan(1e-14);
    }
  });
});

describe('the WebAssembly sampling kernels (assembly/distributions.ts)', () => {
  const DISCRETE: Record<string, DistSpec> = {
    'discrete, one value': { dist: 'discrete', values: [7] },
    'discrete, two values': { dist: 'discrete', values: [4, 8], weights: [0.7, 0.3] },
    'discrete, three values': { dist: 'discrete', values: [16, 24, 30], weights: [0.3, 0.5, 0.2] },
  };
  const kernelOf = (spec: DistSpec) =>
    ({ uniform: 'fillUniform', triangular: 'fillTriangular', discrete: 'fillDiscrete' })[spec.dist as string] ?? 'fillInversion';

  /** The raw table an inversion kernel was handed, found by its placed coefficients. */
  function rawOf(placed: PlacedInversion): RawTable {
    const found = [...inversionTables().values()].map((t) => t.toRaw()).find((raw) => raw.c.length === placed.table.length && raw.c.every((x, i) => Object.is(x, placed.table[i])));
    if (!found) throw new Error('no table with these coefficients');
    return found;
  }

  // Every call of the kernel is checked against its JavaScript oracle (test/oracles/samplers.ts),
  // with the columns in the arena, as the model block's are, and outside it (copied through the
  // staging columns). Every n modulo 4: the kernels work in pairs, the inversion kernel two pairs at a time.
  it.each(Object.entries({ ...CONTINUOUS, ...DISCRETE }))('%s: the kernel draws exactly what its JavaScript oracle draws', (name, spec) => {
    const arena = kernelArena();
    expect(arena, 'dist/kernel/kernels.wasm (npm run build)').not.toBeNull();
    const block = modelBlock();
    const which = kernelOf(spec) as 'fillInversion';
    const original = arena!.samplers[which] as (...args: unknown[]) => void;
    let checked = 0;
    const kernel = vi.spyOn(arena!.samplers, which).mockImplementation(((...args: unknown[]) => {
      original(...args);
      const [u, out, n, ...params] = args as [Float64Array, Float64Array, number, ...number[]];
      const expected = new Float64Array(n).fill(NaN);
      let exact: number[] = [];
      const p = params as never[];
      if (which === ('fillUniform' as string)) uniformOracle(u, expected, n, p[0], p[1]);
      else if (which === ('fillTriangular' as string)) triangularOracle(u, expected, n, p[0], p[1], p[2], p[3], p[4]);
      else if (which === ('fillDiscrete' as string)) discreteOracle(u, expected, n, p[0], p[1]);
      else {
        const raw = rawOf(p[0]);
        exact = inversionOracle(u, expected, n, raw.c, raw.lower, raw.upper, p[1], p[2], p[3], p[4], p[5], p[6], p[7]);
      }
      for (let i = 0; i < n; i++) {
        if (!exact.includes(i) && !Object.is(out[i], expected[i])) expect.fail(`draw ${i} of ${n}: ${out[i]} by the kernel, ${expected[i]} by the oracle`);
      }
      checked++;
    }) as never);
    for (const n of [block.rows, block.rows - 1, block.rows - 2, 3, 1]) {
      const u = block.uniforms[0];
      u.set(randomUniforms(block.rows, `kernel ${name}`));
      const out = block.inputs.sora_params;
      out.fill(NaN);
      const dist = build(spec);
      dist.fill(u, out, n);
      const staged = drawn(dist, u.slice(0, n));
      for (let i = 0; i < n; i++) if (!Object.is(out[i], staged[i])) expect.fail(`draw ${i} of ${n}: ${out[i]} in place, ${staged[i]} staged`);
    }
    expect(kernel).toHaveBeenCalledTimes(10);
    expect(checked).toBe(10);
    kernel.mockRestore();
  });
  it('draws within 2^-50 of 0 or 1, beyond the tables, take the exact quantile in the kernel too', () => {
    const block = modelBlock();
    const u = block.uniforms[0];
    const out = block.inputs.sora_params;
    // Tail draws either side of the floor, and the last doubles below 1 (whose 1 - u is exact).
    const points = [2 ** -60, 3e-16, 2 ** -49, 1e-13, 0.5, 1 - 2 ** -53, 1 - 2 ** -51, 1 - 2 ** -48, 1 - 1e-12];
    for (const spec of [CONTINUOUS.normal, CONTINUOUS['lognormal p5/p95'], CONTINUOUS.pert]) {
      const dist = build(spec);
      u.set(points);
      dist.fill(u, out, points.length);
      points.forEach((p, i) => {
        if (p >= 2 ** -50 && 1 - p >= 2 ** -50) return;
        // Relative to the quantile, as in the u-error tests: a rounding of x, not a table's error.
        expect(Math.abs(out[i] - dist.quantile(p)), `u = ${p}`).toBeLessThanOrEqual(4 * EPS * Math.abs(dist.quantile(p)));
      });
      const expected = drawn(dist, Float64Array.from(points));
      points.forEach((p, i) => expect(Object.is(out[i], expected[i]), `u = ${p}: ${out[i]} in place, ${expected[i]} staged`).toBe(true));
    }
  });
});

describe('parameters are checked once, at construction', () => {
  const cases: [string, unknown, string][] = [
    ['NaN', { dist: 'uniform', min: NaN, max: 1 }, 'min'],
    ['Infinity', { dist: 'normal', mean: 0, sd: Infinity }, 'sd'],
    ['an infinite truncation', { dist: 'normal', mean: 0, sd: 1, max: Infinity }, 'max'],
    ['a missing number', { dist: 'triangular', min: 0, max: 1 }, 'mode'],
    ['a non-finite fixed value', { dist: 'fixed', value: -Infinity }, 'value'],
    ['uniform min >= max', { dist: 'uniform', min: 5, max: 3 }, 'max'],
    ['uniform min == max', { dist: 'uniform', min: 3, max: 3 }, 'max'],
    ['loguniform min <= 0', { dist: 'loguniform', min: 0, max: 3 }, 'min'],
    ['loguniform min >= max', { dist: 'loguniform', min: 4, max: 3 }, 'max'],
    ['triangular min >= max', { dist: 'triangular', min: 5, mode: 5, max: 5 }, 'max'],
    ['triangular mode below min', { dist: 'triangular', min: 1, mode: 0, max: 5 }, 'mode'],
    ['pert mode above max', { dist: 'pert', min: 1, mode: 6, max: 5 }, 'mode'],
    ['pert min >= max', { dist: 'pert', min: 6, mode: 6, max: 5 }, 'max'],
    ['normal sd <= 0', { dist: 'normal', mean: 0, sd: 0 }, 'sd'],
    ['normal min >= max', { dist: 'normal', mean: 0, sd: 1, min: 2, max: 1 }, 'max'],
    ['normal window far above the mean', { dist: 'normal', mean: 0, sd: 1, min: 8 }, 'min'],
    ['normal window far below the mean', { dist: 'normal', mean: 0, sd: 1, max: -8 }, 'max'],
    ['normal window too narrow', { dist: 'normal', mean: 0, sd: 1, min: 1, max: 1 + 1e-13 }, 'max'],
    ['lognormal p5 <= 0', { dist: 'lognormal', p5: 0, p95: 3 }, 'p5'],
    ['lognormal p5 >= p95', { dist: 'lognormal', p5: 5, p95: 3 }, 'p95'],
    ['lognormal p95 NaN', { dist: 'lognormal', p5: 5, p95: NaN }, 'p95'],
    ['lognormal median <= 0', { dist: 'lognormal', median: -1, gsd: 2 }, 'median'],
    ['lognormal gsd <= 1', { dist: 'lognormal', median: 1, gsd: 1 }, 'gsd'],
    ['beta alpha <= 0', { dist: 'beta', alpha: 0, beta: 1 }, 'alpha'],
    ['beta beta <= 0', { dist: 'beta', alpha: 1, beta: -2 }, 'beta'],
    ['beta min >= max', { dist: 'beta', alpha: 1, beta: 2, min: 3, max: 1 }, 'max'],
    ['beta min above the default max', { dist: 'beta', alpha: 1, beta: 2, min: 3 }, 'min'],
    ['discrete without values', { dist: 'discrete', values: [] }, 'values'],
    ['discrete with a NaN value', { dist: 'discrete', values: [1, NaN] }, 'values.1'],
    ['discrete weights of the wrong length', { dist: 'discrete', values: [1, 2], weights: [1] }, 'weights'],
    ['discrete negative weight', { dist: 'discrete', values: [1, 2, 3], weights: [1, -1, 1] }, 'weights.1'],
    ['discrete weights summing to 0', { dist: 'discrete', values: [1, 2], weights: [0, 0] }, 'weights'],
    ['an unknown family', { dist: 'gamma', shape: 2 }, 'dist'],
  ];

  it.each(cases)('%s is a ParamError on the right parameter', (_, spec, param) => {
    let error: unknown;
    try {
      makeDistribution(spec as DistSpec);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ParamError);
    expect((error as ParamError).param).toBe(param);
  });

  it('the message says what is valid', () => {
    expect(() => makeDistribution({ dist: 'uniform', min: 5, max: 3 })).toThrow('max (3) must be greater than min (5)');
    expect(() => makeDistribution({ dist: 'pert', min: 1, mode: 6, max: 5 })).toThrow('mode (6) must be between min (1) and max (5)');
    expect(() => makeDistribution({ dist: 'lognormal', median: 1, gsd: 0.5 })).toThrow(/gsd \(0.5\) must be greater than 1/);
  });

  it('building reads a frozen spec and changes nothing', () => {
    const specs: DistSpec[] = [
      ...Object.values(CONTINUOUS),
      { dist: 'fixed', value: 3 },
      { dist: 'discrete', values: Object.freeze([3, 1, 2, 1]) as number[], weights: Object.freeze([1, 2, 0, 1]) as number[] },
    ];
    for (const spec of specs) {
      const copy = JSON.stringify(spec);
      const dist = makeDistribution(Object.freeze(spec));
      dist.fill(uniforms(100), new Float64Array(100), 100);
      dist.describe(formatNumber);
      dist.quantile(0.3);
      dist.cdf(dist.mean);
      expect(JSON.stringify(spec)).toBe(copy);
      expect(dist.spec).toBe(spec);
    }
  });
});

describe('describe', () => {
  const words = (spec: DistSpec) => makeDistribution(spec).describe(formatNumber);

  it('puts each family in words a person reads', () => {
    expect(words({ dist: 'fixed', value: 20.25e9 })).toBe('fixed at 20.3B');
    expect(words({ dist: 'uniform', min: 0.3, max: 0.6 })).toBe('uniform from 0.3 to 0.6');
    expect(words({ dist: 'loguniform', min: 1, max: 1000 })).toBe('log-uniform from 1 to 1k');
    expect(words({ dist: 'lognormal', p5: 5e9, p95: 50e9 })).toBe('lognormal, 90% in 5B to 50B (median 15.8B)');
    expect(words({ dist: 'lognormal', median: 10, gsd: 2 })).toBe('lognormal, median 10, gsd 2 (90% in 3.2 to 31.3)');
    expect(words({ dist: 'normal', mean: 0.5, sd: 0.1 })).toBe('normal, mean 0.5, sd 0.1');
    expect(words({ dist: 'normal', mean: 0.5, sd: 0.2, min: 0, max: 1 })).toBe('normal, mean 0.5, sd 0.2, truncated to 0 to 1');
    expect(words({ dist: 'normal', mean: 0.5, sd: 0.2, min: 0 })).toBe('normal, mean 0.5, sd 0.2, truncated below 0');
    expect(words({ dist: 'triangular', min: 1, mode: 2, max: 5 })).toBe('triangular, min 1, mode 2, max 5');
    expect(words({ dist: 'pert', min: 1, mode: 2, max: 5 })).toBe('PERT, min 1, mode 2, max 5');
    expect(words({ dist: 'beta', alpha: 2, beta: 3 })).toBe('beta, alpha 2, beta 3');
    expect(words({ dist: 'beta', alpha: 2, beta: 3, min: 0.3, max: 0.6 })).toBe('beta, alpha 2, beta 3, from 0.3 to 0.6');
    expect(words({ dist: 'discrete', values: [1, 2], weights: [0.3, 0.7] })).toBe('one of 1 (30%), 2 (70%)');
    expect(words({ dist: 'discrete', values: [1, 2, 4] })).toBe('one of 1, 2, 4, equally likely');
  });
});
