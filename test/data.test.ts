/**
 * The shipped data files and scenarios: every GPU and every measurement is well formed and
 * sourced, and every scenario loads. Adding a GPU or a measurement is editing one data file;
 * this test is what checks the edit.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { catalogueSchema, gpuCatalogue } from '../src/data/gpus.js';
import { gpuSecondsPerVideoMinute, measurementsSchema, publishedMeasurements } from '../src/data/measurements.js';
import { loadScenario } from '../src/scenario/index.js';

const SCENARIOS = readdirSync('distributions')
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => `distributions/${f}`);

describe('data/gpus.yaml, the GPU catalogue', () => {
  it('is valid, every figure with its source', () => {
    const parsed = catalogueSchema.safeParse(parse(readFileSync('data/gpus.yaml', 'utf8')));
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
  });

  it('names the GPUs the issue asks for: h100-sxm, h200, b200, gb200, a100 and mi300x', () => {
    expect([...gpuCatalogue().keys()].sort()).toEqual(['a100', 'b200', 'gb200', 'h100-sxm', 'h200', 'mi300x']);
  });

  it('gives the dense BF16 peaks of model.md: H100 SXM and H200 989.4, B200 2,250, GB200 2,500, A100 312, MI300X 1,307.4 TFLOP/s', () => {
    const peak = (name: string) => gpuCatalogue().get(name)!.peak_flops / 1e12;
    expect([peak('h100-sxm'), peak('h200'), peak('b200'), peak('gb200'), peak('a100'), peak('mi300x')]).toEqual([989.4, 989.4, 2250, 2500, 312, 1307.4]);
  });

  it('keeps the H100 at the article’s peak and gpu_hour_price_usd’s default, so `gpu: h100-sxm` changes nothing', () => {
    const h100 = gpuCatalogue().get('h100-sxm')!;
    const seed = loadScenario('distributions/seed-article.yaml');
    const value = (name: string) => (seed.assumptions.find((a) => a.name === name)!.spec as { value: number }).value;
    expect(h100.peak_flops).toBe(value('gpu_peak_flops'));
    expect(h100.hour_price_usd).toBe(value('gpu_hour_price_usd'));
  });
});

describe('data/measurements.yaml, the published measurements', () => {
  it('is valid, every entry with a source and a date', () => {
    const parsed = measurementsSchema.safeParse(parse(readFileSync('data/measurements.yaml', 'utf8')));
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
  });

  it('names only GPUs of the catalogue', () => {
    const m = publishedMeasurements();
    for (const entry of [...m.inference, ...m.training]) expect([...gpuCatalogue().keys()], entry.model).toContain(entry.gpu);
  });

  it('gives model.md’s H100-seconds per video minute: about 21,800 for Wan 2.1 and 21,300 for HunyuanVideo', () => {
    const perMinute = (model: string) => gpuSecondsPerVideoMinute(publishedMeasurements().inference.find((m) => m.model === model)!);
    expect(perMinute('Wan 2.1 T2V 14B')).toBeCloseTo(21_783, 0);
    expect(perMinute('HunyuanVideo 13B')).toBeCloseTo(21_254, 0);
  });

  it('has latent frames a 4x causal VAE gives: 1 + (frames - 1) / 4', () => {
    for (const m of publishedMeasurements().inference) expect(m.published.latent_frames, m.model).toBe(1 + (m.published.frames - 1) / 4);
  });
});

describe('the shipped scenarios', () => {
  it.each(SCENARIOS)('%s loads, and every assumption it sets has a source or a note', (file) => {
    const scenario = loadScenario(file);
    for (const a of scenario.assumptions) {
      if (a.from !== 'model.md') expect(a.source ?? a.note, `${file}: ${a.name}`).toBeTruthy();
    }
  });
});
