/**
 * 95% intervals of every percentile from the engine (simulate), against closed forms: an output
 * that is one lognormal assumption over a fixed one (model_multiplier = sora_params / dit_params)
 * has known quantiles, so coverage over many seeds is checked against the truth, not the code.
 */
import { describe, expect, it } from 'vitest';
import { ASSUMPTIONS } from '../src/model/assumptions.js';
import type { DistSpec } from '../src/families/types.js';
import { makeDistribution } from '../src/families/index.js';
import type { SimulationPlan } from '../src/engine/chunks.js';
import { simulate } from '../src/engine/simulate.js';
import { CHUNK_SIZE } from '../src/random/streams.js';
import { STREAMING_MAX_RELATIVE_ERROR } from '../src/summary/percentiles.js';
import { percentileIntervalRanks } from '../src/sampling/percentile-interval.js';
import { runScenario } from '../src/engine/run.js';
import { relativeHalfWidth, WIDE_INTERVAL } from '../src/engine/types.js';
import { loadScenario } from '../src/scenario/index.js';
import { renderRunReport } from '../src/report/run-report.js';

const SORA: DistSpec = { dist: 'lognormal', p5: 5e9, p95: 60e9 };
const DIT = ASSUMPTIONS.find((a) => a.name === 'dit_params')!.articleValue as number;

function plan(seed: number, samples: number, specs: Record<string, DistSpec> = { sora_params: SORA }): SimulationPlan {
  return {
    seed,
    samples,
    assumptions: ASSUMPTIONS.map((a) => ({ name: a.name, spec: specs[a.name] ?? { dist: 'fixed', value: a.articleValue } })),
    summarized: ['model_multiplier'],
  };
}

const PS = [0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99];

describe('95% intervals of percentiles', () => {
  it('cover the true P5, P50 and P95 of a lognormal output 92% to 98% of the time over 2,000 seeds at n = 2,000', async () => {
    const checked = [0.05, 0.5, 0.95];
    const truth = checked.map((p) => makeDistribution(SORA).quantile(p) / DIT);
    const seeds = 2000;
    const covered = checked.map(() => 0);
    for (let seed = 1; seed <= seeds; seed++) {
      const column = (await simulate(plan(seed, 2000), { threads: 1, ps: checked, intervals: checked })).columns.model_multiplier;
      column.intervals.forEach(([lo, hi], i) => (covered[i] += lo <= truth[i] && truth[i] <= hi ? 1 : 0));
    }
    checked.forEach((p, i) => {
      const rate = covered[i] / seeds;
      // The binomial ranks' own coverage (at least 95%), and the rate's sampling error at 2,000 seeds.
      const promised = percentileIntervalRanks(2000, p).coverage;
      const se = Math.sqrt((promised * (1 - promised)) / seeds);
      expect(rate, `P${100 * p}: ${covered[i]} of ${seeds}`).toBeGreaterThanOrEqual(0.92);
      expect(rate, `P${100 * p}: ${covered[i]} of ${seeds}`).toBeLessThanOrEqual(0.98);
      expect(Math.abs(rate - promised), `P${100 * p} against ${promised}`).toBeLessThan(4 * se);
    });
  }, 120_000);

  it('bracket their percentile, exact and streamed, and the streamed bounds are within the stated error of the exact ones', async () => {
    const specs: Record<string, DistSpec> = { sora_params: SORA, data_multiplier: { dist: 'uniform', min: 4, max: 10 } };
    const n = Math.floor(5.5 * CHUNK_SIZE);
    const exact = (await simulate(plan(7, n, specs), { threads: 2, ps: PS, intervals: PS })).columns.model_multiplier;
    const streamed = (await simulate(plan(7, n, specs), { threads: 2, ps: PS, intervals: PS, exactLimit: 0 })).columns.model_multiplier;
    for (const column of [exact, streamed]) {
      expect(column.intervals).toHaveLength(PS.length);
      column.intervals.forEach(([lo, hi], i) => {
        expect(lo, `P${100 * PS[i]}`).toBeLessThanOrEqual(column.percentiles[i]);
        expect(hi, `P${100 * PS[i]}`).toBeGreaterThanOrEqual(column.percentiles[i]);
        expect(hi).toBeGreaterThan(lo);
      });
    }
    exact.intervals.forEach((bounds, i) =>
      bounds.forEach((x, side) => {
        const y = streamed.intervals[i][side];
        expect(Math.abs(y - x) / x, `P${100 * PS[i]} bound ${side}`).toBeLessThanOrEqual(STREAMING_MAX_RELATIVE_ERROR);
      }),
    );
  });

  it('are the same whatever the thread count, and whether the pilot placed their ranks or a second pass found them', async () => {
    const n = Math.floor(4.5 * CHUNK_SIZE);
    const one = (await simulate(plan(3, n), { threads: 1, ps: PS, intervals: PS })).columns.model_multiplier;
    const two = (await simulate(plan(3, n), { threads: 2, ps: PS, intervals: PS })).columns.model_multiplier;
    const missed = await simulate(plan(3, n), { threads: 2, ps: PS, intervals: PS, pilotMargin: 0 });
    expect(two.intervals).toEqual(one.intervals);
    expect(missed.pilotMisses).toBeGreaterThan(0);
    expect(missed.columns.model_multiplier.intervals).toEqual(one.intervals);
    // No pilot at all: --exact above the limit collects every wanted key in a second pass.
    const all = (await simulate(plan(3, n), { threads: 1, ps: [0.5], exact: true, exactLimit: 0, intervals: [0.5] })).columns.model_multiplier;
    expect(all.intervals[0]).toEqual(one.intervals[PS.indexOf(0.5)]);
  });

  it('are left out when none is asked for', async () => {
    const column = (await simulate(plan(3, 5000), { threads: 1, ps: PS })).columns.model_multiplier;
    expect(column.intervals).toEqual([]);
  });
});

describe('a run with intervals', () => {
  it('gives every percentile of every output a ci95 with the same keys, bracketing it, and the report shows them, flagging the wide', async () => {
    const result = await runScenario(loadScenario('distributions/baseline.yaml'), { samples: 20_000, seed: 5, threads: 1 });
    let wide = 0;
    let varying = 0;
    for (const [name, out] of Object.entries(result.outputs)) {
      expect(Object.keys(out.ci95!), name).toEqual(Object.keys(out.percentiles));
      for (const [key, [lo, hi]] of Object.entries(out.ci95!)) {
        const x = out.percentiles[key as keyof typeof out.percentiles];
        expect(lo, `${name} ${key}`).toBeLessThanOrEqual(x);
        expect(hi, `${name} ${key}`).toBeGreaterThanOrEqual(x);
        if (out.constant) expect(hi).toBe(lo);
        else if (relativeHalfWidth(x, [lo, hi]) > WIDE_INTERVAL) wide++;
      }
      if (!out.constant) varying++;
    }
    // At 20,000 draws the tails of the widest outputs are not settled to 5%, the medians are.
    expect(wide).toBeGreaterThan(0);
    const html = renderRunReport(result, { command: 'test' });
    expect(html.match(/<span class="ci">/g)).toHaveLength(9 * varying);
    expect(html.match(/<td class="wide">/g)).toHaveLength(wide);
    expect(html).toContain(`${wide} are marked`);
  });

  it('under evidence gives the posterior its intervals too, from the accepted draws', async () => {
    const scenario = loadScenario('distributions/baseline.yaml', { sets: [], observe: ['cost_per_video_minute_usd=:30'] });
    const result = await runScenario(scenario, { samples: 20_000, seed: 5, threads: 1 });
    expect(result.prior).toBeDefined();
    for (const summaries of [result.outputs, result.prior!]) {
      for (const [name, out] of Object.entries(summaries)) {
        for (const [key, [lo, hi]] of Object.entries(out.ci95!)) {
          const x = out.percentiles[key as keyof typeof out.percentiles];
          expect(lo, `${name} ${key}`).toBeLessThanOrEqual(x);
          expect(hi, `${name} ${key}`).toBeGreaterThanOrEqual(x);
        }
      }
    }
    // The posterior's draws all meet the observation, so its bounds do too.
    const post = result.outputs.cost_per_video_minute_usd;
    const prior = result.prior!.cost_per_video_minute_usd;
    expect(result.conditioning!.accepted).toBeLessThan(result.conditioning!.drawn);
    expect(post.ci95!.p50[1]).toBeLessThanOrEqual(30);
    expect(prior.ci95!.p50[0]).toBeGreaterThan(0);
  });
});
