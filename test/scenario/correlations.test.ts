import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { errorsOf } from '../user-errors.js';
import { loadScenario } from '../../src/scenario/index.js';

const fixture = (name: string) => join('test/fixtures/spec', name);
const SHIPPED = ['seed-article', 'seed-article-optimistic', 'seed-article-ranges', 'baseline', 'analyst-small', 'analyst-large'].map((s) => `distributions/${s}.yaml`);


describe('the correlations section of a scenario file', () => {
  it('loads target rank correlations with their source and note', () => {
    const s = loadScenario(fixture('correlated.yaml'));
    expect(s.correlations).toEqual([
      { between: ['sora_params', 'inference_utilization'], spearman: -0.6, note: 'a bigger model is usually served at lower utilization', from: fixture('correlated.yaml') },
      { between: ['tiktok_ai_share', 'generations_per_upload'], spearman: 0.5, source: 'issue 23', from: fixture('correlated.yaml') },
      { between: ['sora_params', 'data_multiplier'], spearman: 0.3, from: fixture('correlated.yaml') },
    ]);
  });

  it('is empty when a file has none, and every shipped scenario has none', () => {
    expect(loadScenario(fixture('base.yaml')).correlations).toEqual([]);
    for (const file of SHIPPED) expect(loadScenario(file).correlations, file).toEqual([]);
  });

  it('merges through extends like assumptions: the child replaces a pair in either order, and spearman 0 stays a target', () => {
    const s = loadScenario(fixture('correlated-child.yaml'));
    const child = fixture('correlated-child.yaml');
    expect(s.correlations.map((c) => [c.between.join(' ~ '), c.spearman, c.from])).toEqual([
      ['inference_utilization ~ sora_params', -0.4, child],
      ['tiktok_ai_share ~ generations_per_upload', 0.5, fixture('correlated.yaml')],
      ['data_multiplier ~ sora_params', 0, child],
      ['gpu_hour_price_usd ~ inference_utilization', 0.2, child],
    ]);
  });

  it('reports every problem of a file at once, at its line and column', () => {
    const file = fixture('correlations-bad.yaml');
    const errors = errorsOf(() => loadScenario(file));
    expect(errors.map((e) => [e.place.file, e.place.line, e.place.col, e.place.field, e.message])).toEqual([
      [file, 5, 28, 'correlations.0.between.1', "unknown assumption 'inference_utilisation'; did you mean 'inference_utilization'?"],
      [file, 9, 14, 'correlations.2.between', 'inference_utilization ~ sora_params is already given at line 7 (correlations.1); give each pair once'],
      [file, 11, 14, 'correlations.3.between', 'between names sora_params twice; a correlation is between two different assumptions'],
      [file, 14, 15, 'correlations.4.spearman', 'spearman is 1.5; a rank correlation lies between -1 and 1'],
      [file, 15, 14, 'correlations.5.between', 'between must list two assumption names, as [sora_params, inference_utilization]; found a list of 1'],
      [file, 19, 5, 'correlations.6.sauce', "a correlation does not take 'sauce' (did you mean 'source'?); it takes between, spearman, source and note"],
    ]);
  });

  it('refuses a correlations section that is not a list', () => {
    const [e] = errorsOf(() => loadScenario(fixture('correlations-list.yaml')));
    expect(e.place).toMatchObject({ line: 2, col: 3, field: 'correlations' });
    expect(e.message).toMatch(/^correlations must be a list of \{between: \[name, name\], spearman: number\}; found a mapping/);
  });

  it('refuses to correlate an assumption that is fixed after extends, naming who fixed it', () => {
    const errors = errorsOf(() => loadScenario(fixture('correlations-fixed.yaml')));
    expect(errors.map((e) => [e.place.file, e.place.line, e.place.field, e.message])).toEqual([
      [fixture('correlations-fixed.yaml'), 5, 'correlations.0.between.0', 'video_fraction is fixed (at its model.md default), so it cannot be correlated; give it a distribution, or cancel this pair with spearman: 0 in a file that extends this one'],
      [fixture('correlated.yaml'), 14, 'correlations.1.between.0', `tiktok_ai_share is fixed (in ${fixture('correlations-fixed.yaml')}), so it cannot be correlated; give it a distribution, or cancel this pair with spearman: 0 in a file that extends this one`],
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
  });

  it('refuses to correlate an assumption that --set fixes, and drops a pair at 0 that names a fixed one', () => {
    const [e] = errorsOf(() => loadScenario(fixture('correlated.yaml'), { sets: ['inference_utilization=0.5'] }));
    expect(e.place).toMatchObject({ file: fixture('correlated.yaml'), line: 11, field: 'correlations.0.between.1' });
    expect(e.message).toMatch(/^inference_utilization is fixed \(by --set\), so it cannot be correlated/);
    const s = loadScenario(fixture('correlated-child.yaml'), { sets: ['data_multiplier=6'] });
    expect(s.correlations.map((c) => c.between.join(' ~ '))).not.toContain('data_multiplier ~ sora_params');
  });

  it('refuses correlations that cannot hold together, naming the pairs and where each is written', () => {
    const [e] = errorsOf(() => loadScenario(fixture('correlations-conflict.yaml')));
    const child = fixture('correlations-conflict.yaml');
    expect(e.place).toMatchObject({ file: child, line: 3, col: 5, field: 'correlations.0' });
    expect(e.message).toBe(
      `the correlations data_multiplier ~ inference_utilization 0.9 (${child}:3), sora_params ~ data_multiplier 0.9 (${child}:5) ` +
        `and sora_params ~ inference_utilization -0.6 (${fixture('correlated.yaml')}:11) cannot hold together ` +
        '(the correlation matrix of sora_params, data_multiplier and inference_utilization is not positive definite); weaken one of them',
    );
  });

  it('is described by the JSON Schema: the example validates, a bad entry does not', () => {
    const validate = new Ajv2020.default({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync('schema/scenario.schema.json', 'utf8')));
    for (const name of ['correlated.yaml', 'correlated-child.yaml']) {
      expect(validate(parseYaml(readFileSync(fixture(name), 'utf8'))), name).toBe(true);
    }
    expect(validate(parseYaml(readFileSync(fixture('correlations-bad.yaml'), 'utf8')))).toBe(false);
  });
});
