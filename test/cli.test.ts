/**
 * The real binary, as a user runs it: exit codes, stdout, stderr and the files it leaves.
 * Runs dist/bundle/cli.js (the bundled CLI the package's bin names), which `npm test` builds first (pretest).
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { quantileSorted } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT, cli, cliEnv, expectUserError, json, scratch } from './binary.js';
import { OUTPUT_NAMES } from '../src/model/outputs.js';
import { ASSUMPTION_NAMES } from '../src/model/assumptions.js';
import { roundsTo } from '../src/model/article.js';

describe('sora-compute run', () => {
  it('reproduces the seed article: 4,211 H100s for 30 days, 15.27M crossover minutes, 5.04 minutes per GPU-hour', () => {
    const result = json(['run', 'distributions/seed-article.yaml', '--samples', '1000']);
    const p50 = (name: string): number => result.outputs[name].percentiles.p50;
    expect(roundsTo(p50('training_flops'), 1.08e25)).toBe(true);
    expect(roundsTo(p50('training_gpus'), 4211)).toBe(true);
    expect(roundsTo(p50('flops_per_step'), 2.83e15)).toBe(true);
    expect(roundsTo(p50('flops_per_video_minute'), 7.07e17)).toBe(true);
    expect(roundsTo(p50('video_minutes_per_gpu_hour_ideal'), 5.04)).toBe(true);
    expect(roundsTo(p50('crossover_video_minutes'), 15.27e6)).toBe(true);
    expect(roundsTo(p50('dit_crossover_images'), 7.63e6)).toBe(true);
    expect(roundsTo(p50('ai_video_minutes_per_day'), 14.95e6)).toBe(true);
  });

  it('reproduces the optimistic figures with --set data_multiplier=10 and from the shipped file alike', () => {
    for (const args of [['run', 'distributions/seed-article.yaml', '--set', 'data_multiplier=10'], ['run', 'distributions/seed-article-optimistic.yaml']]) {
      const result = json([...args, '--samples', '100']);
      expect(roundsTo(result.outputs.training_flops.percentiles.p50, 2.7e25)).toBe(true);
      expect(roundsTo(result.outputs.training_gpus.percentiles.p50, 10528)).toBe(true);
      expect(roundsTo(result.outputs.crossover_video_minutes.percentiles.p50, 38.17e6)).toBe(true);
    }
  });

  it('shows the printed 89k and 720k beside the consistent 123.7k and 989.7k, with the reason', () => {
    const r = cli(['run', 'distributions/seed-article.yaml', '--samples', '100', '--no-report']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/89k \(consistent: 123\.7k\)/);
    expect(r.stdout).toMatch(/720k \(consistent: 989\.7k\)/);
    expect(r.stdout).toContain('inherits the slip');
  });

  it('prints JSON of the documented shape, with every output of model.md', () => {
    const result = json(['run', 'distributions/baseline.yaml', '--samples', '5000']);
    expect(result).toMatchObject({ tool: 'sora-compute', file: 'distributions/baseline.yaml', seed: 20240315, samples: 5000 });
    expect(Object.keys(result.outputs)).toEqual(OUTPUT_NAMES);
    expect(Object.keys(result.assumptions)).toEqual(ASSUMPTION_NAMES);
    for (const o of Object.values<any>(result.outputs)) {
      expect(Object.keys(o.percentiles)).toEqual(['p1', 'p5', 'p10', 'p25', 'p50', 'p75', 'p90', 'p95', 'p99']);
      expect(o.min).toBeLessThanOrEqual(o.percentiles.p1);
      expect(o.percentiles.p99).toBeLessThanOrEqual(o.max);
      for (const k of ['unit', 'mean', 'sd']) expect(o).toHaveProperty(k);
    }
  });

  it('gives byte-identical JSON for the same file, seed and samples, on any thread count', () => {
    const args = ['run', 'distributions/baseline.yaml', '--samples', '150000', '--seed', 'analyst-7', '--json', '--no-report'];
    const a = cli([...args, '--threads', '1']);
    const b = cli([...args, '--threads', '2']);
    const c = cli([...args, '--threads', '3']);
    expect(a.status).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    expect(c.stdout).toBe(a.stdout);
    expect(JSON.parse(a.stdout).seed).toBe('analyst-7');
  }, 60_000);

  it('writes every sample to CSV, and the JSON percentiles are type 7 of those samples', () => {
    const dir = scratch();
    const csv = join(dir, 'samples.csv');
    const r = cli(['run', 'distributions/baseline.yaml', '--samples', '3000', '--csv', csv, '--json', '--no-report']);
    expect(r.status, r.stderr).toBe(0);
    const [header, ...rows] = readFileSync(csv, 'utf8').trimEnd().split('\n');
    expect(header.split(',')).toEqual([...ASSUMPTION_NAMES, ...OUTPUT_NAMES]);
    expect(rows).toHaveLength(3000);
    const result = JSON.parse(r.stdout);
    const column = (name: string): number[] => {
      const at = header.split(',').indexOf(name);
      return rows.map((row) => Number(row.split(',')[at])).sort((a, b) => a - b);
    };
    for (const name of ['gpus_peak', 'training_flops', 'cost_per_video_minute_usd']) {
      const values = column(name);
      for (const [key, p] of [['p5', 0.05], ['p50', 0.5], ['p95', 0.95], ['p99', 0.99]] as const) {
        expect(result.outputs[name].percentiles[key]).toBe(quantileSorted(values, p));
      }
    }
  });

  it('changing one assumption leaves the draws of every other one unchanged', () => {
    const dir = scratch();
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    expect(cli(['run', 'distributions/baseline.yaml', '--samples', '2000', '--csv', a, '--no-report']).status).toBe(0);
    expect(cli(['run', 'distributions/baseline.yaml', '--samples', '2000', '--csv', b, '--no-report', '--set', 'sora_params={dist: uniform, min: 1e10, max: 3e10}']).status).toBe(0);
    const parse = (path: string): string[][] => readFileSync(path, 'utf8').trimEnd().split('\n').map((l) => l.split(','));
    const [ha, ...ra] = parse(a);
    const [, ...rb] = parse(b);
    ASSUMPTION_NAMES.forEach((name, j) => {
      const same = ra.every((row, i) => row[j] === rb[i][j]);
      expect(same, name).toBe(name !== 'sora_params');
    });
    expect(ha.length).toBe(ASSUMPTION_NAMES.length + OUTPUT_NAMES.length);
  });

  it('writes byte-identical reports for the same file, seed and samples', () => {
    const dir = scratch();
    const [a, b] = [join(dir, 'a.html'), join(dir, 'b.html')];
    for (const [path, threads] of [[a, '1'], [b, '2']]) {
      expect(cli(['run', 'distributions/baseline.yaml', '--samples', '20000', '--report', path, '--threads', threads]).status).toBe(0);
    }
    // The command line is part of the page; everything else must match to the byte.
    const strip = (html: string): string => html.replace(/<pre><code>sora-compute[^<]*<\/code><\/pre>/, '');
    expect(strip(readFileSync(b, 'utf8'))).toBe(strip(readFileSync(a, 'utf8')));
    expect(readdirSync(dir).sort()).toEqual(['a.html', 'b.html']);
  });

  it("prints one quantity one way: each P50 in the article table reads as in the run table", () => {
    const r = cli(['run', 'distributions/baseline.yaml', '--samples', '20000', '--no-report']);
    expect(r.status, r.stderr).toBe(0);
    const [runTable, articleTable] = r.stdout.split('The seed article');
    for (const line of articleTable.split('\n').filter((l) => /\[.* to .*\]/.test(l))) {
      const name = line.split(/\s/)[0];
      const p50 = line.match(/\s(\S+) \[/)![1];
      const row = runTable.split('\n').find((l) => l.startsWith(name + ' '))!;
      // Columns: output, unit, mean, P5, P25, P50, P75, P95.
      expect(row.trim().split(/\s+/).at(-3), name).toBe(p50);
    }
  });

  it('writes the report to reports/<stem>.html by default and prints its path', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'my-view.yaml'), 'name: Mine\nassumptions:\n  data_multiplier: 6\n');
    const r = cli(['run', 'my-view.yaml', '--samples', '2000'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(join('reports', 'my-view.html'));
    expect(existsSync(join(dir, 'reports', 'my-view.html'))).toBe(true);
  });
});

describe('honest small runs and what-ifs', () => {
  it.each([
    [1, '1 sample, seed', 'every percentile is that one draw'],
    [100, '100 samples, seed', 'P5 and P95 rest on fewer than 10 draws'],
    [500, '500 samples, seed', 'P1 and P99 rest on fewer than 10 draws beyond them; they need 1,000'],
  ])('--samples %i says what the tail percentiles rest on', (samples, header, note) => {
    const r = cli(['run', 'distributions/baseline.yaml', '--samples', String(samples), '--no-report']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(header);
    expect(r.stdout).toContain(note);
    expect(json(['run', 'distributions/baseline.yaml', '--samples', String(samples)]).small_sample_note).toContain(note);
  });

  it('says nothing of the kind from 1,000 samples on, and a plain run records no --set', () => {
    const r = json(['run', 'distributions/baseline.yaml', '--samples', '1000']);
    expect(r).not.toHaveProperty('small_sample_note');
    expect(r).not.toHaveProperty('set');
    expect(cli(['run', 'distributions/baseline.yaml', '--samples', '1000', '--no-report']).stdout).not.toMatch(/^note:|--set/m);
  });

  it('shows each --set and what it replaced in the header, the JSON and the report, and writes the report to its own path', () => {
    const dir = scratch();
    const seed = join(import.meta.dirname, '..', 'distributions', 'seed-article.yaml');
    expect(cli(['run', seed, '--samples', '1000'], dir).status).toBe(0);
    const plain = readFileSync(join(dir, 'reports', 'seed-article.html'), 'utf8');
    const r = cli(['run', seed, '--samples', '1000', '--set', 'data_multiplier=10'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[2]).toBe(`--set data_multiplier=10, in place of fixed at 4 (${seed})`);
    expect(r.stdout).toContain(join('reports', 'seed-article-set-data_multiplier-10.html'));
    expect(readFileSync(join(dir, 'reports', 'seed-article.html'), 'utf8')).toBe(plain);
    expect(readFileSync(join(dir, 'reports', 'seed-article-set-data_multiplier-10.html'), 'utf8')).toContain('--set data_multiplier=10</code>, in place of fixed at 4');
    const result = JSON.parse(cli(['run', seed, '--samples', '1000', '--set', 'data_multiplier=10', '--json', '--no-report'], dir).stdout);
    expect(result.set).toEqual([{ set: 'data_multiplier=10', assumption: 'data_multiplier', replaces: 'fixed at 4', replaces_from: seed }]);
  });
});

describe('bad input', () => {
  it.each([
    [['--samples', '0'], '--samples'],
    [['--samples', 'many'], '--samples'],
    [['--samples', '1.5'], '--samples'],
    [['--seed', ''], '--seed'],
    [['--seed', '123456789012345678901234'], '--seed'],
    [['--threads', '0'], '--threads'],
    [['--set', 'data_multiplier'], '--set'],
    [['--set', 'data_multiplyer=3'], 'data_multiplier'],
    [['--set', 'video_fraction=1.5'], 'video_fraction'],
  ])('refuses %j with exit 2 and a message naming %s', (flags, mention) => {
    expectUserError(cli(['run', 'distributions/baseline.yaml', '--no-report', ...flags]), mention);
  });

  it('refuses a malformed file before sampling, naming file, line and column, and writes nothing', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'broken.yaml'), 'name: Broken\nassumptions:\n  sora_params: {dist: lognormal, p5: 5e9, p95: 1e9}\n');
    const r = cli(['run', 'broken.yaml', '--csv', 'out.csv'], dir);
    expectUserError(r, 'broken.yaml:3:', 'p95');
    expect(readdirSync(dir)).toEqual(['broken.yaml']);
  });

  it('never overwrites a file it did not write', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'notes.html'), '<p>my notes</p>');
    writeFileSync(join(dir, 'notes.csv'), 'a,b\n1,2\n');
    expectUserError(cli(['run', join(import.meta.dirname, '..', 'distributions', 'seed-article.yaml'), '--report', 'notes.html', '--samples', '10'], dir), 'notes.html');
    expectUserError(cli(['run', join(import.meta.dirname, '..', 'distributions', 'seed-article.yaml'), '--csv', 'notes.csv', '--no-report', '--samples', '10'], dir), 'notes.csv');
    expect(readFileSync(join(dir, 'notes.html'), 'utf8')).toBe('<p>my notes</p>');
    expect(readFileSync(join(dir, 'notes.csv'), 'utf8')).toBe('a,b\n1,2\n');
  });

  it('refuses to write an output over its own input file', () => {
    const dir = scratch();
    writeFileSync(join(dir, 's.yaml'), 'assumptions: {}\n');
    expectUserError(cli(['run', 's.yaml', '--report', 's.yaml'], dir), 's.yaml');
    expect(readFileSync(join(dir, 's.yaml'), 'utf8')).toBe('assumptions: {}\n');
  });

  it('an unknown option or a missing file is exit 2', () => {
    expectUserError(cli(['run', 'distributions/baseline.yaml', '--sample', '5']), '--sample');
    expectUserError(cli(['run', 'no/such/file.yaml']), 'no/such/file.yaml');
  });
});

describe('hostile or extreme input', () => {
  const write = (dir: string, name: string, text: string): string => {
    writeFileSync(join(dir, name), text);
    return name;
  };

  it('refuses a YAML alias bomb (billion laughs) with one message, without expanding it', () => {
    const dir = scratch();
    const levels = 'abcdefghi'.split('');
    const lines = levels.map((l, i) => `${l}: &${l} [${Array(9).fill(i === 0 ? '"lol"' : `*${levels[i - 1]}`).join(',')}]`);
    const file = write(dir, 'bomb.yaml', [...lines, 'name: bomb', 'assumptions: {}', ''].join('\n'));
    const r = cli(['validate', file], dir);
    expectUserError(r, 'bomb.yaml:', 'aliases');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it.each([100, 100_000])('refuses a document nested %i deep, naming the limit', (depth) => {
    const dir = scratch();
    const file = write(dir, 'deep.yaml', `name: deep\nassumptions: {}\nx: ${'['.repeat(depth)}${']'.repeat(depth)}\n`);
    const r = cli(['validate', file], dir);
    expectUserError(r, 'deep.yaml:3:', 'nests');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('samples a discrete assumption of 200,000 values, its histogram binned', () => {
    const dir = scratch();
    const values = Array.from({ length: 200_000 }, (_, i) => i + 1);
    const file = write(dir, 'many.yaml', `name: many\nassumptions:\n  diffusion_steps: {dist: discrete, values: [${values.join(',')}]}\n`);
    const r = cli(['run', file, '--samples', '1000', '--json', '--no-report'], dir);
    expect(r.status, r.stderr).toBe(0);
    const steps = JSON.parse(r.stdout).assumptions.diffusion_steps;
    expect(steps.histogram.counts.length).toBeLessThanOrEqual(48);
    // Equal weights on 1..200,000: the median is 100,000 (the smallest value with CDF >= 1/2).
    expect(steps.percentiles.p50).toBe(100_000);
  });

  it('refuses a beta whose shape the tables cannot serve, and says what to use instead', () => {
    const dir = scratch();
    const file = write(dir, 'beta.yaml', 'name: b\nassumptions:\n  video_fraction: {dist: beta, alpha: 1e9, beta: 1e9}\n');
    expectUserError(cli(['validate', file], dir), 'beta.yaml:3:', 'alpha', 'at most 10,000', 'normal');
  });

  it('refuses a device, a named pipe and a folder as the scenario file, without reading them', () => {
    const dir = scratch();
    expectUserError(cli(['validate', '/dev/zero'], dir), '/dev/zero', 'not a regular file');
    const fifo = join(dir, 'pipe.yaml');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    expectUserError(cli(['run', fifo, '--no-report'], dir), 'pipe.yaml', 'named pipe');
    expectUserError(cli(['validate', dir], dir), 'directory');
  });

  it('refuses a scenario file larger than 16 MiB', () => {
    const dir = scratch();
    const file = write(dir, 'huge.yaml', `name: huge\ndescription: "${'x'.repeat(17 * 1024 * 1024)}"\nassumptions: {}\n`);
    expectUserError(cli(['validate', file], dir), 'huge.yaml', 'at most 16,777,216');
  });
});

describe('correlations and sampling designs from the command line', () => {
  const correlated = 'test/fixtures/spec/correlated.yaml';

  it('run induces the file\'s correlations, says so without a warning, and records target and achieved in JSON', () => {
    const r = cli(['run', correlated, '--samples', '20000', '--json', '--no-report']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const result = JSON.parse(r.stdout);
    expect(result.correlations).toHaveLength(3);
    // Achieved on 20,000 rows: standard error about (1 - rho^2) / sqrt(n) < 0.007; 3 of them.
    for (const c of result.correlations) expect(Math.abs(c.achieved - c.spearman), c.between.join(' ~ ')).toBeLessThan(0.021);
    expect(result.correlations[0].note).toMatch(/bigger model/);
  });

  it.each(['lhs', 'qmc'])('--method %s is recorded, and the JSON is byte-identical on 1 and 2 threads', (method) => {
    const args = ['run', correlated, '--samples', '300000', '--method', method, '--json', '--no-report'];
    const one = cli([...args, '--threads', '1']);
    const two = cli([...args, '--threads', '2']);
    expect(one.status, one.stderr).toBe(0);
    expect(JSON.parse(one.stdout).sampling_method).toBe(method);
    expect(two.stdout).toBe(one.stdout);
  }, 60_000);

  it('refuses an unknown --method, naming the flag and the valid ones', () => {
    expectUserError(cli(['run', correlated, '--method', 'sobol', '--no-report']), '--method', 'mc', 'lhs', 'qmc');
  });

  it('compare refuses files whose correlations differ, and compares files that agree', () => {
    expectUserError(cli(['compare', correlated, 'distributions/baseline.yaml', '--no-report', '-n', '2000']), 'correlations must agree', 'data_multiplier ~ sora_params');
    expectUserError(cli(['compare', correlated, 'test/fixtures/spec/correlated-child.yaml', '--no-report', '-n', '2000']), 'correlations must agree', 'correlated-child.yaml gives none');
    const dir = scratch();
    const bigger = join(dir, 'bigger.yaml');
    writeFileSync(bigger, `extends: ${JSON.stringify(join(ROOT, correlated))}\nname: bigger\nassumptions:\n  sora_params: {dist: lognormal, p5: 10e9, p95: 120e9}\n`);
    const r = cli(['compare', correlated, bigger, '--no-report', '-n', '2000', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).differing).toEqual(['sora_params']);
  }, 60_000);

  it('sweep drops the pairs naming the swept assumption and says which', () => {
    const r = cli(['sweep', correlated, '--vary', 'sora_params=1e9:1e11:3', '-n', '2000', '--json', '--no-report']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/drops the correlation sora_params ~ inference_utilization/);
    expect(JSON.parse(r.stdout).dropped_correlations).toHaveLength(2);
  }, 60_000);
});

describe('errors stay readable at any scale', () => {
  it('lists at most 20 of 10,000 problems, then counts the rest', () => {
    const dir = scratch();
    const keys = Array.from({ length: 10_000 }, (_, i) => `  key_${i}: 1`);
    writeFileSync(join(dir, 'many.yaml'), ['name: many', 'assumptions:', ...keys, ''].join('\n'));
    const r = cli(['validate', 'many.yaml'], dir);
    expectUserError(r, 'many.yaml:3:3', "unknown assumption 'key_0'", '... and 9,980 more problems (10,000 in all)');
    expect(r.stderr.trim().split('\n')).toHaveLength(21);
    expect(r.stderr.length).toBeLessThan(30_000);
  });

  it('refuses an extends chain past 32 files with one message, without overflowing the stack', () => {
    const dir = scratch();
    for (let i = 0; i < 3000; i++) writeFileSync(join(dir, `s${i}.yaml`), i < 2999 ? `extends: s${i + 1}.yaml\n` : 'assumptions: {}\n');
    const r = cli(['validate', 's0.yaml'], dir);
    expectUserError(r, 'extends', 'more than 32 files');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    // 32 files are fine.
    writeFileSync(join(dir, 's31.yaml'), 'assumptions: {}\n');
    expect(cli(['validate', 's0.yaml'], dir).status).toBe(0);
  });

  it('calls a JSON syntax error a JSON error, at its line and column', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'bad.json'), '{\n  "name": "j",\n  "assumptions": {\n    "sora_params": 3e10\n    "data_multiplier": 4\n  }\n}\n');
    const r = cli(['validate', 'bad.json'], dir);
    expectUserError(r, 'bad.json:5:5: invalid JSON:');
    expect(r.stderr).not.toContain('YAML');
  });

  it('refuses a file of several YAML documents in its own words', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'multi.yaml'), 'name: a\nassumptions: {}\n---\nname: b\n');
    const r = cli(['validate', 'multi.yaml'], dir);
    expectUserError(r, 'multi.yaml:3:1', 'more than one YAML document', 'its own file');
    expect(r.stderr).not.toContain('parseAllDocuments');
    // One document that opens with --- is one document.
    writeFileSync(join(dir, 'one.yaml'), '---\nname: a\nassumptions: {}\n');
    expect(cli(['validate', 'one.yaml'], dir).status).toBe(0);
  });

  it('escapes control characters of names and keys, in errors and in tables', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'esc.yaml'), 'name: "\\e[31mred\\e[0m"\nassumptions: {}\n');
    writeFileSync(join(dir, 'bad.yaml'), 'assumptions:\n  "bad\\e[2Jname": 1\n');
    const run = cli(['run', 'esc.yaml', '--samples', '10', '--no-report'], dir);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).not.toContain('\x1b');
    expect(run.stdout.split('\n')[0]).toBe('\\x1b[31mred\\x1b[0m (esc.yaml)');
    const bad = cli(['validate', 'bad.yaml'], dir);
    expectUserError(bad, "unknown assumption 'bad\\x1b[2Jname'");
    expect(bad.stderr).not.toContain('\x1b');
  });
});

describe('a closed pipe', () => {
  it.each([
    [['run', 'distributions/baseline.yaml', '--json']],
    [['compare', 'distributions/seed-article.yaml', 'distributions/baseline.yaml', '--samples', '20000']],
  ])('%j | head -c 10 ends quietly, leaving no temp file', async (args) => {
    const dir = scratch();
    const child = spawn(process.execPath, [CLI, ...args, '--report', join(dir, 'page.html')], { cwd: join(import.meta.dirname, '..'), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // Read ten bytes, then close our end, as `head -c 10` does.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect([0, 141]).toContain(code);
    expect(stderr).toBe('');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('one convention for every command', () => {
  it('compare writes its page to reports/ by default and none with --no-report', () => {
    const dir = scratch();
    for (const name of ['a', 'b']) writeFileSync(join(dir, `${name}.yaml`), `name: ${name}\nassumptions:\n  data_multiplier: ${name === 'a' ? 4 : 8}\n`);
    const quiet = cli(['compare', 'a.yaml', 'b.yaml', '--samples', '2000', '--no-report'], dir);
    expect(quiet.status, quiet.stderr).toBe(0);
    expect(existsSync(join(dir, 'reports'))).toBe(false);
    const r = cli(['compare', 'a.yaml', 'b.yaml', '--samples', '2000'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(join('reports', 'compare-a-vs-b.html'));
    expect(existsSync(join(dir, 'reports', 'compare-a-vs-b.html'))).toBe(true);
  });

  it("every sampling command's --help and the README's synopsis name the same flags", () => {
    const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
    const synopsis = readme.slice(readme.indexOf('## Commands'));
    const block = synopsis.slice(synopsis.indexOf('```'), synopsis.indexOf('```', synopsis.indexOf('```') + 3));
    const commands = [...block.matchAll(/^sora-compute (\w+)/gm)].map((m) => m[1]);
    expect(commands.length).toBeGreaterThanOrEqual(3);
    for (const command of commands) {
      const help = cli([command, '--help']).stdout;
      const fromHelp = new Set([...help.matchAll(/^\s+(?:-\w, )?(--[\w-]+)/gm)].map((m) => m[1]).filter((f) => f !== '--help'));
      const entry = block.slice(block.indexOf(`sora-compute ${command}`)).split(/\nsora-compute /)[0];
      const fromReadme = new Set([...entry.matchAll(/(--[\w-]+)/g)].map((m) => m[1]));
      expect([...fromReadme].sort(), command).toEqual([...fromHelp].sort());
    }
  });
});

describe('extreme but valid values', () => {
  it('refuses a value the model cannot take to a finite answer, naming it and where it was written', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'big.yaml'), 'name: big\nassumptions:\n  sora_params: 1e300\n');
    for (const command of [['validate', 'big.yaml'], ['run', 'big.yaml', '--samples', '100']]) {
      const r = cli(command, dir);
      expectUserError(r, 'big.yaml:3:16', 'sora_params', '1e300', 'training_flops', '1.8e308');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expectUserError(cli(['run', 'distributions/baseline.yaml', '--set', 'training_utilization={dist: loguniform, min: 1e-300, max: 1}']), '--set', 'training_utilization', '1e-300');
    expectUserError(cli(['sweep', 'distributions/baseline.yaml', '--vary', 'sora_params=1e9:1e300:3', '--log', '--no-report']), '--vary', 'sora_params can be 1e300');
    expect(readdirSync(dir)).toEqual(['big.yaml']);
  });

  it('prints ∞, never NaN or null, where the answer is infinite (no AI minutes: the crossover is never reached)', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'none.yaml'), 'name: none\nassumptions:\n  tiktok_ai_share: {dist: discrete, values: [0, 0.5]}\n  youtube_ai_share: {dist: discrete, values: [0, 0.15]}\n');
    const r = cli(['run', 'none.yaml', '--samples', '4000', '--report', 'none.html', '--csv', 'none.csv'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/NaN|null|Infinity/);
    expect(r.stdout).toMatch(/^crossover_days\s+days\s+∞\s+.*∞$/m);
    const result = JSON.parse(cli(['run', 'none.yaml', '--samples', '4000', '--json', '--no-report'], dir).stdout);
    expect(result.outputs.crossover_days.mean).toBe('Infinity');
    expect(result.outputs.crossover_days.percentiles.p99).toBe('Infinity');
    expect(Number(result.outputs.crossover_days.percentiles.p99)).toBe(Infinity);
    // The page's own text (its scripts are the charting library, which names NaN itself).
    const page = readFileSync(join(dir, 'none.html'), 'utf8').replace(/<script[\s\S]*?<\/script>/g, '');
    expect(page).toContain('∞');
    expect(page).not.toMatch(/NaN|null/);
    expect(readdirSync(dir).sort()).toEqual(['none.csv', 'none.html', 'none.yaml']);
  });

  it('refuses a range that includes a refused value, as it refuses the value', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'u.yaml'), 'name: u\nassumptions:\n  inference_utilization: {dist: uniform, min: 0, max: 1}\n');
    expectUserError(cli(['validate', 'u.yaml'], dir), 'u.yaml:3:', 'inference_utilization.min', 'uniform min 0', 'greater than 0');
    expectUserError(cli(['run', 'distributions/baseline.yaml', '--set', 'training_utilization={dist: beta, alpha: 2, beta: 5}']), 'training_utilization', 'starts at 0', 'add a min above 0');
    // Zero itself is refused in the same words.
    writeFileSync(join(dir, 'z.yaml'), 'name: z\nassumptions:\n  inference_utilization: 0\n');
    expectUserError(cli(['validate', 'z.yaml'], dir), 'z.yaml:3:', '0 is outside the valid range: a utilization must be greater than 0');
  });
});

describe('outputs are safe', () => {
  const baseline = join(import.meta.dirname, '..', 'distributions', 'baseline.yaml');

  it.each([
    [['--report', 'afile/page.html'], 'afile/page.html', 'not a folder'],
    [['--csv', 'afile/samples.csv', '--no-report'], 'afile/samples.csv', 'not a folder'],
    [['--report', '/dev/null'], '/dev/null', 'a device'],
  ])('refuses %j before sampling, naming the path and the reason', (flags, path, reason) => {
    const dir = scratch();
    writeFileSync(join(dir, 'afile'), 'mine\n');
    const r = cli(['run', baseline, '--samples', '1000', ...flags], dir);
    expectUserError(r, path, reason);
    expect(r.stdout).toBe('');
    expect(readdirSync(dir)).toEqual(['afile']);
  });

  it('refuses the same path for two outputs', () => {
    const dir = scratch();
    const r = cli(['run', baseline, '--samples', '1000', '--csv', 'x', '--report', './x'], dir);
    expectUserError(r, '--csv', '--report', 'own path');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a write that fails after sampling prints the results anyway, exits 2 naming the path and the reason, and puts no output in place', () => {
    const dir = scratch();
    // An older page of ours stays as it was.
    expect(cli(['run', baseline, '--samples', '1000', '--report', 'page.html'], dir).status).toBe(0);
    const before = readFileSync(join(dir, 'page.html'), 'utf8');
    // A 100 KiB limit on file size: the CSV of 100,000 samples (about 70 MB) fails with EFBIG, as on a full disk.
    const r = spawnSync('bash', ['-c', `ulimit -f 100; exec "${process.execPath}" "${CLI}" run "${baseline}" --samples 100000 --csv samples.csv --report page.html`], { cwd: dir, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stdout).toMatch(/^gpus_peak\s+GPUs/m);
    expect(r.stderr).toContain('samples.csv');
    expect(r.stderr).toContain('largest file allowed');
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(readdirSync(dir)).toEqual(['page.html']);
    expect(readFileSync(join(dir, 'page.html'), 'utf8')).toBe(before);
  });

  it('a report that fails to be written leaves no fresh CSV behind', () => {
    const dir = scratch();
    // 600 KiB: the CSV of 500 samples (about 370 kB) fits, the page (about 800 kB) does not.
    const r = spawnSync('bash', ['-c', `ulimit -f 600; exec "${process.execPath}" "${CLI}" run "${baseline}" --samples 500 --csv samples.csv --report page.html`], { cwd: dir, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^--report: cannot write page\.html: the file would exceed the largest file allowed here; no output file was written or replaced$/m);
    expect(r.stdout).toMatch(/^gpus_peak\s+GPUs/m);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('compare and sweep refuse an unwritable page before sampling too', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'afile'), 'mine\n');
    const seed = join(import.meta.dirname, '..', 'distributions', 'seed-article.yaml');
    expectUserError(cli(['compare', seed, baseline, '--samples', '1000', '--report', 'afile/c.html'], dir), 'afile/c.html', 'not a folder');
    expectUserError(cli(['sweep', baseline, '--vary', 'peak_factor=1:3:3', '--samples', '1000', '--report', 'afile/s.html'], dir), 'afile/s.html', 'not a folder');
    expect(readdirSync(dir)).toEqual(['afile']);
  });
});

describe('big outputs are announced', () => {
  const baseline = join(import.meta.dirname, '..', 'distributions', 'baseline.yaml');

  it('refuses a CSV larger than its disk can hold, before sampling, leaving nothing', () => {
    const dir = scratch();
    const r = cli(['run', baseline, '--samples', '1e10', '--csv', 'all.csv', '--no-report'], dir);
    // How close the estimate is, is the next test's claim; here, that it is stated and refused.
    expectUserError(r, '--csv', 'all.csv', 'TB for 10,000,000,000 samples', 'free');
    expect(r.stderr).toMatch(/about [\d.]+ TB for 10,000,000,000 samples/);
    expect(r.stdout).toBe('');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('states the size of a CSV over 100 MB before it starts; piped, that line is all it writes on stderr', () => {
    const dir = scratch();
    const r = cli(['run', baseline, '--samples', '150000', '--csv', 'all.csv', '--no-report', '--threads', '1'], dir);
    expect(r.status, r.stderr).toBe(0);
    const size = readFileSync(join(dir, 'all.csv')).length;
    const stated = Number(/^--csv all\.csv: about ([\d.]+) MB for 150,000 samples \([\d.]+ [GT]B free there\)\n$/.exec(r.stderr)![1]) * 1e6;
    expect(Math.abs(stated - size) / size).toBeLessThan(0.01);
  });

  it('shows the CSV being written on a terminal', () => {
    const dir = scratch();
    // script(1) gives the run a terminal, as a user's shell does.
    const command = `"${process.execPath}" "${CLI}" run "${baseline}" --samples 400000 --csv all.csv --no-report --threads 1`;
    const r = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: dir, encoding: 'utf8' });
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/writing all\.csv \[#*\.*\] \d+% ETA/);
  }, 60_000);
});

describe('an interrupted run', () => {
  it('leaves no half-written output file behind', async () => {
    const dir = scratch();
    const csv = join(dir, 'samples.csv');
    // A CSV of 3M samples takes seconds to write; interrupt it while it is being written.
    const child = spawn(process.execPath, [CLI, 'run', join(import.meta.dirname, '..', 'distributions', 'baseline.yaml'), '--samples', '3000000', '--csv', csv, '--no-report', '--threads', '1'], { cwd: dir });
    const started = Date.now();
    // The temp file is created before sampling; once it has rows, the CSV is being written.
    const writing = (): boolean => readdirSync(dir).some((f) => f.endsWith('.tmp') && (statSync(join(dir, f), { throwIfNoEntry: false })?.size ?? 0) > 0);
    while (!writing() && Date.now() - started < 30_000) await new Promise((r) => setTimeout(r, 20));
    expect(writing(), 'the CSV was being written').toBe(true);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(130);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('output that fits the terminal', () => {
  const root = join(import.meta.dirname, '..');
  const longest = (text: string): number => Math.max(...text.split('\n').map((l) => [...l].length));
  const commands: [string, string[]][] = [
    ['run', ['run', 'distributions/seed-article.yaml', '--no-report', '--samples', '2000']],
    ['run --set', ['run', 'distributions/baseline.yaml', '--no-report', '--samples', '500', '--set', 'diffusion_steps={dist: uniform, min: 20, max: 250}']],
    ['compare (the README example)', ['compare', 'distributions/seed-article.yaml', 'distributions/baseline.yaml', '--no-report', '--samples', '5000']],
    ['compare of 3 files', ['compare', 'distributions/seed-article.yaml', 'distributions/analyst-small.yaml', 'distributions/analyst-large.yaml', '--no-report', '--samples', '2000']],
    ['sweep', ['sweep', 'distributions/baseline.yaml', '--vary', 'tiktok_ai_share=0:1:3', '--no-report', '--samples', '2000']],
    ['list', ['list']],
    ['sensitivity', ['sensitivity', 'distributions/baseline.yaml', '--no-report', '--samples', '512']],
    ['run under evidence, with its what-matters block', ['run', 'distributions/informed.yaml', '--no-report', '--samples', '20000', '--observe', 'cost_per_video_minute_usd=:30']],
    ['compare of the informed scenario', ['compare', 'distributions/seed-article.yaml', 'distributions/informed.yaml', '--no-report', '--samples', '5000']],
    ['validate', ['validate', 'distributions/seed-article-optimistic.yaml', 'distributions/seed-article-ranges.yaml']],
  ];

  it.each(commands)('%s with COLUMNS=80: every line fits in 80 columns, and piped output has no colour', (_, args) => {
    const r = cli(args, root, { COLUMNS: '80' });
    expect(r.status, r.stderr).toBe(0);
    expect(longest(r.stdout)).toBeLessThanOrEqual(80);
    expect(r.stdout).not.toContain('\x1b');
  });

  it('piped without COLUMNS, run and compare keep the full-width table, one row per output', () => {
    const run = cli(['run', 'distributions/seed-article.yaml', '--no-report', '--samples', '1000']).stdout;
    expect(run).toMatch(/^output {28}unit {10}mean {7}P5 {6}P25 {6}P50 {6}P75 {6}P95$/m);
    expect(run).toMatch(/^gpus_peak {25}GPUs {10}990k {5}990k/m);
    expect(longest(run)).toBeGreaterThan(80);
    const compare = cli(['compare', 'distributions/seed-article.yaml', 'distributions/baseline.yaml', '--no-report', '--samples', '2000']).stdout;
    expect(compare).toMatch(/^gpus_peak {25}GPUs {21}990k {9}\S+ \[/m);
  });

  // script(1) runs the command on a terminal of its own, here 80 columns wide, as a user's shell would.
  const onTerminal = (args: string[], env = ''): string => {
    const command = `stty cols 80; ${env} "${process.execPath}" "${CLI}" ${args.map((a) => `'${a}'`).join(' ')}`;
    const r = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: root, encoding: 'utf8', env: cliEnv({ TERM: 'xterm-256color' }) });
    expect(r.status, r.stdout).toBe(0);
    // As the terminal shows it: a carriage return redraws its line (the progress bar), and the
    // bar's last redraw clears it.
    return r.stdout
      .split('\n')
      .map((line) => line.replace(/\r$/, '').split('\r').at(-1)!.replace(/^\x1b\[K/, ''))
      .join('\n');
  };

  it('shows compare\'s progress on a terminal, and clears it before the table', () => {
    const command = `"${process.execPath}" "${CLI}" compare distributions/seed-article.yaml distributions/baseline.yaml --no-report --samples 300000`;
    const r = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: root, encoding: 'utf8', env: cliEnv({ TERM: 'xterm-256color' }) });
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/sampling \[#*\.*\] \d+% ETA/);
    expect(r.stdout).toContain('\r\x1b[K');
  }, 60_000);

  it('on an 80-column terminal, run and compare fit it, with colour', () => {
    for (const args of [commands[0][1], commands[2][1]]) {
      const text = onTerminal(args);
      expect(text).toContain('\x1b[1m');
      expect(longest(text.replace(/\x1b\[[0-9;]*m/g, ''))).toBeLessThanOrEqual(80);
    }
  });

  it('NO_COLOR and TERM=dumb turn colour off on a terminal', () => {
    expect(onTerminal(commands[0][1], 'NO_COLOR=1')).not.toContain('\x1b');
    expect(onTerminal(commands[0][1], 'TERM=dumb')).not.toContain('\x1b');
  });
});

describe('sora-compute list', () => {
  it('names every assumption and output with unit, meaning, valid range, the article value, and each formula, in JSON too', () => {
    const r = cli(['list', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const { assumptions, outputs } = JSON.parse(r.stdout);
    expect(assumptions.map((a: any) => a.name)).toEqual(ASSUMPTION_NAMES);
    expect(outputs.map((o: any) => o.name)).toEqual(OUTPUT_NAMES);
    for (const a of assumptions) for (const k of ['unit', 'meaning', 'valid', 'min', 'max', 'default', 'seed_article_value']) expect(a, a.name).toHaveProperty(k);
    for (const o of outputs) for (const k of ['unit', 'meaning', 'formula', 'depends_on', 'seed_article']) expect(o, o.name).toHaveProperty(k);
    expect(assumptions.find((a: any) => a.name === 'inference_utilization')).toMatchObject({ valid: 'greater than 0 and at most 1', min: 0, max: 1, min_included: false, max_included: true, seed_article_value: 0.5 });
    expect(assumptions.find((a: any) => a.name === 'gpu_hour_price_usd')).toMatchObject({ default: 3, seed_article_value: null });
    expect(outputs.find((o: any) => o.name === 'training_gpus').seed_article).toEqual([{ value: 4211, data_multiplier: 4 }, { value: 10528, data_multiplier: 10 }]);

    const text = cli(['list']).stdout;
    for (const name of [...ASSUMPTION_NAMES, ...OUTPUT_NAMES]) expect(text).toMatch(new RegExp(`^${name} \\[`, 'm'));
    expect(text).toContain('= training_flops / flops_per_video_minute');
    expect(text).toContain('valid: greater than 0 and at most 1; seed article 0.5');
  });

  it('shows only the names asked for, and refuses an unknown one with a suggestion', () => {
    const r = cli(['list', 'gpus_peak', 'peak_factor']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^peak_factor \[×\]: peak-hour demand over the daily average\n  valid: at least 1; seed article 2$/m);
    expect(r.stdout).toMatch(/^gpus_peak \[GPUs\]/m);
    expect(r.stdout.match(/^\w+ \[/gm)).toHaveLength(2);
    expectUserError(cli(['list', 'sora_param']), "did you mean 'sora_params'");
  });

  it('the schema an editor shows and --help take their words from the same place', () => {
    const schema = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'schema', 'scenario.schema.json'), 'utf8'));
    const text = JSON.stringify(schema);
    expect(text).toContain('achieved fraction of peak when serving [fraction]; greater than 0 and at most 1; default 0.5');
    expect(cli(['run', '--help']).stdout).toContain('sora-compute list');
  });
});

describe('sora-compute validate', () => {
  it('runs as the README says, through npx', () => {
    const root = join(import.meta.dirname, '..');
    // Without the npm_* variables of the npm that runs the tests: as from a user's shell.
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')));
    const r = spawnSync('npx', ['--no-install', 'sora-compute', 'validate', 'distributions/baseline.yaml'], { cwd: root, env, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('baseline.yaml');
  });

  it('runs as the README says, through ./sora-compute, and says so when nothing is built beside it', () => {
    const root = join(import.meta.dirname, '..');
    const r = spawnSync('./sora-compute', ['validate', 'distributions/baseline.yaml'], { cwd: root, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('baseline.yaml');
    const dir = scratch();
    copyFileSync(join(root, 'sora-compute'), join(dir, 'sora-compute'));
    chmodSync(join(dir, 'sora-compute'), 0o755);
    const bare = spawnSync(join(dir, 'sora-compute'), ['--version'], { encoding: 'utf8' });
    expect(bare.status).toBe(2);
    expect(bare.stderr).toMatch(/^sora-compute: not built yet: run npm ci/);
  });

  it('accepts every shipped scenario', () => {
    const files = readdirSync(join(import.meta.dirname, '..', 'distributions')).filter((f) => f.endsWith('.yaml')).map((f) => `distributions/${f}`);
    const r = cli(['validate', ...files]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.split('\n').filter((l) => l.endsWith(')'))).toHaveLength(files.length);
  });

  it('reports every bad file and exits 2', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'a.yaml'), 'assumptions:\n  sora_param: 3\n');
    writeFileSync(join(dir, 'b.yaml'), 'assumptions:\n  tiktok_ai_share: 2\n');
    expectUserError(cli(['validate', 'a.yaml', 'b.yaml'], dir), 'a.yaml:2:3', "did you mean 'sora_params'", 'b.yaml:2:');
  });

  it('compares the seed article with the informed scenario out of the box: a minute of video costs many times the article’s GPU time', () => {
    const r = cli(['compare', 'distributions/seed-article.yaml', 'distributions/informed.yaml', '--samples', '2000', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    const p50 = (i: number) => result.outputs.gpu_seconds_per_video_minute[i].percentiles.p50;
    expect(p50(1) / p50(0)).toBeGreaterThan(5);
  });

  it('conditions a run on --observe: the posterior in outputs, the prior beside it, each observation with its count', () => {
    const result = json(['run', 'distributions/informed.yaml', '--samples', '20000', '--observe', 'gpu_seconds_per_clip=1000:3000']);
    expect(result.conditioning.accepted).toBeGreaterThan(1000);
    expect(result.evidence[0]).toMatchObject({ name: 'gpu_seconds_per_clip', low: 1000, high: 3000, from: '--observe' });
    expect(result.outputs.gpu_seconds_per_clip.percentiles.p1).toBeGreaterThanOrEqual(1000);
    expect(result.prior.gpu_seconds_per_clip.percentiles.p1).toBeLessThan(1000);
  });

  it('refuses evidence no draw meets with exit 2, naming the observation', () => {
    expectUserError(
      cli(['run', 'distributions/informed.yaml', '--no-report', '--samples', '1000', '--max-samples', '70000', '--observe', 'gpu_seconds_per_clip=1:2']),
      'evidence.gpu_seconds_per_clip: no draw meets gpu_seconds_per_clip in [1, 2], of 70,000 drawn',
    );
  });

  it('conditions every file of compare on the same --observe', () => {
    const r = cli(['compare', 'distributions/seed-article.yaml', 'distributions/informed.yaml', '--samples', '2000', '--observe', 'training_gpu_hours=:5e6']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Every file conditioned on training_gpu_hours <= 5e6: bands and medians are over the draws that meet it (A 2k, B ');
  });

  it('refuses an unknown GPU with exit 2, naming the file, line and column and the valid names', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'gpu.yaml'), 'name: typo\ngpu: b100\n');
    expectUserError(cli(['run', 'gpu.yaml', '--no-report'], dir), "gpu.yaml:2:6: gpu: unknown GPU 'b100'", 'a100, h100-sxm, h200, b200, gb200 and mi300x');
  });
});

describe('an output path the system refuses even to root', () => {
  // sysfs refuses new files to every user, root included, so the permission message can be
  // tested where the tests run as root (where a chmod-ed folder would not stop anyone).
  const refuses = (() => {
    try {
      writeFileSync('/sys/sora-compute-probe', 'x');
      return false;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EACCES';
    }
  })();
  it.skipIf(!refuses)('is refused before sampling, exit 2, naming the flag, the path and the reason', () => {
    const r = cli(['run', 'distributions/baseline.yaml', '-n', '1000', '--report', '/sys/sora-compute.html']);
    expectUserError(r, '--report', '/sys/sora-compute.html', 'permission denied', 'nothing was sampled');
    expect(r.stdout).toBe('');
    const csv = cli(['run', 'distributions/baseline.yaml', '-n', '1000', '--no-report', '--csv', '/sys/sora-compute.csv']);
    expectUserError(csv, '--csv', 'permission denied');
  });
});

describe('an output path on a read-only file system', () => {
  // A read-only tmpfs, mounted in a user and mount namespace of the test's own (unshare -rm), so
  // nothing outside it sees the mount; skipped where the system allows no such namespace.
  const dir = scratch();
  const inNamespace = (command: string) =>
    spawnSync('unshare', ['-rm', 'sh', '-c', `mount -t tmpfs -o ro tmpfs '${dir}' && ${command}`], { cwd: ROOT, encoding: 'utf8', env: cliEnv() });
  const mounts = inNamespace('true').status === 0;
  it.skipIf(!mounts)('is refused before sampling, exit 2, naming the flag, the path and the reason', () => {
    const cliIn = (args: string) => inNamespace(`'${process.execPath}' '${CLI}' ${args}`);
    const r = cliIn(`run distributions/baseline.yaml -n 1000 --report '${dir}/page.html'`);
    expectUserError(r, '--report', `${dir}/page.html`, 'the file system is read-only', 'nothing was sampled');
    expect(r.stdout).toBe('');
    expectUserError(cliIn(`compare distributions/seed-article.yaml distributions/baseline.yaml -n 1000 --report '${dir}/compare.html'`), '--report', 'read-only');
  });
});
