/**
 * Conditioning on evidence: a run keeps only the draws that meet every observation (rejection
 * sampling) and reports the posterior beside the prior.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareScenarios } from '../src/compare/compare.js';
import { MIN_ACCEPTED } from '../src/engine/condition.js';
import { runScenario } from '../src/engine/run.js';
import { UserError } from '../src/errors.js';
import { normalCdf, normalQuantile } from '../src/families/special.js';
import { loadScenario } from '../src/scenario/index.js';
import { parseObserve } from '../src/scenario/evidence.js';

function scenarioFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'condition-test-')), 'scenario.yaml');
  writeFileSync(file, text);
  return file;
}

const run = (file: string, options: { observe?: string[]; threads?: number; samples?: number; maxSamples?: number } = {}) =>
  runScenario(loadScenario(file, { observe: options.observe }), {
    samples: options.samples ?? 100_000,
    seed: 20240315,
    threads: options.threads ?? 1,
    ...(options.maxSamples !== undefined ? { maxSamples: options.maxSamples } : {}),
  });

function userError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return e as UserError;
  }
  throw new Error('expected a UserError');
}

async function rejects(promise: Promise<unknown>): Promise<UserError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return e as UserError;
  }
  throw new Error('expected a UserError');
}

// One lognormal assumption, every other one fixed: model_multiplier = sora_params / 675M.
const MEDIAN = 20e9;
const GSD = 2;
const LOGNORMAL = `assumptions:\n  sora_params: {dist: lognormal, median: ${MEDIAN}, gsd: ${GSD}}\n`;

describe('conditioning against a closed form', () => {
  it('gives the truncated lognormal when a lognormal assumption’s proportional output is observed in a range', async () => {
    const [low, high] = [20, 60];
    const result = await run(scenarioFile(LOGNORMAL), { observe: [`model_multiplier=${low}:${high}`] });
    const mu = Math.log(MEDIAN);
    const sigma = Math.log(GSD);
    const z = (x: number) => (Math.log(x) - mu) / sigma;
    const [a, b] = [normalCdf(z(low * 675e6)), normalCdf(z(high * 675e6))];
    const truncatedCdf = (x: number) => (normalCdf(z(x)) - a) / (b - a);
    const truncatedQuantile = (p: number) => Math.exp(mu + sigma * normalQuantile(a + p * (b - a)));
    const n = result.conditioning!.accepted;
    // The prior's draws in range: about (b - a) of them.
    expect(n / result.conditioning!.drawn).toBeCloseTo(b - a, 2);
    const posterior = result.assumptions.sora_params.posterior!.percentiles;
    for (const [key, p] of [['p5', 0.05], ['p50', 0.5], ['p95', 0.95]] as const) {
      // Within sampling error: the empirical quantile's truncated CDF is p give or take 4 standard errors.
      const se = Math.sqrt((p * (1 - p)) / n);
      expect(Math.abs(truncatedCdf(posterior[key]) - p), key).toBeLessThan(4 * se);
      expect(posterior[key] / truncatedQuantile(p)).toBeCloseTo(1, 2);
    }
    // The output is the assumption over 675M, draw for draw.
    expect(result.outputs.model_multiplier.percentiles.p50).toBeCloseTo(posterior.p50 / 675e6, 9);
    expect(result.outputs.model_multiplier.min).toBeGreaterThanOrEqual(low);
    expect(result.outputs.model_multiplier.max).toBeLessThanOrEqual(high);
  });
});

describe('a conditioned run', () => {
  it('holds the posterior in outputs, the unconditioned outputs in prior, and each observation with its count', async () => {
    const file = scenarioFile(LOGNORMAL);
    const plain = await run(file);
    const result = await run(file, { observe: ['model_multiplier=20:60'] });
    expect(Object.keys(result)).toEqual([...Object.keys(plain).filter((k) => k !== 'assumptions'), 'prior', 'assumptions', 'evidence', 'conditioning']);
    expect(result.prior).toEqual(plain.outputs);
    expect(Object.keys(result.outputs)).toEqual(Object.keys(plain.outputs));
    expect(result.evidence).toEqual([{ name: 'model_multiplier', kind: 'output', low: 20, high: 60, from: '--observe', accepted: result.conditioning!.accepted }]);
    expect(result.conditioning).toMatchObject({ drawn: 100_000, min_accepted: MIN_ACCEPTED, extended: false });
    expect(plain).not.toHaveProperty('prior');
    expect(plain).not.toHaveProperty('evidence');
  });

  it('is byte-identical on 1 and 3 threads', async () => {
    const file = scenarioFile(LOGNORMAL);
    const one = await run(file, { observe: ['model_multiplier=20:60'], threads: 1, samples: 300_000 });
    const three = await run(file, { observe: ['model_multiplier=20:60'], threads: 3, samples: 300_000 });
    expect(JSON.stringify(three)).toBe(JSON.stringify(one));
  });

  it('keeps exactly the prior’s draws that meet the evidence, and its own seed’s', async () => {
    const file = scenarioFile(LOGNORMAL);
    const a = await run(file, { observe: ['sora_params=10e9:30e9'] });
    const b = await run(file, { observe: ['sora_params=10e9:30e9'] });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.assumptions.sora_params.posterior!.percentiles.p5).toBeGreaterThanOrEqual(10e9);
    expect(a.assumptions.sora_params.posterior!.percentiles.p95).toBeLessThanOrEqual(30e9);
  });

  it(`samples more, chunk by chunk, until ${MIN_ACCEPTED} meet the evidence, and says so`, async () => {
    const result = await run(scenarioFile(LOGNORMAL), { observe: ['model_multiplier=100:110'], samples: 10_000 });
    const c = result.conditioning!;
    expect(c.extended).toBe(true);
    expect(c.accepted).toBeGreaterThanOrEqual(MIN_ACCEPTED);
    expect(c.drawn % 65_536).toBe(0);
    expect(result.samples).toBe(10_000);
  });

  it('stops at --max-samples with fewer accepted', async () => {
    const result = await run(scenarioFile(LOGNORMAL), { observe: ['model_multiplier=100:110'], samples: 10_000, maxSamples: 65_536 });
    expect(result.conditioning).toMatchObject({ drawn: 65_536, max_samples: 65_536, extended: true });
    expect(result.conditioning!.accepted).toBeLessThan(MIN_ACCEPTED);
    expect(result.conditioning!.accepted).toBeGreaterThan(0);
  });

  it('refuses an observation no draw can meet with a UserError naming it, not an empty report', async () => {
    const e = await rejects(run(scenarioFile(LOGNORMAL), { observe: ['model_multiplier=1e6:2e6'], samples: 10_000, maxSamples: 65_536 }));
    expect(e.exitCode).toBe(2);
    expect(e.place.field).toBe('evidence.model_multiplier');
    expect(e.message).toBe('no draw meets model_multiplier in [1e6, 2e6], of 65,536 drawn; widen the range or check the scenario');
  });

  it('names both observations when each is met alone but never together', async () => {
    const e = await rejects(
      run(scenarioFile(LOGNORMAL), { observe: ['model_multiplier=:20', 'sora_params=20e9:'], samples: 10_000, maxSamples: 65_536 }),
    );
    expect(e.message).toMatch(/^no draw meets model_multiplier <= 20 and sora_params >= 2e10 together \(/);
  });
});

describe('evidence in a scenario file and on the command line', () => {
  it('reads an evidence: section, with sources, and lets --observe replace an observation', () => {
    const file = scenarioFile(`${LOGNORMAL}evidence:\n  model_multiplier: {low: 20, high: 60, source: a measurement}\n  training_gpu_hours: {high: 1e7}\n`);
    const s = loadScenario(file, { observe: ['training_gpu_hours=1e5:'] });
    expect(s.evidence).toEqual([
      { name: 'model_multiplier', kind: 'output', low: 20, high: 60, source: 'a measurement', from: file },
      { name: 'training_gpu_hours', kind: 'output', low: 1e5, high: Infinity, from: '--observe' },
    ]);
  });

  it('reports a bad observation at its line and column', () => {
    const file = scenarioFile(`evidence:\n  model_multiplir: {low: 1}\n  sora_params: {low: 5, high: 1}\n  training_flops: {lo: 3}\n`);
    let errors: UserError[] = [];
    try {
      loadScenario(file);
    } catch (e) {
      errors = 'errors' in (e as object) ? [...(e as { errors: UserError[] }).errors] : [e as UserError];
    }
    expect(errors.map((e) => [e.place.line, e.place.col, e.message])).toEqual([
      [2, 3, "'model_multiplir' is neither an output nor an assumption (did you mean 'model_multiplier'?); evidence can name any output or assumption"],
      [3, 16, 'low 5 is above high 1'],
      [4, 20, "an observation does not take 'lo' (did you mean 'low'?); it takes low, high, source and note"],
    ]);
  });

  it.each([
    ['gpu_seconds_per_clip', /not NAME=LOW:HIGH/],
    ['gpu_second_per_clip=1:2', /neither an output nor an assumption \(did you mean 'gpu_seconds_per_clip'\?\)/],
    ['gpu_seconds_per_clip=1-2', /the range must be LOW:HIGH/],
    ['gpu_seconds_per_clip=a:2', /'a' is not a number/],
    ['gpu_seconds_per_clip=3:2', /low 3 is above high 2/],
    ['gpu_seconds_per_clip=:', /give low, high or both/],
  ])('--observe %s is a UserError naming --observe', (arg, message) => {
    const e = userError(() => parseObserve(arg));
    expect(e.place.field).toBe('--observe');
    expect(e.message).toMatch(message);
  });
});

describe('compare under evidence', () => {
  const files = () => [
    loadScenario('distributions/seed-article.yaml', { observe: ['training_gpu_hours=:5e6'] }),
    loadScenario('distributions/informed.yaml', { observe: ['training_gpu_hours=:5e6'] }),
  ];

  it('conditions each file on the same evidence, and says how many draws of each met it', async () => {
    const { result } = await compareScenarios(files(), { samples: 20_000, seed: 20240315 });
    expect(result.evidence).toEqual([{ name: 'training_gpu_hours', kind: 'output', low: null, high: 5e6, from: '--observe' }]);
    expect(result.files[0].accepted).toBe(20_000);
    expect(result.files[1].accepted).toBeGreaterThan(0);
    expect(result.files[1].accepted).toBeLessThan(20_000);
    expect(result.outputs.training_gpu_hours[1].percentiles.p99).toBeLessThanOrEqual(5e6);
  });

  it('is byte-identical on 1 and 3 threads', async () => {
    const one = await compareScenarios(files(), { samples: 20_000, seed: 20240315, threads: 1 });
    const three = await compareScenarios(files(), { samples: 20_000, seed: 20240315, threads: 3 });
    expect(JSON.stringify(three.result)).toBe(JSON.stringify(one.result));
  });

  it('refuses files that observe the same output in different ranges', async () => {
    const [a, b] = files();
    const other = { ...b, evidence: [{ ...b.evidence[0], high: 4e6, from: 'other.yaml' }] };
    const e = await rejects(compareScenarios([a, other], { samples: 2000, seed: 1 }));
    expect(e.message).toMatch(/same evidence, but --observe observes training_gpu_hours <= 5e6 and other.yaml training_gpu_hours <= 4e6/);
  });

  it('refuses evidence one file can never meet, naming the file', async () => {
    const scenarios = [
      loadScenario('distributions/seed-article.yaml', { observe: ['training_gpu_hours=:1e6'] }),
      loadScenario('distributions/informed.yaml', { observe: ['training_gpu_hours=:1e6'] }),
    ];
    const e = await rejects(compareScenarios(scenarios, { samples: 2000, seed: 1 }));
    expect(e.message).toMatch(/^no draw of distributions\/seed-article.yaml meets training_gpu_hours <= 1e6/);
  });
});

describe('the report of a conditioned run', () => {
  it('has an Evidence section overlaying prior and posterior for the assumptions that moved most, with charts that compile cleanly', async () => {
    const { readFileSync } = await import('node:fs');
    const { createRequire } = await import('node:module');
    const { Ajv } = await import('ajv');
    const { renderRunReport, MOVED_SHOWN } = await import('../src/report/run-report.js');
    const { posteriorChart, movement } = await import('../src/report/charts/posterior.js');
    const { compileChart } = await import('../src/report/compile.js');
    const result = await run('distributions/informed.yaml', { observe: ['gpu_seconds_per_clip=1000:3000'], samples: 20_000 });
    const html = renderRunReport(result, { command: 'sora-compute run distributions/informed.yaml --observe gpu_seconds_per_clip=1000:3000' });
    expect(html).toContain('<h2>Evidence</h2>');
    expect(html).toContain('<code>gpu_seconds_per_clip in [1000, 3000]</code>');
    const moved = Object.entries(result.assumptions)
      .filter(([, a]) => a.posterior)
      .sort(([, a], [, b]) => movement(b) - movement(a))
      .slice(0, MOVED_SHOWN);
    const schema = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('vega-lite/vega-lite-schema.json'), 'utf8'));
    const validate = new Ajv({ strict: false, allErrors: true, formats: { uri: true, 'uri-reference': true, 'color-hex': true } }).compile(schema);
    for (const [name, a] of moved) {
      expect(html).toContain(`data-chart="posterior-${name}"`);
      const spec = posteriorChart(name, a)!;
      expect(validate(spec) ? [] : validate.errors?.slice(0, 3), name).toEqual([]);
      expect(compileChart(spec).warnings, name).toEqual([]);
    }
    expect(moved).toHaveLength(MOVED_SHOWN);
    expect(movement(moved[0][1])).toBeGreaterThan(0);
  });
});
