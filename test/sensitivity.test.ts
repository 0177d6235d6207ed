/**
 * Sensitivity analysis: the Sobol estimator on the Ishigami function, the analyses on the Sora
 * model where closed forms exist, Spearman against an independent implementation, the run's
 * "what matters" block, and the `sensitivity` command. Seeds are fixed; tolerances come from
 * each estimate's own sampling error.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleRankCorrelation } from 'simple-statistics';
import { afterAll, describe, expect, it } from 'vitest';
import { ChunkRunner } from '../src/engine/chunks.js';
import { DEFAULT_SEED, runScenario } from '../src/engine/run.js';
import type { Columns } from '../src/model/model.js';
import { KEY_OUTPUTS } from '../src/model/outputs.js';
import { UniformStream } from '../src/random/streams.js';
import { analyzeSensitivity } from '../src/sensitivity/analyze.js';
import { drawMatrix } from '../src/sensitivity/design.js';
import { evaluateOutputs } from '../src/sensitivity/hold.js';
import { contributions, midranks, spearman } from '../src/sensitivity/ranks.js';
import { sobolIndices } from '../src/sensitivity/sobol.js';
import { WHAT_MATTERS_ROWS } from '../src/sensitivity/what-matters.js';
import { loadScenario } from '../src/spec/index.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function scenarioFile(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sora-sensitivity-'));
  dirs.push(dir);
  const path = join(dir, 'scenario.yaml');
  writeFileSync(path, yaml);
  return path;
}

const seeded = (seed: number, name: string) => {
  const stream = new UniformStream(seed, name, 0);
  return (out: Float64Array) => stream.fill(out);
};

/** Standard error of an estimate, read off its 95% interval. */
const se = (ci: [number, number]): number => (ci[1] - ci[0]) / (2 * 1.96);

describe('Sobol indices (Saltelli 2010 first order, Jansen 1999 total)', () => {
  // Ishigami & Homma (1990) with a = 7, b = 0.1, inputs uniform on [-pi, pi].
  const ishigami = (x: Columns, n: number): Float64Array => {
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) y[i] = Math.sin(x.x1[i]) + 7 * Math.sin(x.x2[i]) ** 2 + 0.1 * x.x3[i] ** 4 * Math.sin(x.x1[i]);
    return y;
  };
  const N = 1 << 14;
  const matrix = (seed: number, m: string): Columns => {
    const u = new Float64Array(N);
    return Object.fromEntries(
      ['x1', 'x2', 'x3'].map((x) => {
        new UniformStream(seed, `${m}/${x}`, 0).fill(u);
        return [x, u.map((v) => Math.PI * (2 * v - 1))];
      }),
    );
  };
  const estimate = (seed: number) => sobolIndices(ishigami, matrix(seed, 'A'), matrix(seed, 'B'), ['x1', 'x2', 'x3'], N, { random: seeded(seed, 'bootstrap') });
  // The project's default seed: not chosen for this test.
  const found = estimate(DEFAULT_SEED);
  const truth = { x1: [0.3139, 0.5576], x2: [0.4424, 0.4424], x3: [0, 0.2437] } as const;

  it('estimates the Ishigami function within 0.02 of its known indices with N = 2^14', () => {
    for (const [x, [first, total]] of Object.entries(truth)) {
      expect(Math.abs(found[x].first - first), `${x} first`).toBeLessThan(0.02);
      expect(Math.abs(found[x].total - total), `${x} total`).toBeLessThan(0.02);
    }
  });

  it('gives bootstrap 95% intervals that cover the true values', () => {
    for (const [x, [first, total]] of Object.entries(truth)) {
      const s = found[x];
      expect(s.first_ci95[0], `${x} first`).toBeLessThanOrEqual(first);
      expect(s.first_ci95[1], `${x} first`).toBeGreaterThanOrEqual(first);
      expect(s.total_ci95[0], `${x} total`).toBeLessThanOrEqual(total);
      expect(s.total_ci95[1], `${x} total`).toBeGreaterThanOrEqual(total);
    }
  });

  it('is deterministic: the same streams give the same intervals', () => {
    expect(estimate(DEFAULT_SEED)).toEqual(found);
  });

  it('has intervals that cover about 95% of the time over 20 seeds', () => {
    // One seed's six intervals all cover with probability about 0.95^6 = 0.74; the calibration
    // is what holds: of 120 intervals about 114 should cover, and fewer than 105 would be 4 sd out.
    let covered = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const f = estimate(seed);
      for (const [x, [first, total]] of Object.entries(truth)) {
        if (f[x].first_ci95[0] <= first && first <= f[x].first_ci95[1]) covered++;
        if (f[x].total_ci95[0] <= total && total <= f[x].total_ci95[1]) covered++;
      }
    }
    expect(covered).toBeGreaterThanOrEqual(105);
  });
});

describe('Spearman rank correlation and contribution to variance', () => {
  it('agrees with simple-statistics sampleRankCorrelation, ties included', () => {
    const n = 5000;
    const u = new Float64Array(n);
    new UniformStream(1, 'x', 0).fill(u);
    const v = new Float64Array(n);
    new UniformStream(1, 'y', 0).fill(v);
    const discrete = u.map((x) => [16, 24, 30][Math.floor(3 * x)]);
    const y = u.map((x, i) => Math.exp(3 * x) * (0.5 + v[i]) - 2);
    for (const x of [u, discrete, v]) {
      expect(spearman(x, y)).toBeCloseTo(sampleRankCorrelation([...x], [...y]), 12);
    }
  });

  it('gives tied values the average of the ranks they span', () => {
    expect([...midranks(Float64Array.of(3, -1, 3, 0, -0, 7))]).toEqual([4.5, 1, 4.5, 2.5, 2.5, 6]);
  });

  it('normalises squared coefficients to shares that add up to 1', () => {
    expect(contributions([0.6, -0.8, 0])).toEqual([0.36, 0.64, 0].map((x) => expect.closeTo(x, 15)));
    expect(contributions([0, 0])).toEqual([0, 0]);
  });
});
