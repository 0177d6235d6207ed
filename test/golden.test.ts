/**
 * Golden values: numbers that must never change by accident. A change that alters any draw,
 * any summary or the JSON's shape fails here loudly; if it is meant, say so in its commit and
 * update the values (the JSON hashes also change with the package version).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ASSUMPTIONS } from '../src/model/assumptions.js';
import { ChunkRunner } from '../src/engine/chunks.js';
import { fillUniforms } from '../src/random/streams.js';

const ROOT = join(import.meta.dirname, '..');
const SEED = 20240315;

/** The first uniforms of (seed 20240315, assumption, chunk). */
const FIRST_UNIFORMS = [
  { name: 'sora_params', chunk: 0, values: [0.017227319185622036, 0.41779923101421446, 0.794957518693991, 0.2722500575473532] },
  { name: 'youtube_ai_share', chunk: 3, values: [0.4993437285302207, 0.08642603119369596, 0.3767264747293666, 0.5304240720579401] },
];

describe('golden values', () => {
  it.each(FIRST_UNIFORMS)('the stream of ($name, chunk $chunk) starts with the same uniforms', ({ name, chunk, values }) => {
    const u = new Float64Array(values.length);
    fillUniforms(SEED, name, chunk, u);
    expect(Array.from(u)).toEqual(values);
  });

  it.each(FIRST_UNIFORMS)('the pipeline draws ($name, chunk $chunk) from the same uniforms', ({ name, chunk, values }) => {
    // uniform(0, 1) is min + width * u = u exactly, so the sampled column shows the uniforms.
    const runner = new ChunkRunner({
      seed: SEED,
      samples: (chunk + 1) * 65_536,
      assumptions: ASSUMPTIONS.map((a) => ({
        name: a.name,
        spec: a.name === name ? { dist: 'uniform', min: 0, max: 1 } : { dist: 'fixed', value: a.articleValue },
      })),
      summarized: [],
    });
    expect(Array.from(runner.sample(chunk).inputs[name].subarray(0, values.length))).toEqual(values);
  });

  it.each([
    ['seed-article', '0bfd76c82da58b2153991764eafe8d7e', '6b088c4c8130b97f170c9f140e64161c'],
    ['baseline', 'db47e19a1eb8fa455f6c5fcfee18d182', 'f299b8669e942cfa05717962b08635a5'],
  ])('run --json of %s.yaml at seed 20240315 and 100,000 samples has the same md5, and without ci95 the md5 it had before intervals', (stem, md5, withoutIntervals) => {
    const args = ['dist/bundle/cli.js', 'run', `distributions/${stem}.yaml`, '--samples', '100000', '--seed', String(SEED), '--json', '--no-report'];
    const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(createHash('md5').update(r.stdout).digest('hex')).toBe(md5);
    // The intervals were added beside the percentiles; every other byte is as it was.
    const result = JSON.parse(r.stdout);
    for (const output of Object.values(result.outputs) as { ci95?: unknown }[]) delete output.ci95;
    expect(createHash('md5').update(`${JSON.stringify(result, null, 2)}\n`).digest('hex')).toBe(withoutIntervals);
  }, 60_000);
});
