/**
 * `run --precision`, end to end on the built binary: where it stops, that the stop does not
 * depend on the thread count, the --max-samples warning, and bad values.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, expectUserError, scratch } from './binary.js';
import { nextStage, PRECISION_FIRST_STAGE } from '../src/engine/run.js';
import { CHUNK_SIZE } from '../src/random/streams.js';

const RUN = ['run', 'distributions/baseline.yaml', '--no-report'];

describe('run --precision', () => {
  it('stops at the same sample count with byte-identical JSON on 1 and 2 threads, every checked interval within the target', () => {
    const one = cli([...RUN, '--precision', '1%', '--json', '--threads', '1']);
    const two = cli([...RUN, '--precision', '1%', '--json', '--threads', '2']);
    expect(one.status, one.stderr).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    const result = JSON.parse(one.stdout);
    const p = result.precision;
    expect(p).toMatchObject({ target: 0.01, stopped: 'target', max_samples: 1e8, percentiles: ['p5', 'p50', 'p95'] });
    expect(p.outputs).toEqual(['gpus_peak', 'crossover_video_minutes', 'training_flops', 'cost_per_video_minute_usd']);
    expect(p.stages[p.stages.length - 1]).toBe(result.samples);
    expect(p.stages[0]).toBe(PRECISION_FIRST_STAGE);
    // More than one stage, so the decision between stages is what the threads must agree on.
    expect(p.stages.length).toBeGreaterThan(1);
    // Checked independently of the code's own reckoning: every interval from the JSON itself.
    let widest = 0;
    for (const name of p.outputs) {
      for (const key of p.percentiles) {
        const [lo, hi] = result.outputs[name].ci95[key];
        widest = Math.max(widest, (hi - lo) / 2 / Math.abs(result.outputs[name].percentiles[key]));
      }
    }
    expect(widest).toBe(p.reached);
    expect(widest).toBeLessThanOrEqual(0.01);
    // The stop is the run of that many samples: the same percentiles as --samples N.
    const plain = JSON.parse(cli([...RUN, '--samples', String(result.samples), '--json']).stdout);
    expect(plain.outputs).toEqual(result.outputs);
  }, 120_000);

  it('says on stderr when --max-samples comes first, and exits 0', () => {
    const r = cli([...RUN, '--precision', '0.1%', '--max-samples', '200000', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^warning: --max-samples \(200,000\) came before --precision 0\.1%/m);
    const result = JSON.parse(r.stdout);
    expect(result.samples).toBe(200_000);
    expect(result.precision).toMatchObject({ stopped: 'max_samples', max_samples: 200_000, stages: [PRECISION_FIRST_STAGE, 200_000] });
    expect(result.precision.reached).toBeGreaterThan(0.001);
    const text = cli([...RUN, '--precision', '0.1%', '--max-samples', '200000']);
    expect(text.stdout).toContain('precision NOT reached: --max-samples (200,000) came first');
  }, 60_000);

  it.each([['0'], ['abc'], ['150%'], ['1'], ['-1%'], ['0%']])('refuses --precision %s, naming the flag', (value) => {
    expectUserError(cli([...RUN, '--precision', value]), '--precision', `'${value}'`);
  });

  it('refuses --precision with --samples, --csv or evidence', () => {
    expectUserError(cli([...RUN, '--precision', '1%', '--samples', '1e5']), '--precision', '--samples');
    expectUserError(cli([...RUN, '--precision', '1%', '--csv', 'x.csv']), '--precision', '--csv');
    expectUserError(cli([...RUN, '--precision', '1%', '--observe', 'gpus_peak=1:1e9']), '--precision', 'evidence');
  });

  it('plans stages in whole chunks, at least 1.5 times the last, towards the predicted count, never past --max-samples', () => {
    const options = { target: 0.01, maxSamples: 1e8 };
    // Twice as wide as wanted: four times the samples, a quarter more, in whole chunks.
    expect(nextStage(131_072, 0.02, options)).toBe(Math.ceil((1.25 * 4 * 131_072) / CHUNK_SIZE) * CHUNK_SIZE);
    expect(nextStage(131_072, 0.0101, options)).toBe(196_608);
    expect(nextStage(131_072, Infinity, options)).toBe(1e8);
    expect(nextStage(131_072, 1, { target: 0.01, maxSamples: 500_000 })).toBe(500_000);
  });
});

describe('a --precision report', () => {
  it('says where the run stopped, in its header', () => {
    const dir = scratch();
    const r = cli([...RUN.slice(0, 2), '--precision', '3%', '--report', join(dir, 'p.html')]);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'p.html'), 'utf8')).toMatch(/<p class="meta">precision: 95% intervals of P5, P50 and P95 of the key outputs within ±[\d.]+% \(asked ±3%\)/);
  }, 60_000);
});
