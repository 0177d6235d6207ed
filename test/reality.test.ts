/**
 * The report's "Reality check": the run's bands beside published measurements, each with its
 * source and date, and one sentence per chart saying where they fall.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { publishedMeasurements } from '../src/data/measurements.js';
import { runScenario } from '../src/engine/run.js';
import type { RunResult } from '../src/engine/types.js';
import { realityChart } from '../src/report/charts/reality.js';
import { compileChart } from '../src/report/compile.js';
import { placeInBand, placementSentence, realityChecks, type RealityPoint } from '../src/report/reality.js';
import { renderRunReport } from '../src/report/run-report.js';
import { loadScenario } from '../src/scenario/index.js';

const run = (file: string) => runScenario(loadScenario(file), { samples: 4000, seed: 20240315, threads: 1 });

let seed: RunResult;
let informed: RunResult;
beforeAll(async () => {
  [seed, informed] = [await run('distributions/seed-article.yaml'), await run('distributions/informed.yaml')];
});

const point = (label: string, value: number, band = { p5: 10, p95: 100 }): RealityPoint => ({
  label,
  value,
  source: 's',
  date: '2025',
  detail: 'd',
  placement: placeInBand(value, band),
});

describe('where a measurement falls in a band', () => {
  it('is below P5, inside (ends included) or above P95', () => {
    const band = { p5: 10, p95: 100 };
    expect([9.99, 10, 50, 100, 100.01].map((x) => placeInBand(x, band))).toEqual(['below P5', 'inside', 'inside', 'inside', 'above P95']);
  });

  it('is said in one sentence naming each measurement', () => {
    expect(placementSentence([point('A', 5), point('B', 50), point('C', 60)], 'measured times', false)).toBe(
      'Of 3 measured times, A falls below P5; B and C fall inside this run’s P5–P95 band.',
    );
    expect(placementSentence([point('A', 500, { p5: 10, p95: 10 })], 'prices', true)).toBe('Of 1 prices, A falls above this run’s figure.');
  });
});

describe('the Reality check of a run report', () => {
  it('has three charts: GPU-seconds per video minute, cost per video minute and training GPU-hours', () => {
    expect(realityChecks(informed).map((c) => c.output)).toEqual(['gpu_seconds_per_video_minute', 'cost_per_video_minute_usd', 'training_gpu_hours']);
  });

  it('draws every published measurement, labelled with its date, and cites its source', () => {
    const m = publishedMeasurements();
    const checks = realityChecks(informed);
    expect(checks.map((c) => c.points.length)).toEqual([m.inference.length, m.prices.length, m.training.length]);
    for (const c of checks) for (const p of c.points) expect(p.label).toContain(`(${p.date})`);
    const html = renderRunReport(informed, { command: 'sora-compute run distributions/informed.yaml' });
    expect(html).toContain('<h2>Reality check</h2>');
    for (const entry of [...m.inference, ...m.prices, ...m.training]) expect(html).toContain(entry.source.replace(/'/g, '&#39;').replace(/"/g, '&quot;'));
    expect(html.match(/<p class="reality-sentence">/g)).toHaveLength(3);
  });

  it('shows the article’s inference some 10x too cheap: Wan 2.1 and HunyuanVideo’s measured GPU-seconds per minute lie far above it', () => {
    const inference = realityChecks(seed).find((c) => c.output === 'gpu_seconds_per_video_minute')!;
    for (const p of inference.points.filter((x) => /Wan|Hunyuan/.test(x.label))) {
      expect(p.placement).toBe('above P95');
      expect(p.value / inference.band.p50).toBeGreaterThan(10);
    }
    expect(inference.sentence).toMatch(/fall above this run’s figure/);
  });

  it('puts Wan 2.1 and HunyuanVideo inside the informed scenario’s band, and the open models’ training budgets below it', () => {
    const [inference, , training] = realityChecks(informed);
    for (const p of inference.points.filter((x) => /Wan|Hunyuan/.test(x.label))) expect(p.placement, p.label).toBe('inside');
    for (const p of training.points) expect(p.placement, p.label).toBe('below P5');
  });

  const schema = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('vega-lite/vega-lite-schema.json'), 'utf8'));
  const validate = new Ajv({ strict: false, allErrors: true, formats: { uri: true, 'uri-reference': true, 'color-hex': true } }).compile(schema);

  it('has charts that validate against the vega-lite schema and compile without warnings, for a constant run and an uncertain one', () => {
    for (const result of [seed, informed]) {
      for (const c of realityChecks(result)) {
        const spec = realityChart(c);
        expect(validate(spec) ? [] : validate.errors?.slice(0, 3), c.id).toEqual([]);
        expect(compileChart(spec).warnings, c.id).toEqual([]);
      }
    }
  });
});
