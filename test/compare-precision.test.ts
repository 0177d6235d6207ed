/**
 * compare --precision: the batch-means variance of a ratio of medians against the spread of that
 * ratio over independent seeds, and the command end to end.
 */
import { variance } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { ChunkRunner } from '../src/engine/chunks.js';
import { scenarioPlan } from '../src/engine/run.js';
import { probeRatioVariances } from '../src/compare/precision.js';
import { CHUNK_SIZE } from '../src/random/streams.js';
import { loadScenario } from '../src/scenario/index.js';
import { selectPercentiles } from '../src/summary/select.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, expectUserError, scratch } from './binary.js';

const small = 'distributions/analyst-small.yaml';
const large = 'distributions/analyst-large.yaml';

describe('the variance compare --precision predicts', () => {
  const scenarios = [loadScenario(small), loadScenario(large)];
  const plan = probeRatioVariances(scenarios, { seed: 20240315 });
  /** log(median of large / median of small) of gpus_peak on one chunk of a seed, common random numbers. */
  const logRatio = (seed: number): number => {
    const scratch = new Float64Array(CHUNK_SIZE);
    const [a, b] = scenarios.map((s) => {
      const { outputs } = new ChunkRunner({ ...scenarioPlan(s, { seed, samples: CHUNK_SIZE }), summarized: [] }).sample(0);
      return selectPercentiles(outputs.gpus_peak, [0.5], scratch)[0];
    });
    return Math.log(b / a);
  };

  it("matches the spread of the log ratio of gpus_peak's medians over 60 seeds at 65,536 samples", () => {
    const seeds = 60;
    const observed = variance(Array.from({ length: seeds }, (_, seed) => logRatio(1000 + seed)));
    const predicted = plan.variances.find((v) => v.output === 'gpus_peak' && v.file === 1)!.paired / CHUNK_SIZE;
    // A sample variance over 60 seeds is within a factor 0.65 to 1.4 of the truth 95% of the time
    // (chi-square, 59 degrees of freedom); the prediction's own, from 32 batches, 0.55 to 1.6.
    // Their ratio then lies within about 0.45 to 2.2.
    expect(observed / predicted).toBeGreaterThan(0.45);
    expect(observed / predicted).toBeLessThan(2.2);
    // Common random numbers pair the medians: independent runs would have a far larger variance.
    const v = plan.variances.find((x) => x.output === 'gpus_peak')!;
    expect(v.independent).toBeGreaterThan(3 * v.paired);
  }, 120_000);
});

describe('compare --precision end to end', () => {
  it('stops where every key ratio of P50s is within the target, the same on 1 and 2 threads, and says what independent runs would need', () => {
    const args = ['compare', small, large, '--precision', '0.3%', '--json', '--no-report'];
    const one = cli([...args, '--threads', '1']);
    expect(one.status, one.stderr).toBe(0);
    const result = JSON.parse(one.stdout);
    const p = result.precision;
    expect(p.stopped).toBe('target');
    expect(p.reached).toBeLessThanOrEqual(0.003);
    expect(p.ratios.length).toBeGreaterThan(0);
    for (const r of p.ratios) {
      expect(r.ci95[0]).toBeLessThan(r.ratio_p50);
      expect(r.ci95[1]).toBeGreaterThan(r.ratio_p50);
      expect(r.ratio_p50).toBe(result.outputs[r.output][1].ratio_p50);
    }
    expect(p.samples_if_independent).toBeGreaterThan(result.samples);
    expect(p.independent_over_paired).toBeGreaterThan(1);
    expect(cli([...args, '--threads', '2']).stdout).toBe(one.stdout);
  }, 120_000);

  it('gives each ratio and its interval on the page too', () => {
    const page = join(scratch(), 'precision.html');
    const r = cli(['compare', small, large, '--precision', '1%', '--report', page]);
    expect(r.status, r.stderr).toBe(0);
    const html = readFileSync(page, 'utf8');
    const table = html.slice(html.indexOf('<table class="precision">'), html.indexOf('</table>', html.indexOf('<table class="precision">')));
    expect(table.match(/<tr><td class="text"><code>/g)?.length).toBeGreaterThanOrEqual(3);
    expect(table).toContain('gpus_peak');
    expect(html).toContain('two independent runs would need');
  }, 120_000);

  it('warns and exits 0 when --max-samples comes first', () => {
    const r = cli(['compare', small, large, '--precision', '0.01%', '--max-samples', '65536', '--json', '--no-report']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: --max-samples \(65,536\) came before --precision 0\.01%/);
    const result = JSON.parse(r.stdout);
    expect(result.samples).toBe(65_536);
    expect(result.precision.stopped).toBe('max_samples');
  }, 120_000);

  it('refuses --precision with --samples, a bad value, and --max-samples alone', () => {
    expectUserError(cli(['compare', small, large, '--precision', '1%', '--samples', '1000', '--no-report']), '--precision', 'not both');
    expectUserError(cli(['compare', small, large, '--precision', 'abc', '--no-report']), '--precision');
    expectUserError(cli(['compare', small, large, '--max-samples', '65536', '--no-report']), '--max-samples', '--precision');
  });
});

describe('every percentile compare and sweep report carries its 95% interval', () => {
  it("compare's per-file intervals are run's for the same file, seed and samples (common random numbers draw the same rows)", () => {
    const compared = JSON.parse(cli(['compare', 'distributions/seed-article.yaml', 'distributions/baseline.yaml', '-n', '20000', '--json', '--no-report']).stdout);
    const run = JSON.parse(cli(['run', 'distributions/baseline.yaml', '-n', '20000', '--json', '--no-report']).stdout);
    for (const name of ['gpus_peak', 'training_flops', 'cost_per_video_minute_usd']) {
      expect(compared.outputs[name][1].ci95, name).toEqual(run.outputs[name].ci95);
      expect(compared.outputs[name][1].percentiles, name).toEqual(run.outputs[name].percentiles);
    }
  }, 120_000);

  it("a sweep point's intervals are those of run --set at that value", () => {
    const swept = JSON.parse(cli(['sweep', 'distributions/baseline.yaml', '--vary', 'tiktok_ai_share=0.2:0.6:3', '-n', '20000', '--output', 'gpus_peak', '--json', '--no-report']).stdout);
    const run = JSON.parse(cli(['run', 'distributions/baseline.yaml', '--set', 'tiktok_ai_share=0.4', '-n', '20000', '--json', '--no-report']).stdout);
    expect(swept.points[1].value).toBe(0.4);
    expect(swept.points[1].outputs.gpus_peak.ci95).toEqual(run.outputs.gpus_peak.ci95);
  }, 120_000);
});

describe('compare under a design', () => {
  it.each(['lhs', 'qmc'])('--method %s: the same JSON on 1 and 2 threads, recorded, with the exact attribution of common random numbers', (method) => {
    const args = ['compare', small, large, '-n', '70000', '--method', method, '--json', '--no-report'];
    const one = cli([...args, '--threads', '1']);
    expect(one.status, one.stderr).toBe(0);
    expect(JSON.parse(one.stdout).sampling_method).toBe(method);
    expect(cli([...args, '--threads', '2']).stdout).toBe(one.stdout);
  }, 120_000);
});
