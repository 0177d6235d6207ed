/**
 * `sora-compute sweep`: the claims a user reads off a sweep, checked on the real binary
 * (dist/bundle/cli.js, built by `npm test`'s pretest) and on the modules behind it.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { launchChromium, openOffline } from './browser.js';
import { cli, json, ROOT, scratch } from './binary.js';
import { UserError } from '../src/errors.js';
import { compileChart } from '../src/report/compile.js';
import { fanChart } from '../src/report/charts/fan.js';
import { loadScenario } from '../src/scenario/index.js';
import { sweepScenario } from '../src/sweep/sweep.js';
import { DEFAULT_STEPS, MAX_STEPS, parseVary, sweepValues } from '../src/sweep/vary.js';

const BASELINE = join(ROOT, 'distributions', 'baseline.yaml');

const p50s = (result: any, output: string): number[] => result.points.map((p: any) => p.outputs[output].percentiles.p50);
const strictlyIncreasing = (xs: number[]): boolean => xs.every((x, i) => i === 0 || x > xs[i - 1]);
const strictlyDecreasing = (xs: number[]): boolean => xs.every((x, i) => i === 0 || x < xs[i - 1]);

describe('the values a sweep takes', () => {
  it(`defaults to ${DEFAULT_STEPS} points, ends included, at round values`, () => {
    expect(sweepValues(parseVary('tiktok_ai_share=0:1'))).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(sweepValues(parseVary('inference_utilization=0.1:1:10'))).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
  });

  it('spaces points geometrically with --log', () => {
    expect(sweepValues(parseVary('sora_params=1e9:1e11:3', 'log'))).toEqual([1e9, 1e10, 1e11]);
    expect(sweepValues(parseVary('diffusion_steps=250:25:3', 'log'))).toEqual([250, 79.0569415042, 25]);
  });

  it('refuses what it cannot sweep, each with one message naming --vary', () => {
    const cases: [string, string, 'linear' | 'log'][] = [
      ['tiktok_ai_shares=0:1', "did you mean 'tiktok_ai_share'?", 'linear'],
      ['inference_utilization=0:1', 'greater than 0 and at most 1', 'linear'],
      ['tiktok_ai_share=0:1.5', 'between 0 and 1', 'linear'],
      ['peak_factor=0.5:3', 'at least 1', 'linear'],
      ['data_multiplier=4:4', 'give two different values', 'linear'],
      ['data_multiplier=1:10:1', `from 2 to ${MAX_STEPS}`, 'linear'],
      ['data_multiplier=1:10:102', `from 2 to ${MAX_STEPS}`, 'linear'],
      ['data_multiplier=1:10:2.5', `from 2 to ${MAX_STEPS}`, 'linear'],
      ['data_multiplier=1:ten', "TO 'ten' is not a number", 'linear'],
      ['data_multiplier=1', 'NAME=FROM:TO', 'linear'],
      ['data_multiplier', 'NAME=FROM:TO', 'linear'],
      ['tiktok_ai_share=0:1', '--log spaces points geometrically', 'log'],
    ];
    for (const [arg, message, spacing] of cases) {
      let error: unknown;
      try {
        parseVary(arg, spacing);
      } catch (e) {
        error = e;
      }
      expect(error, arg).toBeInstanceOf(UserError);
      expect((error as UserError).format(), arg).toContain(message);
      expect((error as UserError).format(), arg).toMatch(/^--vary: /);
    }
  });
});

describe('sora-compute sweep', () => {
  it('gpus_peak rises strictly with tiktok_ai_share at every percentile, and falls strictly with inference_utilization', () => {
    const share = json(['sweep', 'distributions/baseline.yaml', '--vary', 'tiktok_ai_share=0:1', '--samples', '20000']);
    expect(share.points.map((p: any) => p.value)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    for (const k of ['p5', 'p25', 'p50', 'p75', 'p95']) {
      expect(strictlyIncreasing(share.points.map((p: any) => p.outputs.gpus_peak.percentiles[k])), k).toBe(true);
    }
    const utilization = json(['sweep', 'distributions/baseline.yaml', '--vary', 'inference_utilization=0.1:1:10', '--output', 'gpus_peak', '--samples', '20000']);
    expect(strictlyDecreasing(p50s(utilization, 'gpus_peak'))).toBe(true);
  });

  it('at each point gives exactly what run gives with --set NAME=value', () => {
    const args = ['--samples', '20000', '--seed', 'sweep-test'];
    const sweep = json(['sweep', 'distributions/baseline.yaml', '--vary', 'inference_utilization=0.2:1:5', '--output', 'gpus_peak', '--output', 'cost_per_video_minute_usd', ...args]);
    expect(sweep.points).toHaveLength(5);
    for (const point of sweep.points) {
      const run = json(['run', 'distributions/baseline.yaml', '--set', `inference_utilization=${point.value}`, ...args]);
      for (const output of ['gpus_peak', 'cost_per_video_minute_usd']) {
        expect(point.outputs[output].percentiles).toEqual(run.outputs[output].percentiles);
        expect(point.outputs[output].mean).toBe(run.outputs[output].mean);
      }
    }
  });

  it('gives byte-identical JSON on 1 and 2 threads', () => {
    // 4 chunks of 65,536 samples, so two threads really share each point.
    const args = ['sweep', 'distributions/baseline.yaml', '--vary', 'sora_params=5e9:60e9:4', '--log', '--samples', '250000', '--json', '--no-report'];
    const one = cli([...args, '--threads', '1']);
    const two = cli([...args, '--threads', '2']);
    expect(one.status).toBe(0);
    expect(one.stdout.length).toBeGreaterThan(1000);
    expect(two.stdout).toBe(one.stdout);
  });

  it("gives gpus_peak at every tiktok_ai_share as model.md's formula does, worked by hand, on the seed article", () => {
    const result = json(['sweep', 'distributions/seed-article.yaml', '--vary', 'tiktok_ai_share=0:1:5', '--output', 'gpus_peak', '--samples', '100']);
    // model.md, with the seed article's values.
    const flopsPerStep = 524e9 * (20.25e9 / 675e6) * ((60 * 24) / 8) * 1 * 1;
    const flopsPerVideoMinute = (flopsPerStep * 250 * 60) / 60;
    const minutesPerGpuHour = ((989.4e12 * 3600) / flopsPerVideoMinute) * 0.5;
    const gpusPeak = (share: number): number => ((17e6 * share + 43e6 * 0.15) * 2 * 2) / (24 * minutesPerGpuHour);
    for (const point of result.points) {
      const p = point.outputs.gpus_peak.percentiles;
      expect(p.p5).toBe(p.p95);
      expect(Math.abs(p.p50 / gpusPeak(point.value) - 1)).toBeLessThan(1e-12);
    }
    // At the article's own share, its consistent figure: 989.7k.
    expect(Math.round(result.points[2].outputs.gpus_peak.percentiles.p50 / 100) * 100).toBe(989_700);
  });

  it('says when an output does not depend on the varied assumption, and shows it the same at every point', () => {
    const result = json(['sweep', 'distributions/baseline.yaml', '--vary', 'tiktok_ai_share=0:1:3', '--samples', '5000']);
    expect(result.outputs.gpus_peak.depends_on_vary).toBe(true);
    expect(result.outputs.training_flops.depends_on_vary).toBe(false);
    const first = result.points[0].outputs.training_flops;
    for (const point of result.points) expect(point.outputs.training_flops).toEqual(first);

    const text = cli(['sweep', 'distributions/baseline.yaml', '--vary', 'tiktok_ai_share=0:1:3', '--samples', '5000', '--no-report']);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('training_flops [FLOP]');
    expect(text.stdout).toContain('does not depend on tiktok_ai_share: the same at every point');
    expect(text.stdout).not.toContain('gpus_peak [GPUs]: GPUs to serve peak-hour demand, drafts included\ndoes not');
  });

  it('shows the outputs asked for, in the order asked', () => {
    const result = json(['sweep', 'distributions/seed-article.yaml', '--vary', 'data_multiplier=4:10:2', '--output', 'training_gpus', '--output', 'crossover_days', '--output', 'training_gpus', '--samples', '100']);
    expect(Object.keys(result.outputs)).toEqual(['training_gpus', 'crossover_days']);
    // The article's conservative and optimistic figures, at the two ends.
    expect(result.points.map((p: any) => Math.round(p.outputs.training_gpus.percentiles.p50))).toEqual([4211, 10528]);
  });

  it('applies --set to the other assumptions first', () => {
    const result = json(['sweep', 'distributions/seed-article.yaml', '--vary', 'tiktok_ai_share=0:1:2', '--set', 'data_multiplier=10', '--output', 'training_flops', '--samples', '100']);
    for (const point of result.points) expect(Math.round(point.outputs.training_flops.percentiles.p50 / 1e23)).toBe(270);
  });

  it('prints JSON of the documented shape', () => {
    const result = json(['sweep', 'distributions/baseline.yaml', '--vary', 'data_multiplier=2:20:3', '--samples', '1000', '--seed', '7']);
    expect(result).toMatchObject({
      tool: 'sora-compute',
      file: 'distributions/baseline.yaml',
      seed: 7,
      samples: 1000,
      vary: 'data_multiplier',
      spacing: 'linear',
      from: 2,
      to: 20,
      steps: 3,
      replaces: { from: 'distributions/baseline.yaml', spec: { dist: 'lognormal' } },
    });
    expect(Object.keys(result.outputs)).toEqual(['gpus_peak', 'crossover_video_minutes', 'training_flops', 'cost_per_video_minute_usd']);
    expect(result.points.map((p: any) => p.value)).toEqual([2, 11, 20]);
    for (const point of result.points) {
      expect(Object.keys(point.outputs.gpus_peak.percentiles)).toEqual(['p1', 'p5', 'p10', 'p25', 'p50', 'p75', 'p90', 'p95', 'p99']);
    }
  });

  it('writes the fan chart page to reports/<stem>-sweep-<name>.html by default, and --report elsewhere', () => {
    const dir = scratch();
    const r = cli(['sweep', BASELINE, '--vary', 'tiktok_ai_share=0:1:3', '--samples', '2000'], dir);
    expect(r.status, r.stderr).toBe(0);
    const path = join('reports', 'baseline-sweep-tiktok_ai_share.html');
    expect(r.stdout).toContain(`report: ${path}`);
    const html = readFileSync(join(dir, path), 'utf8');
    expect(html).toContain('<meta name="generator" content="sora-compute report">');
    for (const output of ['gpus_peak', 'crossover_video_minutes', 'training_flops', 'cost_per_video_minute_usd']) {
      expect(html).toContain(`data-chart="fan-${output}"`);
    }
    // The page's numbers are the JSON's, to the last digit.
    const result = json(['sweep', BASELINE, '--vary', 'tiktok_ai_share=0:1:3', '--samples', '2000']);
    for (const point of result.points) {
      const hook = `data-output="gpus_peak" data-at="${point.value}" data-percentile="p50" data-value="${point.outputs.gpus_peak.percentiles.p50}"`;
      expect(html).toContain(hook);
    }
    expect(html).toContain('training_flops does not depend on tiktok_ai_share: the same at every point.');
    const other = join(dir, 'elsewhere.html');
    expect(cli(['sweep', BASELINE, '--vary', 'tiktok_ai_share=0:1:3', '--samples', '2000', '--report', other], dir).status).toBe(0);
    const strip = (page: string): string => page.replace(/<pre><code>.*?<\/code><\/pre>/s, '');
    expect(strip(readFileSync(other, 'utf8'))).toBe(strip(html));
  });

  it('draws every fan chart in Chromium with the network cut off', async () => {
    const dir = scratch();
    const page = join(dir, 'sweep.html');
    expect(cli(['sweep', BASELINE, '--vary', 'sora_params=5e9:60e9:5', '--log', '--samples', '5000', '--report', page], dir).status).toBe(0);
    const browser = await launchChromium();
    try {
      const { page: tab, network, problems } = await openOffline(browser, pathToFileURL(page).href, 1200);
      const charts = await tab.$$eval('[data-chart]', (els) => els.map((el) => ({ rendered: el.getAttribute('data-rendered'), marks: el.querySelectorAll('svg path').length })));
      expect(charts.length).toBe(4);
      for (const c of charts) expect(c.rendered).toBe('true');
      for (const c of charts) expect(c.marks).toBeGreaterThan(0);
      expect(network).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('compiles each fan chart to Vega without warnings, on linear and log sweeps', async () => {
    const scenario = loadScenario(BASELINE);
    for (const [arg, spacing] of [['tiktok_ai_share=0:1:4', 'linear'], ['sora_params=5e9:60e9:4', 'log']] as const) {
      const result = await sweepScenario(scenario, parseVary(arg, spacing), ['gpus_peak', 'training_flops'], { samples: 2000, seed: 1, threads: 1 });
      for (const output of ['gpus_peak', 'training_flops']) expect(compileChart(fanChart(result, output)).warnings).toEqual([]);
    }
  });

  describe('refuses bad input before sampling: exit 2, one line, no stack, no files', () => {
    const cases: [string, string[], string][] = [
      ['an unknown assumption', ['--vary', 'tiktok_ai_shar=0:1'], "did you mean 'tiktok_ai_share'?"],
      ['a value outside the domain', ['--vary', 'inference_utilization=0:1'], 'greater than 0 and at most 1'],
      ['FROM equal to TO', ['--vary', 'data_multiplier=4:4'], 'give two different values'],
      ['too few steps', ['--vary', 'data_multiplier=2:20:1'], 'STEPS must be a whole number from 2 to 101'],
      ['too many steps', ['--vary', 'data_multiplier=2:20:500'], 'STEPS must be a whole number from 2 to 101'],
      ['--log from 0', ['--vary', 'tiktok_ai_share=0:1', '--log'], '--log spaces points geometrically'],
      ['an unknown output', ['--vary', 'data_multiplier=2:20', '--output', 'gpu_peak'], "did you mean 'gpus_peak'?"],
      ['--set on the varied assumption', ['--vary', 'data_multiplier=2:20', '--set', 'data_multiplier=3'], '--set and --vary both name data_multiplier'],
      ['no --vary', [], "required option '--vary"],
      ['two --vary', ['--vary', 'data_multiplier=2:20', '--vary', 'sora_params=5e9:6e10'], 'a sweep varies one assumption'],
    ];
    it.each(cases)('%s', (_what, args, message) => {
      const dir = scratch();
      const r = cli(['sweep', BASELINE, ...args], dir);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stdout).toBe('');
      expect(readdirSync(dir)).toEqual([]);
    });

    it('a report path holding a file it did not write', () => {
      const dir = scratch();
      const mine = join(dir, 'notes.html');
      writeFileSync(mine, '<p>my notes</p>');
      const started = performance.now();
      const r = cli(['sweep', BASELINE, '--vary', 'data_multiplier=2:20', '--samples', '1e7', '--report', mine], dir);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('was not written by sora-compute');
      expect(performance.now() - started).toBeLessThan(5000);
      expect(readFileSync(mine, 'utf8')).toBe('<p>my notes</p>');
      expect(readdirSync(dir)).toEqual(['notes.html']);
      expect(existsSync(join(dir, 'reports'))).toBe(false);
    });
  });
});
