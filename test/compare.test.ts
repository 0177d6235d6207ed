/**
 * `sora-compute compare`: common random numbers, the Shapley attribution of each median's
 * change (against closed forms and a known answer), the command's errors, its JSON and its page.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareCommand, defaultCompareThreads, type CompareCommandOptions } from '../src/commands/compare.js';
import { compareScenarios, KEY_OUTPUTS } from '../src/compare/compare.js';
import { exactShapley, sampledShapley, type Game } from '../src/compare/shapley.js';
import type { Attribution, CompareResult } from '../src/compare/types.js';
import { runScenario } from '../src/engine/run.js';
import { PERCENTILES, type PercentileKey } from '../src/engine/types.js';
import { UserError } from '../src/errors.js';
import { dependsOn } from '../src/model/depends.js';
import { OUTPUTS } from '../src/model/outputs.js';
import { CHUNK_SIZE, sequentialUniforms } from '../src/random/streams.js';
import { compileChart } from '../src/report/compile.js';
import { comparisonCharts } from '../src/report/compare-report.js';
import { REPORT_MARKER } from '../src/report/page.js';
import { loadScenario } from '../src/scenario/index.js';
import { renderCompareText } from '../src/terminal/compare-text.js';
import { launchChromium, openOffline } from './browser.js';

const ROOT = join(import.meta.dirname, '..');
const EPS = Number.EPSILON;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sora-compare-'));
  dirs.push(dir);
  return dir;
}

/** Writes scenario files into a fresh folder; returns their paths by name. */
function files(contents: Record<string, string>): Record<string, string> {
  const dir = scratch();
  return Object.fromEntries(
    Object.entries(contents).map(([name, text]) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return [name, path];
    }),
  );
}

class Sink {
  text = '';
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

async function compare(list: string[], extra: Partial<CompareCommandOptions> = {}): Promise<{ result: CompareResult; stdout: string }> {
  const stdout = new Sink();
  const stderr = new Sink();
  const result = await compareCommand(
    { files: list, samples: 20_000, seed: 7, threads: 1, json: false, report: false, outputs: [], commandLine: 'sora-compute compare', ...extra },
    { stdout: stdout as unknown as NodeJS.WritableStream, stderr: stderr as unknown as NodeJS.WriteStream },
  );
  return { result, stdout: stdout.text };
}

function only(result: CompareResult, output: string): Attribution {
  const entry = result.attribution[output];
  if (Array.isArray(entry) || entry.method === 'none') throw new Error(`expected one attribution of ${output}`);
  return entry;
}

const sum = (xs: Iterable<number>): number => [...xs].reduce((s, x) => s + x, 0);

/**
 * Rounding error of a computation that amounts to `roundings` steps each erring by at most EPS
 * relative to `scale`, the largest magnitude involved (Higham, Accuracy and Stability of
 * Numerical Algorithms, 2nd ed., section 4.2: recursive summation of m terms errs by at most
 * (m - 1) EPS times the sum of their magnitudes). An exact Shapley value sums 2^(d-1) weighted
 * marginals whose weights sum to 1 and which are each at most 2 * max|v|; the game's own values
 * carry about d roundings each.
 */
const roundoff = (roundings: number, scale: number): number => roundings * EPS * scale;

describe('Shapley values on closed forms', () => {
  const players = ['sora_params', 'diffusion_steps', 'data_multiplier', 'cfg_factor', 'peak_factor'];
  const weights: Record<string, number> = { sora_params: 0.4054651081081644, diffusion_steps: -1.6094379124341003, data_multiplier: 1.0986122886681098, cfg_factor: 0.6931471805599453, peak_factor: -0.1 };
  const additive: Game = (s) => sum([...s].map((p) => weights[p]));
  const maxAbs = sum(Object.values(weights).map(Math.abs));

  it('gives each player its weight in an additive game, and the contributions sum to the total', () => {
    const r = exactShapley(players, additive);
    expect(r.method).toBe('exact');
    expect(r.evaluations).toBe(2 ** players.length);
    // Each contribution is a sum of 2^(d-1) weighted marginals, each within a few roundings of the weight.
    for (const p of players) expect(Math.abs(r.contributions[p] - weights[p])).toBeLessThanOrEqual(roundoff(2 ** 5 + 2 * 5, maxAbs));
    expect(Math.abs(sum(Object.values(r.contributions)) - r.total)).toBeLessThanOrEqual(roundoff(6 * (2 ** 5 + 2 * 5), maxAbs));
  });

  it('splits a pure interaction equally: v = 1 only when a and b are both in, so 1/2 each and 0 for a bystander', () => {
    const r = exactShapley(['a', 'b', 'c'], (s) => (s.has('a') && s.has('b') ? 1 : 0));
    expect(Math.abs(r.contributions.a - 0.5)).toBeLessThanOrEqual(roundoff(2 ** 3, 2));
    expect(Math.abs(r.contributions.b - 0.5)).toBeLessThanOrEqual(roundoff(2 ** 3, 2));
    expect(r.contributions.c).toBe(0);
    expect(r.total).toBe(1);
    expect(Math.abs(r.contributions.a + r.contributions.b + r.contributions.c - 1)).toBeLessThanOrEqual(roundoff(4 * 2 ** 3, 2));
  });

  it('gives w_i * W in the quadratic game v(S) = (sum of w over S)^2', () => {
    const w = players.map((_, i) => (i + 1) / 4);
    const W = sum(w);
    const r = exactShapley(players, (s) => sum(players.filter((p) => s.has(p)).map((p) => w[players.indexOf(p)])) ** 2);
    players.forEach((p, i) => expect(Math.abs(r.contributions[p] - w[i] * W)).toBeLessThanOrEqual(roundoff(2 ** 5 + 2 * 5, 2 * W * W)));
    expect(Math.abs(sum(Object.values(r.contributions)) - r.total)).toBeLessThanOrEqual(roundoff(6 * (2 ** 5 + 2 * 5), 2 * W * W));
  });

  it('does not depend on the order the players are listed in, to the last bit', () => {
    const game: Game = (s) => (s.has('cfg_factor') && s.has('sora_params') ? 2 : 0) + additive(s) * (s.has('peak_factor') ? 1.5 : 1);
    const reversed = [...players].reverse();
    const shuffled = [players[2], players[4], players[0], players[3], players[1]];
    const exact = exactShapley(players, game);
    const sampled = sampledShapley(players, game, { random: sequentialUniforms(1, 'test', 0), permutations: 40 });
    for (const order of [reversed, shuffled]) {
      const e = exactShapley(order, game);
      const s = sampledShapley(order, game, { random: sequentialUniforms(1, 'test', 0), permutations: 40 });
      for (const p of players) {
        expect(e.contributions[p]).toBe(exact.contributions[p]);
        expect(s.contributions[p]).toBe(sampled.contributions[p]);
        expect(s.standardErrors![p]).toBe(sampled.standardErrors![p]);
      }
    }
  });

  it('estimates an additive game exactly by sampling: every order gives every player its weight', () => {
    const r = sampledShapley(players, additive, { random: sequentialUniforms(3, 'test', 0), permutations: 64 });
    expect(r.method).toBe('sampled');
    expect(r.permutations).toBe(64);
    for (const p of players) {
      // Each marginal is within 2d roundings of the weight; averaging 32 pairs adds 32.
      expect(Math.abs(r.contributions[p] - weights[p])).toBeLessThanOrEqual(roundoff(2 * 5 + 32, maxAbs));
      expect(r.standardErrors![p]).toBeLessThanOrEqual(roundoff(2 * 5 + 32, maxAbs));
    }
    expect(Math.abs(sum(Object.values(r.contributions)) - r.total)).toBeLessThanOrEqual(roundoff(6 * (2 * 5 + 32), maxAbs));
  });

  it('is exact on pairwise interactions: an order and its reverse cancel them', () => {
    const many = Array.from({ length: 12 }, (_, i) => `p${String(i).padStart(2, '0')}`);
    const w = many.map((_, i) => 1 + (i % 5) / 2);
    const W = sum(w);
    // (sum of w over S)^2: pairwise terms only; phi_i = w_i * W.
    const r = sampledShapley(many, (s) => sum(many.filter((p) => s.has(p)).map((p) => w[many.indexOf(p)])) ** 2, {
      random: sequentialUniforms(11, 'test', 0),
      permutations: 16,
    });
    many.forEach((p, i) => expect(Math.abs(r.contributions[p] - w[i] * W), p).toBeLessThanOrEqual(roundoff(2 * 12 + 8, 2 * W * W)));
  });

  it('lands within 4 standard errors of the exact values on higher-order interactions', () => {
    const many = Array.from({ length: 12 }, (_, i) => `p${String(i).padStart(2, '0')}`);
    const w = many.map((_, i) => 1 + (i % 5) / 2);
    const cubic: Game = (s) => sum(many.filter((p) => s.has(p)).map((p) => w[many.indexOf(p)])) ** 3;
    const unanimity: Game = (s) => (s.has('p01') && s.has('p05') && s.has('p09') ? 1 : 0) + (s.has('p02') ? 0.5 : 0);
    for (const game of [cubic, unanimity]) {
      const exact = exactShapley(many, game);
      const r = sampledShapley(many, game, { random: sequentialUniforms(11, 'test', 0), permutations: 128 });
      let spread = 0;
      for (const p of many) {
        const se = r.standardErrors![p];
        spread += se;
        expect(Math.abs(r.contributions[p] - exact.contributions[p]), p).toBeLessThanOrEqual(4 * se + roundoff(2 ** 12 + 2 * 12, Math.abs(exact.total)));
      }
      // A real estimate: orders disagree, so the standard errors are not all zero.
      expect(spread).toBeGreaterThan(0);
      expect(Math.abs(sum(Object.values(r.contributions)) - r.total)).toBeLessThanOrEqual(roundoff(13 * (2 * 12 + 64), Math.abs(r.total)));
    }
    // The known closed form of the unanimity game: 1/3 to each of the three, 1/2 to p02.
    const u = exactShapley(many, unanimity);
    for (const p of ['p01', 'p05', 'p09']) expect(Math.abs(u.contributions[p] - 1 / 3)).toBeLessThanOrEqual(roundoff(2 ** 11, 2));
    expect(Math.abs(u.contributions.p02 - 0.5)).toBeLessThanOrEqual(roundoff(2 ** 11, 2));
    expect(u.contributions.p00).toBe(0);
  });
});

const BASE = `
name: Base
assumptions:
  sora_params: {dist: lognormal, p5: 5e9, p95: 60e9}
  diffusion_steps: {dist: uniform, min: 25, max: 250}
  data_multiplier: 4
  youtube_ai_share: {dist: pert, min: 0.02, mode: 0.1, max: 0.3}
  inference_utilization: {dist: uniform, min: 0.3, max: 0.7}
  video_seconds: {dist: triangular, min: 10, mode: 20, max: 60}
`;

describe('common random numbers', () => {
  const f = files({
    'base.yaml': BASE,
    'youtube.yaml': `name: More YouTube AI\nextends: base.yaml\nassumptions:\n  youtube_ai_share: {dist: triangular, min: 0.1, mode: 0.3, max: 0.6}\n`,
  });

  it('changing youtube_ai_share leaves every output that does not depend on it bit-identical', async () => {
    const { result, stdout } = await compare([f['base.yaml'], f['youtube.yaml']]);
    expect(result.differing).toEqual(['youtube_ai_share']);
    for (const info of OUTPUTS) {
      const [a, b] = result.outputs[info.name];
      const keys = PERCENTILES.map((p) => `p${p}` as PercentileKey);
      if (dependsOn(info.name).includes('youtube_ai_share')) continue;
      for (const k of keys) expect(Object.is(b.percentiles[k], a.percentiles[k]), `${info.name} ${k}`).toBe(true);
      expect(b.ratio_p50, info.name).toBe(1);
    }
    // The outputs that do depend on it moved, so the identities above are not vacuous.
    for (const name of ['ai_video_minutes_per_day', 'gpus_peak', 'crossover_days']) {
      expect(result.outputs[name][1].percentiles.p50).not.toBe(result.outputs[name][0].percentiles.p50);
    }
    const training = only(result, 'training_flops');
    expect(training.total_log_ratio).toBe(0);
    expect(training.contributions).toEqual({ youtube_ai_share: 0 });
    // One player takes the whole change: v(all) - v(none).
    const gpus = only(result, 'gpus_peak');
    expect(gpus.contributions.youtube_ai_share).toBe(gpus.total_log_ratio);
    expect(gpus.total_log_ratio).toBe(Math.log(result.outputs.gpus_peak[1].percentiles.p50) - Math.log(result.outputs.gpus_peak[0].percentiles.p50));
    expect(stdout).toMatch(/^training_flops .* same$/m);
  });

  it('compares a file with itself as no difference at all', async () => {
    const { result, stdout } = await compare([f['base.yaml'], f['base.yaml']]);
    expect(result.differing).toEqual([]);
    for (const info of OUTPUTS) expect(result.outputs[info.name][1].ratio_p50, info.name).toBe(1);
    for (const name of result.attributed) {
      const a = only(result, name);
      expect(a.total_log_ratio).toBe(0);
      expect(a.contributions).toEqual({});
    }
    expect(stdout).toContain('No assumption differs');
    expect(stdout.match(/ same$/gm)?.length).toBe(OUTPUTS.length);
  });

  it('draws each file exactly as `run` does: the same percentiles as runScenario', async () => {
    const samples = CHUNK_SIZE + 4_321;
    const scenario = loadScenario(f['base.yaml']);
    const run = await runScenario(scenario, { samples, seed: 7, threads: 1 });
    const { result } = await compareScenarios([scenario, loadScenario(f['youtube.yaml'])], { samples, seed: 7 });
    for (const info of OUTPUTS) {
      for (const p of PERCENTILES) {
        const k = `p${p}` as PercentileKey;
        expect(result.outputs[info.name][0].percentiles[k], `${info.name} ${k}`).toBe(run.outputs[info.name].percentiles[k]);
      }
    }
  }, 60_000);
});

describe('attribution: a known answer', () => {
  // B scales three of A's distributions by constants: sora_params by 1.5 (lognormal p5 and p95),
  // diffusion_steps by 0.2 (uniform min and max), data_multiplier by 3 (fixed).
  const f = files({
    'a.yaml': BASE,
    'b.yaml': BASE.replace('name: Base', 'name: Scaled')
      .replace('p5: 5e9, p95: 60e9', 'p5: 7.5e9, p95: 90e9')
      .replace('min: 25, max: 250', 'min: 5, max: 50')
      .replace('data_multiplier: 4', 'data_multiplier: 12'),
  });
  const c = { sora_params: 1.5, diffusion_steps: 0.2, data_multiplier: 3 };
  // Each draw of an output in B is c times its draw in A up to roundings: the spec parameters
  // (about 25 in log space, so |ln error| <= ~30 * 25 * EPS) and the model's ~20 operations.
  // Every ln median then errs by < 1e-12, and a Shapley value is a weighted mean of
  // differences of them (weights summing to 1), so it errs by < 2e-12.
  const TOLERANCE = 2e-12;
  let result: CompareResult;
  beforeAll(async () => {
    ({ result } = await compare([f['a.yaml'], f['b.yaml']], { outputs: ['flops_per_video_minute'] }));
  });

  it('credits each scaled assumption with ln of its constant', () => {
    const expected: Record<string, Record<string, number>> = {
      // training_flops ∝ sora_params x data_multiplier; diffusion_steps cannot move it.
      training_flops: { sora_params: Math.log(c.sora_params), data_multiplier: Math.log(c.data_multiplier), diffusion_steps: 0 },
      // flops_per_video_minute ∝ sora_params x diffusion_steps.
      flops_per_video_minute: { sora_params: Math.log(c.sora_params), diffusion_steps: Math.log(c.diffusion_steps), data_multiplier: 0 },
      // crossover_video_minutes ∝ data_multiplier / diffusion_steps; model size cancels.
      crossover_video_minutes: { sora_params: 0, data_multiplier: Math.log(c.data_multiplier), diffusion_steps: -Math.log(c.diffusion_steps) },
      // gpus_peak ∝ flops_per_video_minute.
      gpus_peak: { sora_params: Math.log(c.sora_params), diffusion_steps: Math.log(c.diffusion_steps), data_multiplier: 0 },
    };
    expect(result.differing).toEqual(['sora_params', 'data_multiplier', 'diffusion_steps']);
    for (const [output, want] of Object.entries(expected)) {
      const a = only(result, output);
      expect(a.method).toBe('exact');
      for (const [name, value] of Object.entries(want)) {
        if (value === 0) expect(a.contributions[name], `${output} ${name}`).toBe(0);
        else expect(Math.abs(a.contributions[name] - value), `${output} ${name}`).toBeLessThan(TOLERANCE);
      }
      expect(Math.abs(a.total_log_ratio - sum(Object.values(want)))).toBeLessThan(TOLERANCE);
      // v is ln of a median, at most about 60 (ln 1e26); three players.
      expect(Math.abs(sum(Object.values(a.contributions)) - a.total_log_ratio)).toBeLessThanOrEqual(roundoff(4 * (2 ** 3 + 2 * 3), 60));
    }
  });

  it('prints what moved each median', () => {
    const text = renderCompareText(result);
    expect(text).toContain("training_flops: B's P50 is 4.5× A's");
    expect(text).toMatch(/^ {2}sora_params +1\.5× +0\.405$/m);
    expect(text).toMatch(/^diffusion_steps +uniform from 25 to 250 +uniform from 5 to 50$/m);
  });
});

describe('attribution with many differing assumptions', () => {
  it('samples beyond 10 players, states it as an estimate with standard errors, and does not depend on threads', async () => {
    const list = [join(ROOT, 'distributions/seed-article.yaml'), join(ROOT, 'distributions/baseline.yaml')];
    const one = await compare(list, { samples: 3_000, json: true, threads: 1 });
    const two = await compare(list, { samples: 3_000, json: true, threads: 2 });
    expect(two.stdout).toBe(one.stdout);
    const gpus = only(one.result, 'gpus_peak');
    expect(gpus.players.length).toBeGreaterThan(10);
    expect(gpus.method).toBe('sampled');
    expect(gpus.permutations).toBe(128);
    expect(Object.keys(gpus.standard_errors!)).toEqual(Object.keys(gpus.contributions));
    const d = gpus.players.length;
    expect(Math.abs(sum(Object.values(gpus.contributions)) - gpus.total_log_ratio)).toBeLessThanOrEqual(roundoff((d + 1) * (2 * d + 64), 60));
    const parsed = JSON.parse(one.stdout);
    expect(parsed.attribution.gpus_peak.method).toBe('sampled');
    expect(parsed.attribution.training_flops.method).toBe('exact');
  }, 120_000);
});

describe('compare on threads', () => {
  it('deals its evaluations to every core by default, and counts its progress to the end of all its work', async () => {
    expect(defaultCompareThreads(100_000, 2)).toBe(2);
    expect(defaultCompareThreads(100_000, 1)).toBe(1);
    const scenarios = ['seed-article', 'baseline'].map((stem) => loadScenario(join(ROOT, `distributions/${stem}.yaml`)));
    const results = [];
    for (const threads of [1, 3]) {
      const calls: [number, number][] = [];
      const { result } = await compareScenarios(scenarios, { samples: 5_000, seed: 7, threads, onProgress: (done, total) => calls.push([done, total]) });
      results.push(JSON.stringify(result));
      // Each thread counts a chunk of each of its groups of evaluations.
      expect(calls.length).toBeGreaterThanOrEqual(threads);
      expect(calls.map(([done]) => done)).toEqual(calls.map((_, k) => k + 1));
      expect(calls.every(([, total]) => total === calls.length)).toBe(true);
    }
    expect(results[1]).toBe(results[0]);
  }, 120_000);
});

describe('the compare command', () => {
  const f = files({
    'base.yaml': BASE,
    'bad.yaml': 'name: Bad\nassumptions:\n  sora_params: {dist: lognormal, p5: 60e9, p95: 5e9}\n',
  });

  it('stops on an invalid file with the error run gives, naming the file', async () => {
    const error = await compare([f['base.yaml'], f['bad.yaml']]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).exitCode).toBe(2);
    expect((error as UserError).format()).toContain(f['bad.yaml']);
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli.ts'), 'compare', f['base.yaml'], f['bad.yaml'], '--samples', '100'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain(f['bad.yaml']);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stdout).toBe('');
  }, 60_000);

  it('takes 2 to 8 files', async () => {
    for (const list of [[f['base.yaml']], Array<string>(9).fill(f['base.yaml'])]) {
      const error = await compare(list).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).message).toContain(`got ${list.length}`);
    }
  });

  it('takes at most the exact-percentile sample count', async () => {
    const error = await compare([f['base.yaml'], f['base.yaml']], { samples: 2 ** 21 + 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).format()).toContain('--samples');
  });

  it('says why when a median is 0 and its change has no log ratio', async () => {
    const g = files({ 'base.yaml': BASE, 'none.yaml': 'extends: base.yaml\nassumptions:\n  tiktok_ai_share: 0\n  youtube_ai_share: 0\n' });
    const { result, stdout } = await compare([g['base.yaml'], g['none.yaml']], { samples: 2_000 });
    expect(result.outputs.gpus_peak[1].percentiles.p50).toBe(0);
    expect(result.attribution.gpus_peak).toMatchObject({ method: 'none', total_log_ratio: null });
    expect(only(result, 'training_flops').total_log_ratio).toBe(0);
    expect(stdout).toContain('gpus_peak: the median of gpus_peak is 0 or negative');
  });

  it('refuses an unknown --output, suggesting the name meant', async () => {
    const error = await compare([f['base.yaml'], f['base.yaml']], { outputs: ['gpus_peek'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).format()).toContain("--output: 'gpus_peek' is not an output (did you mean 'gpus_peak'?)");
  });

  it('prints byte-identical JSON for the same inputs and seed, with one attribution per file after the first', async () => {
    const list = [f['base.yaml'], f['base.yaml'], join(ROOT, 'distributions/baseline.yaml')];
    const first = await compare(list, { json: true, samples: 2_000 });
    const again = await compare(list, { json: true, samples: 2_000 });
    expect(again.stdout).toBe(first.stdout);
    const parsed = JSON.parse(first.stdout);
    expect(parsed.files.map((x: { label: string }) => x.label)).toEqual(['A', 'B', 'C']);
    expect(Object.keys(parsed.attribution)).toEqual(OUTPUTS.map((o) => o.name).filter((n) => (KEY_OUTPUTS as readonly string[]).includes(n)));
    for (const entries of Object.values(parsed.attribution) as { file: string }[][]) {
      expect(entries.map((e) => e.file)).toEqual([list[1], list[2]]);
    }
    expect(parsed.outputs.gpus_peak[1]).toEqual({ ...parsed.outputs.gpus_peak[0], file: list[1] });
  });

  it('compares the shipped analysts and the seed article with the baseline', async () => {
    const dir = join(ROOT, 'distributions');
    const { result, stdout } = await compare([join(dir, 'analyst-small.yaml'), join(dir, 'analyst-large.yaml')], { samples: 5_000 });
    expect(result.differing.length).toBe(6);
    expect(stdout).toContain('What moved the medians, B against A');
    const seed = await compare([join(dir, 'seed-article.yaml'), join(dir, 'baseline.yaml')], { samples: 2_000 });
    expect(seed.result.outputs.training_flops[0].percentiles.p50).toBeCloseTo(1.08e25, -22);
  }, 60_000);
});

describe('the comparison page', () => {
  const f = files({
    'a.yaml': BASE,
    'b.yaml': `name: B\nextends: a.yaml\nassumptions:\n  sora_params: {dist: lognormal, p5: 10e9, p95: 30e9}\n  diffusion_steps: 50\n`,
    'c.yaml': `name: C\nextends: a.yaml\nassumptions:\n  cfg_factor: 2\n`,
  });
  const dir = scratch();
  const page = join(dir, 'compare.html');

  it('is one self-contained page under 3 MB, written only when asked', async () => {
    await compare([f['a.yaml'], f['b.yaml'], f['c.yaml']], { samples: 5_000 });
    expect(existsSync(page)).toBe(false);
    const { stdout } = await compare([f['a.yaml'], f['b.yaml'], f['c.yaml']], { samples: 5_000, report: page });
    expect(stdout).toContain(`report: ${page}`);
    const html = readFileSync(page, 'utf8');
    expect(Buffer.byteLength(html)).toBeLessThan(3 * 1024 * 1024);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html.slice(0, 4096)).toContain(REPORT_MARKER);
    expect(html).toContain('<meta http-equiv="Content-Security-Policy" content="default-src \'none\';');
    for (const id of ['bands', 'cdf-gpus_peak', 'density-gpus_peak', 'waterfall-gpus_peak-B', 'waterfall-gpus_peak-C']) {
      expect(html).toContain(`data-chart="${id}"`);
    }
    // The same inputs write the same bytes, over the page written before.
    await compare([f['a.yaml'], f['b.yaml'], f['c.yaml']], { samples: 5_000, report: page });
    expect(readFileSync(page, 'utf8')).toBe(html);
  }, 60_000);

  it('builds every chart as a vega-lite spec that compiles without warnings', async () => {
    const { result, detail } = await compareScenarios(
      [f['a.yaml'], f['b.yaml'], f['c.yaml']].map((x) => loadScenario(x)),
      { samples: 5_000, seed: 1, detail: true },
    );
    const charts = comparisonCharts(result, detail!);
    expect(charts.size).toBe(1 + 4 * 2 + 4 * 2);
    for (const [id, chart] of charts) expect(compileChart(chart.spec).warnings, id).toEqual([]);
  });

  it('never overwrites a file sora-compute did not write', async () => {
    const foreign = join(dir, 'notes.html');
    writeFileSync(foreign, '<html>my notes</html>');
    const error = await compare([f['a.yaml'], f['b.yaml']], { report: foreign }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).format()).toContain('--report');
    expect(readFileSync(foreign, 'utf8')).toBe('<html>my notes</html>');
    const input = await compare([f['a.yaml'], f['b.yaml']], { report: f['a.yaml'] }).catch((e: unknown) => e);
    expect(input).toBeInstanceOf(UserError);
  });

  it('draws every chart in Chromium with the network cut off', async () => {
    const path = join(dir, 'browser.html');
    await compare([f['a.yaml'], f['b.yaml'], f['c.yaml']], { samples: 5_000, report: path });
    const browser = await launchChromium();
    try {
      const { page: tab, network, problems } = await openOffline(browser, pathToFileURL(path).href, 1200);
      const states = await tab.$$eval('[data-chart]', (els) => els.map((el) => `${el.getAttribute('data-chart')}:${el.getAttribute('data-rendered')}`));
      expect(states.length).toBe(17);
      for (const s of states) expect(s).toMatch(/:true$/);
      expect(network).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
