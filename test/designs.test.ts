/**
 * The design and dependence stages of the engine (--method, correlations:), on the engine itself:
 * induced rank correlations, marginals kept exactly, thread invariance, and the variance
 * reduction of Latin hypercube and scrambled Sobol designs against plain Monte Carlo.
 */
import { sampleRankCorrelation, variance } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { makeDistribution } from '../src/families/index.js';
import type { DistSpec } from '../src/families/types.js';
import { ChunkRunner, BLOCK_SIZE, chunkCount, type Correlation, type SimulationPlan } from '../src/engine/chunks.js';
import { simulate } from '../src/engine/simulate.js';
import { ASSUMPTIONS } from '../src/model/assumptions.js';
import { loadScenario } from '../src/scenario/index.js';
import type { SamplingMethod } from '../src/sampling/design.js';
import { scenarioPlan } from '../src/engine/run.js';
import { requireArena } from '../src/kernel/arena.js';
import { fillUniforms } from '../src/random/streams.js';
import { sobolPoints, stratify } from './oracles/latin-hypercube.js';

const UNCERTAIN: Record<string, DistSpec> = {
  sora_params: { dist: 'lognormal', p5: 5e9, p95: 60e9 },
  inference_utilization: { dist: 'uniform', min: 0.2, max: 0.7 },
  data_multiplier: { dist: 'lognormal', p5: 2, p95: 20 },
  generations_per_upload: { dist: 'triangular', min: 1, mode: 2, max: 6 },
  tiktok_ai_share: { dist: 'uniform', min: 0.2, max: 0.8 },
  cfg_factor: { dist: 'discrete', values: [1, 2], weights: [0.3, 0.7] },
};

const CORRELATIONS: Correlation[] = [
  { between: ['sora_params', 'inference_utilization'], spearman: -0.6 },
  { between: ['tiktok_ai_share', 'generations_per_upload'], spearman: 0.5 },
  { between: ['sora_params', 'data_multiplier'], spearman: 0.3 },
];

function plan(samples: number, method: SamplingMethod, correlations?: Correlation[]): SimulationPlan {
  return {
    seed: 7,
    samples,
    assumptions: ASSUMPTIONS.map((a) => ({ name: a.name, spec: UNCERTAIN[a.name] ?? { dist: 'fixed', value: a.articleValue } })),
    summarized: ['gpus_peak', 'training_flops'],
    method,
    ...(correlations ? { correlations } : {}),
  };
}

/** Every input column of the plan's rows, whole. */
function drawInputs(p: SimulationPlan, names: readonly string[]): Record<string, Float64Array> {
  const runner = new ChunkRunner(p);
  const columns = Object.fromEntries(names.map((name) => [name, new Float64Array(p.samples)]));
  let at = 0;
  for (let chunk = 0; chunk < chunkCount(p.samples); chunk++) {
    const { n, inputs } = runner.sample(chunk);
    for (const name of names) columns[name].set(inputs[name].subarray(0, n), at);
    at += n;
  }
  return columns;
}

const METHODS: SamplingMethod[] = ['mc', 'lhs', 'qmc'];
const NAMES = Object.keys(UNCERTAIN);

describe('correlations are induced (Iman-Conover, block by block)', () => {
  const n = 100_000;
  it.each(METHODS)('under %s: achieved Spearman within 0.02 of each target at 100,000 samples, marginals unchanged', (method) => {
    const independent = drawInputs(plan(n, method), NAMES);
    const correlated = drawInputs(plan(n, method, CORRELATIONS), NAMES);
    for (const { between: [a, b], spearman } of CORRELATIONS) {
      expect(Math.abs(sampleRankCorrelation(Array.from(correlated[a]), Array.from(correlated[b])) - spearman), `${a} ~ ${b}`).toBeLessThan(0.02);
    }
    // A pair given no correlation stays independent: its sampling error is about 1 / sqrt(n) = 0.003.
    expect(Math.abs(sampleRankCorrelation(Array.from(correlated.inference_utilization), Array.from(correlated.tiktok_ai_share)))).toBeLessThan(0.02);
    // Reordering rows keeps every draw: the sorted columns are identical.
    for (const name of NAMES) {
      expect(Float64Array.from(correlated[name]).sort(), name).toEqual(Float64Array.from(independent[name]).sort());
    }
  }, 60_000);

  it('gives byte-identical summaries on 1 and 2 threads, correlated and under every design', async () => {
    for (const method of METHODS) {
      const samples = 5 * 65_536 + 3_000;
      const one = await simulate(plan(samples, method, CORRELATIONS), { threads: 1, ps: [0.05, 0.5, 0.95] });
      const two = await simulate(plan(samples, method, CORRELATIONS), { threads: 2, ps: [0.05, 0.5, 0.95] });
      for (const name of ['gpus_peak', 'training_flops']) {
        expect(two.columns[name].percentiles, `${method} ${name}`).toEqual(one.columns[name].percentiles);
        expect(two.columns[name].mean).toBe(one.columns[name].mean);
      }
    }
  }, 120_000);
});

describe('the designs keep every marginal', () => {
  // A full block of a Latin hypercube or a Sobol net holds one uniform in each of its 2,048
  // strata: sorted, the i-th draw lies between the quantiles at i / 2,048 and (i + 1) / 2,048.
  it.each(['lhs', 'qmc'] as const)('%s: each full block is stratified for every assumption', (method) => {
    const p = plan(3 * BLOCK_SIZE, method);
    const inputs = drawInputs(p, NAMES);
    for (const name of NAMES.filter((x) => x !== 'cfg_factor')) {
      const dist = makeDistribution(UNCERTAIN[name]);
      for (let block = 0; block < 3; block++) {
        const sorted = Float64Array.from(inputs[name].subarray(block * BLOCK_SIZE, (block + 1) * BLOCK_SIZE)).sort();
        let outside = 0;
        sorted.forEach((x, i) => {
          const lo = dist.quantile(i / BLOCK_SIZE);
          const hi = dist.quantile((i + 1) / BLOCK_SIZE);
          // The inversion tables are exact to a u-error of 1e-10 (docs/engine.md).
          const slack = 1e-9 * Math.abs(hi - lo) + 1e-12 * Math.abs(x);
          if (x < lo - slack || x > hi + slack) outside++;
        });
        expect(outside, `${method} ${name} block ${block}`).toBe(0);
      }
    }
  });

  it('plain Monte Carlo is not stratified (the check above can fail)', () => {
    const inputs = drawInputs(plan(BLOCK_SIZE, 'mc'), ['inference_utilization']);
    const sorted = Float64Array.from(inputs.inference_utilization).sort();
    const dist = makeDistribution(UNCERTAIN.inference_utilization);
    const outside = Array.from(sorted).filter((x, i) => x < dist.quantile(i / BLOCK_SIZE) || x > dist.quantile((i + 1) / BLOCK_SIZE)).length;
    expect(outside).toBeGreaterThan(BLOCK_SIZE / 2);
  });

  it.each(['lhs', 'qmc'] as const)('%s: a different seed gives a different design', (method) => {
    const a = drawInputs(plan(BLOCK_SIZE, method), ['sora_params']).sora_params;
    const b = drawInputs({ ...plan(BLOCK_SIZE, method), seed: 8 }, ['sora_params']).sora_params;
    expect(Array.from(a)).not.toEqual(Array.from(b));
    // Within one run, blocks are independent replicates, not copies.
    const two = drawInputs(plan(2 * BLOCK_SIZE, method), ['sora_params']).sora_params;
    expect(Array.from(two.subarray(0, BLOCK_SIZE))).not.toEqual(Array.from(two.subarray(BLOCK_SIZE)));
  });
});

describe("variance reduction on the baseline's training_flops (the issue's test)", () => {
  // Replicates over seeds of the mean at n = 8,192 rows (4 blocks). With 100 replicates a sample
  // variance is known to within a factor of about 1 +- 0.28 (chi-square, 99 degrees of freedom,
  // 95%), a ratio of two to about 0.67x-1.5x. The additive part of training_flops (59% of its
  // variance, docs/sampling.md) caps what a Latin hypercube removes at about 59%: its variance
  // ratio tends to 0.41 and its standard-deviation ratio to 0.64. So the issue's "at most half the
  // spread" holds for the variance and is tested so, with a margin: LHS below 0.5 would fail if
  // the design did nothing (ratio 1) by far more than the sampling error allows.
  const scenario = loadScenario('distributions/baseline.yaml');
  const replicates = 100;
  const n = 4 * BLOCK_SIZE;
  async function means(method: SamplingMethod): Promise<number[]> {
    const out: number[] = [];
    for (let seed = 0; seed < replicates; seed++) {
      const s = await simulate({ ...scenarioPlan(scenario, { seed, samples: n, method }), summarized: ['training_flops'] }, { threads: 1, ps: [0.5] });
      out.push(s.columns.training_flops.mean);
    }
    return out;
  }
  it('LHS leaves at most half the variance of plain Monte Carlo; scrambled Sobol less', async () => {
    const [mc, lhs, qmc] = [await means('mc'), await means('lhs'), await means('qmc')];
    const lhsRatio = variance(lhs) / variance(mc);
    const qmcRatio = variance(qmc) / variance(mc);
    console.log(`variance ratios at n = ${n}, ${replicates} replicates: LHS/MC ${lhsRatio.toFixed(3)}, QMC/MC ${qmcRatio.toFixed(3)}`);
    expect(lhsRatio).toBeLessThan(0.5);
    expect(qmcRatio).toBeLessThan(0.5);
    // Unbiased: every design's mean of means agrees with plain Monte Carlo's within 4 standard errors.
    const grand = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const se = Math.sqrt(variance(mc) / replicates);
    expect(Math.abs(grand(lhs) - grand(mc))).toBeLessThan(4 * se);
    expect(Math.abs(grand(qmc) - grand(mc))).toBeLessThan(4 * se);
  }, 120_000);
});

describe('percentile intervals under a design come from its blocks (Woodruff)', () => {
  // training_flops with only sora_params and data_multiplier uncertain, both lognormal, is
  // lognormal: its quantiles are known in closed form. Latin hypercube and Sobol strata of the two
  // factors do not stratify their product, so the design effect is neither 1 nor 0: a real test.
  const z = { p5: -1.6448536269514722, p50: 0, p95: 1.6448536269514722 };
  const specs: Record<string, DistSpec> = {
    sora_params: { dist: 'lognormal', median: 20e9, gsd: 2 },
    data_multiplier: { dist: 'lognormal', median: 5, gsd: 1.5 },
  };
  const sigma = Math.hypot(Math.log(2), Math.log(1.5));
  const base = (seed: number, method: SamplingMethod): SimulationPlan => ({
    seed,
    samples: 32 * BLOCK_SIZE,
    assumptions: ASSUMPTIONS.map((a) => ({ name: a.name, spec: specs[a.name] ?? { dist: 'fixed', value: a.articleValue } })),
    summarized: ['training_flops'],
    method,
  });
  const ps = [0.05, 0.5, 0.95];

  it.each(['lhs', 'qmc'] as const)('%s: 400 seeds at 65,536 samples cover the true P5, P50 and P95 between 92% and 98% of the time', async (method) => {
    // The median of the product is the model at the medians.
    const median = (await simulate({ ...base(0, method), samples: 1, assumptions: base(0, method).assumptions.map((a) => ({ name: a.name, spec: a.spec.dist === 'fixed' ? a.spec : { dist: 'fixed', value: makeDistribution(a.spec).quantile(0.5) } })) }, { threads: 1, ps: [0.5] })).columns.training_flops.mean;
    const truth = [z.p5, z.p50, z.p95].map((zp) => median * Math.exp(zp * sigma));
    const covered = [0, 0, 0];
    const widths = [0, 0, 0];
    const seeds = 400;
    for (let seed = 0; seed < seeds; seed++) {
      const s = await simulate(base(seed, method), { threads: 1, ps, intervals: ps });
      s.columns.training_flops.intervals.forEach(([lo, hi], k) => {
        if (lo <= truth[k] && truth[k] <= hi) covered[k]++;
        widths[k] += (hi - lo) / truth[k] / seeds;
      });
    }
    // The issue's bounds for plain Monte Carlo; 400 seeds see a coverage of 95% within +- 2.2% (two standard errors).
    for (const c of covered) expect(c / seeds).toBeGreaterThanOrEqual(0.92);
    for (const c of covered) expect(c / seeds).toBeLessThanOrEqual(0.98);
    // Narrower than plain Monte Carlo's binomial interval on the same n (the design's gain).
    const mc = await simulate(base(0, 'mc'), { threads: 1, ps, intervals: ps });
    mc.columns.training_flops.intervals.forEach(([lo, hi], k) => expect(widths[k]).toBeLessThan((hi - lo) / truth[k]));
    console.log(`${method}: coverage ${covered.map((c) => `${((100 * c) / seeds).toFixed(1)}%`).join(', ')}; mean relative widths ${widths.map((w) => w.toFixed(4)).join(', ')}`);
  }, 300_000);
});

describe('the design kernels (assembly/designs.ts) equal their JavaScript twins bit for bit', () => {
  const arena = requireArena();
  const u = arena.f64(BLOCK_SIZE)!;
  const room = arena.i32(BLOCK_SIZE)!;
  it.each([BLOCK_SIZE, 1999, 2, 1])('on %i rows', (n) => {
    const draws = new Float64Array(n);
    fillUniforms(3, 'sora_params', 0, draws, n);
    const twin = Float64Array.from(draws);
    stratify(twin, n, new Int32Array(n));
    u.set(draws);
    arena.designs.stratify(u, room, n);
    expect(Array.from(u.subarray(0, n))).toEqual(Array.from(twin));

    const directions = Int32Array.from({ length: 32 }, (_, k) => (Math.imul(0x9e3779b9, k + 1) ^ (k << 7)) | 0);
    const sobolTwin = new Float64Array(n);
    sobolPoints(sobolTwin, directions, 0x5bd1e995, n);
    const inArena = arena.i32(32)!;
    inArena.set(directions);
    arena.designs.sobolPoints(u, room, inArena, 0x5bd1e995, n);
    expect(Array.from(u.subarray(0, n))).toEqual(Array.from(sobolTwin));
  });
});
