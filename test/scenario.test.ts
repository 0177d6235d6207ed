import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { errorsOf } from './user-errors.js';
import { FAMILIES, type DistSpec } from '../src/families/types.js';
import { UserError, UserErrors } from '../src/errors.js';
import { ASSUMPTIONS, ASSUMPTION_NAMES, VIDEO_DIT_ASSUMPTIONS } from '../src/model/assumptions.js';
import { loadScenario, parseSet, specEquals, type Scenario } from '../src/scenario/index.js';
import { schemaText } from '../src/scenario/schema-file.js';
import { overflows } from '../src/scenario/finite.js';

const FIXTURES = 'test/fixtures/spec';
const fixture = (name: string) => join(FIXTURES, name);
const SHIPPED = ['seed-article', 'seed-article-optimistic', 'seed-article-ranges', 'baseline'].map((s) => `distributions/${s}.yaml`);


function errorAt(errors: UserError[], field: string): UserError {
  const found = errors.find((e) => e.place.field === field);
  if (!found) throw new Error(`no error for ${field}; got:\n${errors.map((e) => e.format()).join('\n')}`);
  return found;
}

function entry(scenario: Scenario, name: string) {
  return scenario.assumptions.find((a) => a.name === name)!;
}

function tempFile(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'spec-test-')), name);
  writeFileSync(file, text);
  return file;
}

describe('a malformed scenario file is reported at its place', () => {
  it('reports YAML syntax errors with the position the parser found', () => {
    const [e] = errorsOf(() => loadScenario(fixture('bad-yaml.yaml')));
    expect(e.place).toMatchObject({ file: fixture('bad-yaml.yaml'), line: 4, col: 3 });
    expect(e.message).toMatch(/^invalid YAML: Flow map .* end with a }/);
  });

  it('requires a mapping at the top level', () => {
    const [e] = errorsOf(() => loadScenario(fixture('not-mapping.yaml')));
    expect(e.place).toMatchObject({ line: 1, col: 1 });
    expect(e.message).toMatch(/must be a mapping with name, description, extends and assumptions; found a list/);
    expect(errorsOf(() => loadScenario(fixture('empty.yaml')))[0].message).toMatch(/the file is empty/);
  });

  it('names unknown top-level keys, with a suggestion, all at once', () => {
    const errors = errorsOf(() => loadScenario(fixture('unknown-top-key.yaml')));
    expect(errors).toHaveLength(2);
    const typo = errorAt(errors, 'assumption');
    expect(typo.place).toMatchObject({ line: 2, col: 1 });
    expect(typo.message).toBe("unknown key 'assumption' (did you mean 'assumptions'?); a scenario file has name, description, extends, gpu, assumptions, evidence and correlations");
    expect(errorAt(errors, 'colour').place).toMatchObject({ line: 4, col: 1 });
  });

  it('requires assumptions to be a mapping', () => {
    const e = errorAt(errorsOf(() => loadScenario(fixture('assumptions-list.yaml'))), 'assumptions');
    expect(e.place).toMatchObject({ line: 2, col: 3 });
    expect(e.message).toMatch(/assumptions must be a mapping from assumption name .*; found a list/);
  });

  it('suggests the nearest canonical name for an unknown assumption', () => {
    const errors = errorsOf(() => loadScenario(fixture('unknown-assumption.yaml')));
    const e = errorAt(errors, 'assumptions.sora_param');
    expect(e.place).toMatchObject({ file: fixture('unknown-assumption.yaml'), line: 2, col: 3 });
    expect(e.message).toBe("unknown assumption 'sora_param'; did you mean 'sora_params'?");
    // Nothing near: list what is valid instead of guessing.
    const far = errorAt(errors, 'assumptions.totally_unrelated_thing');
    expect(far.place).toMatchObject({ line: 4, col: 3 });
    expect(far.message).toMatch(/the assumptions are dit_params, .* and tokens_per_document$/);
  });

  it('lists the families for an unknown dist', () => {
    const errors = errorsOf(() => loadScenario(fixture('unknown-dist.yaml')));
    const e = errorAt(errors, 'assumptions.sora_params.dist');
    expect(e.place).toMatchObject({ line: 2, col: 23 });
    expect(e.message).toBe(`unknown distribution 'gaussian'; the families are ${Object.keys(FAMILIES).slice(0, -1).join(', ')} and discrete`);
    expect(errorAt(errors, 'assumptions.data_multiplier.dist').message).toMatch(/'unifrom' \(did you mean 'uniform'\?\)/);
  });
});

describe('distribution parameters', () => {
  const errors = () => errorsOf(() => loadScenario(fixture('params.yaml')));

  it('reports every bad parameter of the file at once', () => {
    expect(errors()).toHaveLength(7);
  });

  it('names a missing parameter and what the family takes', () => {
    const e = errorAt(errors(), 'assumptions.data_multiplier.max');
    expect(e.place).toMatchObject({ line: 2, col: 20 });
    expect(e.message).toBe('uniform needs max; uniform takes min and max');
  });

  it('names an extra parameter, with the nearest one it might mean', () => {
    const e = errorAt(errors(), 'assumptions.sora_params.sd');
    expect(e.place).toMatchObject({ line: 3, col: 54 });
    expect(e.message).toBe("lognormal does not take 'sd' (did you mean 'gsd'?); lognormal takes p5 and p95, or median and gsd");
  });

  it('accepts exactly one of lognormal parameter sets', () => {
    const e = errorAt(errors(), 'assumptions.peak_factor.gsd');
    expect(e.message).toBe('lognormal needs gsd; lognormal takes p5 and p95, or median and gsd');
  });

  it('rejects a mix of the two lognormal parameter sets', () => {
    const file = tempFile('mix.yaml', 'assumptions:\n  sora_params: {dist: lognormal, p5: 5e9, p95: 60e9, median: 20e9}\n');
    const [e] = errorsOf(() => loadScenario(file));
    expect(e.place).toMatchObject({ line: 2, col: 54, field: 'assumptions.sora_params.median' });
    expect(e.message).toBe("'median' cannot be given with p5 and p95; lognormal takes p5 and p95, or median and gsd");
  });

  it('rejects non-numeric values, in block and flow style and inside lists', () => {
    const mode = errorAt(errors(), 'assumptions.diffusion_steps.mode');
    expect(mode.place).toMatchObject({ line: 7, col: 11 });
    expect(mode.message).toBe("mode must be a number; found the string 'fifty'");
    const value = errorAt(errors(), 'assumptions.cfg_factor.values.1');
    expect(value.place).toMatchObject({ line: 11, col: 44 });
    expect(value.message).toMatch(/values\[1\] must be a number/);
  });

  it('rejects .nan and .inf', () => {
    const nan = errorAt(errors(), 'assumptions.video_fraction');
    expect(nan.place).toMatchObject({ line: 9, col: 19 });
    expect(nan.message).toBe('video_fraction is .nan; give a finite number');
    const inf = errorAt(errors(), 'assumptions.training_days.sd');
    expect(inf.place).toMatchObject({ line: 10, col: 47 });
    expect(inf.message).toBe('sd is .inf; give a finite number');
  });

  it('requires source and note to be strings', () => {
    const errors = errorsOf(() => loadScenario(fixture('source-number.yaml')));
    expect(errorAt(errors, 'assumptions.data_multiplier.source').message).toBe('source must be a string; found 2024 (quote it)');
    expect(errorAt(errors, 'assumptions.data_multiplier.note').place).toMatchObject({ line: 2, col: 51 });
  });

  it('points relational errors from the distribution at the parameter they name', () => {
    const errors = errorsOf(() => loadScenario(fixture('relational.yaml')));
    expect(errors).toHaveLength(3);
    // Which of two related parameters is blamed is the distribution's choice; both are on the same line.
    const uniform = errors.find((e) => e.place.field?.startsWith('assumptions.data_multiplier.'))!;
    expect(uniform.place).toMatchObject({ line: 2 });
    expect(['assumptions.data_multiplier.min', 'assumptions.data_multiplier.max']).toContain(uniform.place.field);
    expect(errors.find((e) => e.place.field?.startsWith('assumptions.sora_params.'))!.place.line).toBe(3);
    const mode = errors.find((e) => e.place.field?.startsWith('assumptions.peak_factor.'))!;
    expect(mode.place).toMatchObject({ line: 4, col: 49, field: 'assumptions.peak_factor.mode' });
    expect(mode.message).toMatch(/mode/);
    for (const e of errors) expect(e.message).not.toBe('');
  });
});

describe("an assumption's distribution must stay in its domain", () => {
  const errors = () => errorsOf(() => loadScenario(fixture('domain.yaml')));

  it('rejects a share above 1, at the parameter that sets it', () => {
    const e = errorAt(errors(), 'assumptions.tiktok_ai_share.max');
    expect(e.place).toMatchObject({ line: 2, col: 51 });
    expect(e.message).toBe('uniform max 1.5 is outside the valid range: a fraction must be between 0 and 1');
  });

  it('asks for truncation of an unbounded normal on a quantity that cannot be negative', () => {
    const e = errorAt(errors(), 'assumptions.youtube_minutes_per_day');
    expect(e.place).toMatchObject({ line: 3, col: 28 });
    expect(e.message).toBe('normal is unbounded below; youtube_minutes_per_day must be at least 0: add min: 0');
  });

  it('checks each value of a discrete distribution, and fixed values', () => {
    const e = errorAt(errors(), 'assumptions.frames_per_second.values.1');
    expect(e.place).toMatchObject({ line: 4, col: 52 });
    expect(e.message).toBe('discrete value 0 is outside the valid range: frames_per_second must be greater than 0');
    expect(errorAt(errors(), 'assumptions.peak_factor').message).toBe('0.5 is outside the valid range: peak_factor must be at least 1');
    expect(errorAt(errors(), 'assumptions.inference_utilization').message).toMatch(/a utilization must be greater than 0 and at most 1/);
  });

  it('rejects a family unbounded above for a fraction', () => {
    expect(errorAt(errors(), 'assumptions.youtube_ai_share').message).toMatch(/^lognormal is unbounded above; a fraction must be between 0 and 1/);
  });

  it('accepts a normal truncated at 0 for a positive quantity', () => {
    const file = tempFile('ok.yaml', 'assumptions:\n  youtube_minutes_per_day: {dist: normal, mean: 43e6, sd: 4e6, min: 0}\n');
    expect(entry(loadScenario(file), 'youtube_minutes_per_day').spec).toEqual({ dist: 'normal', mean: 43e6, sd: 4e6, min: 0 });
  });
});

describe('extends', () => {
  it('inherits from the base file and overrides per assumption', () => {
    const s = loadScenario(fixture('child.yaml'));
    expect(s.name).toBe('child');
    expect(s.description).toBeUndefined();
    expect(s.files).toEqual([fixture('child.yaml'), fixture('base.yaml')]);
    expect(entry(s, 'data_multiplier')).toEqual({ name: 'data_multiplier', spec: { dist: 'fixed', value: 8 }, from: fixture('child.yaml') });
    expect(entry(s, 'sora_params')).toEqual({
      name: 'sora_params',
      spec: { dist: 'lognormal', p5: 5e9, p95: 60e9 },
      note: 'wide',
      from: fixture('base.yaml'),
    });
    expect(entry(s, 'video_seconds')).toMatchObject({ spec: { dist: 'fixed', value: 60 }, from: 'model.md' });
  });

  it('hashes the file, then the files it extends', () => {
    const s = loadScenario(fixture('child.yaml'));
    const hash = createHash('sha256').update(readFileSync(fixture('child.yaml'))).update(readFileSync(fixture('base.yaml')));
    expect(s.inputSha256).toBe(hash.digest('hex'));
  });

  it('names a missing base file and the line of extends:', () => {
    const errors = errorsOf(() => loadScenario(fixture('extends-missing.yaml')));
    const e = errorAt(errors, 'extends');
    expect(e.place).toMatchObject({ file: fixture('extends-missing.yaml'), line: 2, col: 10 });
    expect(e.message).toBe(`cannot extend 'no-such-file.yaml': no such file (looked for ${fixture('no-such-file.yaml')})`);
  });

  it('shows the chain of a cycle', () => {
    const [e] = errorsOf(() => loadScenario(fixture('cycle-a.yaml')));
    expect(e.place).toMatchObject({ file: fixture('cycle-b.yaml'), line: 2, col: 10, field: 'extends' });
    expect(e.message).toBe(`extends makes a cycle: ${['cycle-a', 'cycle-b', 'cycle-a'].map((f) => fixture(`${f}.yaml`)).join(' -> ')}`);
  });

  it('requires extends to be a string', () => {
    const [e] = errorsOf(() => loadScenario(fixture('extends-list.yaml')));
    expect(e.place).toMatchObject({ line: 1, col: 10, field: 'extends' });
    expect(e.message).toMatch(/extends must be the path of another scenario file, as a string; found a list/);
  });
});

describe('JSON files', () => {
  it('are accepted, since JSON is YAML', () => {
    const s = loadScenario(fixture('scenario.json'));
    expect(s.name).toBe('From JSON');
    expect(entry(s, 'sora_params').spec).toEqual({ dist: 'lognormal', median: 20e9, gsd: 2 });
    expect(entry(s, 'cfg_factor').spec).toEqual({ dist: 'discrete', values: [1, 2], weights: [0.3, 0.7] });
  });

  it('report problems at their line and column', () => {
    const [e] = errorsOf(() => loadScenario(fixture('bad.json')));
    expect(e.place).toMatchObject({ line: 3, col: 24, field: 'assumptions.data_multiplier' });
    expect(e.message).toMatch(/must be a number, or a mapping .*; found the string 'ten'/);
  });
});

describe('--set', () => {
  it('takes a plain number as a fixed value', () => {
    expect(parseSet('data_multiplier=10')).toEqual({ name: 'data_multiplier', spec: { dist: 'fixed', value: 10 } });
  });

  it('takes a YAML flow mapping as a distribution', () => {
    expect(parseSet('diffusion_steps={dist: uniform, min: 20, max: 250}')).toEqual({
      name: 'diffusion_steps',
      spec: { dist: 'uniform', min: 20, max: 250 },
    });
  });

  it('overrides the file, and the last --set of a name wins', () => {
    const s = loadScenario('distributions/seed-article.yaml', { sets: ['data_multiplier=10', 'cfg_factor=2', 'cfg_factor=1.5'] });
    expect(entry(s, 'data_multiplier')).toEqual({ name: 'data_multiplier', spec: { dist: 'fixed', value: 10 }, from: '--set' });
    expect(entry(s, 'cfg_factor').spec).toEqual({ dist: 'fixed', value: 1.5 });
  });

  it.each([
    ['data_multiplier', /is not NAME=VALUE; for example data_multiplier=10/],
    ['sora_param=20e9', /unknown assumption 'sora_param'; did you mean 'sora_params'\?/],
    ['diffusion_steps={dist: uniform, min: 20', /invalid YAML/],
    ['diffusion_steps={dist: uniform, min: 250, max: 20}', /^'diffusion_steps=.*': diffusion_steps\.(min|max): /],
    ['tiktok_ai_share=1.5', /1\.5 is outside the valid range: a fraction must be between 0 and 1/],
    ['data_multiplier=ten', /must be a number/],
  ])('rejects %s with a UserError on --set', (arg, message) => {
    const [e] = errorsOf(() => parseSet(arg));
    expect(e.place.field).toBe('--set');
    expect(e.message).toMatch(message);
  });

  it('reports bad --set values together with the file', () => {
    const errors = errorsOf(() => loadScenario(fixture('unknown-assumption.yaml'), { sets: ['data_multiplier=x'] }));
    expect(errors.map((e) => e.place.field)).toEqual(['assumptions.sora_param', 'assumptions.totally_unrelated_thing', '--set']);
  });
});

describe('the shipped scenarios', () => {
  it.each(SHIPPED)('%s loads with every canonical assumption in order', (file) => {
    const s = loadScenario(file);
    expect(s.assumptions.map((a) => a.name)).toEqual(ASSUMPTION_NAMES);
    expect(s.description).toBeTruthy();
    expect(readFileSync(file, 'utf8')).toMatch(/^# yaml-language-server: \$schema=\.\.\/schema\/scenario\.schema\.json\n/);
  });

  it('seed-article fixes every assumption at its model.md value, each with a source', () => {
    const s = loadScenario('distributions/seed-article.yaml');
    for (const info of ASSUMPTIONS) {
      const a = entry(s, info.name);
      expect(a.spec, info.name).toEqual({ dist: 'fixed', value: info.articleValue });
      // The video-DiT assumptions postdate the file; their defaults leave the article's chain as it was.
      expect(a.from).toBe(VIDEO_DIT_ASSUMPTIONS.includes(info.name) ? 'model.md' : 'distributions/seed-article.yaml');
      expect(a.source, info.name).toBeTruthy();
    }
  });

  it('seed-article-optimistic changes only data_multiplier, to 10', () => {
    const seed = loadScenario('distributions/seed-article.yaml');
    const optimistic = loadScenario('distributions/seed-article-optimistic.yaml');
    const changed = optimistic.assumptions.filter((a, i) => !specEquals(a.spec, seed.assumptions[i].spec)).map((a) => a.name);
    expect(changed).toEqual(['data_multiplier']);
    expect(entry(optimistic, 'data_multiplier').spec).toEqual({ dist: 'fixed', value: 10 });
    expect(optimistic.files).toEqual(['distributions/seed-article-optimistic.yaml', 'distributions/seed-article.yaml']);
  });

  it("seed-article-ranges turns the article's own two ranges into distributions", () => {
    const s = loadScenario('distributions/seed-article-ranges.yaml');
    expect(entry(s, 'data_multiplier').spec).toEqual({ dist: 'uniform', min: 4, max: 10 });
    expect(entry(s, 'inference_utilization').spec).toEqual({ dist: 'uniform', min: 0.5, max: 1 });
    expect(s.assumptions.filter((a) => a.spec.dist !== 'fixed')).toHaveLength(2);
  });

  it('baseline gives a reason for every assumption it sets', () => {
    for (const a of loadScenario('distributions/baseline.yaml').assumptions) {
      expect(a.source ?? a.note, a.name).toBeTruthy();
      if (!VIDEO_DIT_ASSUMPTIONS.includes(a.name)) expect(a.from).not.toBe('model.md');
    }
  });
});

describe('the JSON Schema', () => {
  const committed = readFileSync('schema/scenario.schema.json', 'utf8');
  const ajv = new Ajv2020.default({ allErrors: true, strict: false });
  const validate = ajv.compile(JSON.parse(committed));

  it('is fresh: regenerate with `npx tsx src/scenario/write-schema.ts`', () => {
    expect(committed).toBe(schemaText());
  });

  it('lets editors complete assumption names and distribution families', () => {
    const schema = JSON.parse(committed);
    expect(Object.keys(schema.properties.assumptions.properties)).toEqual(ASSUMPTION_NAMES);
    const consts = Object.values(schema.$defs as Record<string, { properties?: { dist?: { const?: string } } }>)
      .map((d) => d.properties?.dist?.const)
      .filter(Boolean);
    expect(new Set(consts)).toEqual(new Set(Object.keys(FAMILIES)));
  });

  it.each([...SHIPPED, fixture('scenario.json'), fixture('child.yaml')])('validates %s', (file) => {
    const ok = validate(parseYaml(readFileSync(file, 'utf8')));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('rejects unknown assumptions and families', () => {
    expect(validate(parseYaml(readFileSync(fixture('unknown-assumption.yaml'), 'utf8')))).toBe(false);
    expect(validate(parseYaml(readFileSync(fixture('unknown-dist.yaml'), 'utf8')))).toBe(false);
  });
});

describe('loader errors', () => {
  it('are UserErrors, not generic Errors, for a missing file', () => {
    const [e] = errorsOf(() => loadScenario('distributions/no-such-scenario.yaml'));
    expect(e).toBeInstanceOf(UserError);
    expect(e.format()).toBe('distributions/no-such-scenario.yaml: cannot read the scenario file: no such file');
  });

  it('are one UserErrors listing every problem, printed one per line', () => {
    try {
      loadScenario(fixture('params.yaml'));
    } catch (e) {
      expect(e).toBeInstanceOf(UserErrors);
      expect((e as UserErrors).format().split('\n')).toHaveLength(7);
      expect((e as UserErrors).format()).toMatch(/^test\/fixtures\/spec\/params\.yaml:2:20: assumptions\.data_multiplier\.max: uniform needs max/);
      return;
    }
    throw new Error('expected UserErrors');
  });
});

describe('specEquals', () => {
  it('ignores key order and undefined optional keys', () => {
    expect(specEquals({ dist: 'uniform', min: 1, max: 2 }, { max: 2, min: 1, dist: 'uniform' } as never)).toBe(true);
    expect(specEquals({ dist: 'normal', mean: 1, sd: 2, min: undefined }, { dist: 'normal', mean: 1, sd: 2 })).toBe(true);
    expect(specEquals({ dist: 'discrete', values: [1, 2] }, { dist: 'discrete', values: [1, 2] })).toBe(true);
  });

  it('tells different specs apart', () => {
    expect(specEquals({ dist: 'uniform', min: 1, max: 2 }, { dist: 'loguniform', min: 1, max: 2 })).toBe(false);
    expect(specEquals({ dist: 'discrete', values: [1, 2] }, { dist: 'discrete', values: [1, 2], weights: [1, 1] })).toBe(false);
    expect(specEquals({ dist: 'discrete', values: [1, 2] }, { dist: 'discrete', values: [2, 1] })).toBe(false);
  });
});

describe('hardware by name: `gpu:` in a scenario file', () => {
  it('gpu: b200 sets gpu_peak_flops to 2,250 TFLOP/s and gpu_hour_price_usd from the catalogue, each with its source', () => {
    const s = loadScenario(tempFile('b200.yaml', 'gpu: b200\n'));
    expect(entry(s, 'gpu_peak_flops').spec).toEqual({ dist: 'fixed', value: 2250e12 });
    expect(entry(s, 'gpu_peak_flops').source).toMatch(/^NVIDIA B200, data\/gpus\.yaml: NVIDIA HGX B200 datasheet/);
    expect(entry(s, 'gpu_hour_price_usd').spec).toEqual({ dist: 'fixed', value: 5.25 });
    expect(entry(s, 'gpu_hour_price_usd').from).toMatch(/b200\.yaml \(gpu: b200\)$/);
  });

  it('is still overridden by the assumptions of the same file, and by --set', () => {
    const file = tempFile('mi300x.yaml', 'gpu: mi300x\nassumptions:\n  gpu_hour_price_usd: {value: 2.5, source: a quote}\n');
    const s = loadScenario(file, { sets: ['gpu_peak_flops=1e15'] });
    expect(entry(s, 'gpu_hour_price_usd').spec).toEqual({ dist: 'fixed', value: 2.5 });
    expect(entry(s, 'gpu_peak_flops').spec).toEqual({ dist: 'fixed', value: 1e15 });
  });

  it('in a file that extends another overrides the GPU the other file names', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spec-test-'));
    writeFileSync(join(dir, 'base.yaml'), 'gpu: a100\nassumptions:\n  sora_params: 3e10\n');
    writeFileSync(join(dir, 'child.yaml'), 'extends: base.yaml\ngpu: h200\n');
    const s = loadScenario(join(dir, 'child.yaml'));
    expect(entry(s, 'gpu_peak_flops').spec).toEqual({ dist: 'fixed', value: 989.4e12 });
    expect(entry(s, 'gpu_hour_price_usd').spec).toEqual({ dist: 'fixed', value: 4 });
    expect(entry(s, 'sora_params').spec).toEqual({ dist: 'fixed', value: 3e10 });
  });

  it('rejects an unknown GPU at its line and column, listing the valid names', () => {
    const file = tempFile('typo.yaml', 'name: typo\ngpu: h100\n');
    const [e] = errorsOf(() => loadScenario(file));
    expect(e.place).toMatchObject({ file, line: 2, col: 6, field: 'gpu' });
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe("unknown GPU 'h100' (did you mean 'h100-sxm'?); data/gpus.yaml has a100, h100-sxm, h200, b200, gb200 and mi300x");
  });

  it('rejects a GPU that is not a name', () => {
    const [e] = errorsOf(() => loadScenario(tempFile('number.yaml', 'gpu: 100\n')));
    expect(e.message).toMatch(/gpu must be a string; found/);
  });
});

describe('overflows: values the model cannot take to a finite answer', () => {
  const specs = (overrides: Record<string, DistSpec> = {}): Map<string, DistSpec> =>
    new Map(ASSUMPTIONS.map((a) => [a.name, overrides[a.name] ?? { dist: 'fixed', value: a.articleValue }]));

  it('finds none in the article, nor where exact zeros make an answer infinite (no AI minutes: never a crossover)', () => {
    expect(overflows(specs())).toEqual([]);
    expect(overflows(specs({ tiktok_ai_share: { dist: 'fixed', value: 0 }, youtube_ai_share: { dist: 'fixed', value: 0 } }))).toEqual([]);
  });

  it('names the assumption whose reachable extreme takes outputs past 1.8e308, and the outputs', () => {
    const [o, ...rest] = overflows(specs({ sora_params: { dist: 'fixed', value: 1e300 } }));
    expect(rest).toEqual([]);
    expect(o.assumption).toBe('sora_params');
    expect(o.extreme).toBe(1e300);
    expect(o.outputs).toContain('training_flops');
    expect(o.outputs).not.toContain('llm_flops_per_document');
  });

  it('finds an overflow at the far end of a range too, at the end the draws can reach', () => {
    const [o] = overflows(specs({ training_utilization: { dist: 'loguniform', min: 1e-305, max: 1 } }));
    expect(o.assumption).toBe('training_utilization');
    expect(o.outputs).toEqual(['training_gpu_hours', 'training_gpus', 'training_cost_usd']);
  });
});
