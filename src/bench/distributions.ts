/**
 * Micro-benchmark of Distribution.fill, the simulator's hot path: ns per value over one chunk of
 * 2^16 seeded uniforms, warm. Run: npx tsx src/bench/distributions.ts
 */
import { makeDistribution } from '../families/index.js';
import { inversionTables } from '../families/inversion.js';
import type { DistSpec } from '../families/types.js';
import { CHUNK_SIZE, fillUniforms } from '../random/streams.js';

const CASES: [string, DistSpec][] = [
  ['fixed', { dist: 'fixed', value: 20.25e9 }],
  ['uniform', { dist: 'uniform', min: 0.3, max: 0.6 }],
  ['loguniform', { dist: 'loguniform', min: 1, max: 1000 }],
  ['normal', { dist: 'normal', mean: 1, sd: 0.2 }],
  ['normal, truncated at 0', { dist: 'normal', mean: 1, sd: 0.8, min: 0 }],
  ['lognormal p5/p95', { dist: 'lognormal', p5: 5e9, p95: 50e9 }],
  ['lognormal median/gsd', { dist: 'lognormal', median: 250, gsd: 2 }],
  ['triangular', { dist: 'triangular', min: 1, mode: 2, max: 5 }],
  ['pert', { dist: 'pert', min: 1, mode: 2, max: 5 }],
  ['beta', { dist: 'beta', alpha: 2, beta: 3 }],
  ['discrete (2 values)', { dist: 'discrete', values: [1, 2], weights: [0.3, 0.7] }],
  ['discrete (20 values)', { dist: 'discrete', values: Array.from({ length: 20 }, (_, i) => i) }],
];

const n = CHUNK_SIZE;
const u = new Float64Array(n);
const out = new Float64Array(n);
fillUniforms(1, 'bench', 0, u, n);

function nsPerValue(fill: () => void): number {
  for (let i = 0; i < 50; i++) fill();
  let best = Infinity;
  for (let round = 0; round < 7; round++) {
    const reps = 40;
    const start = process.hrtime.bigint();
    for (let i = 0; i < reps; i++) fill();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / (reps * n));
  }
  return best;
}

console.log(`fill, ${n} values a call, best of 7 rounds of 40 calls (warm)\n`);
console.log(`${'family'.padEnd(26)}${'build ms'.padStart(9)}${'ns/value'.padStart(10)}`);
for (const [name, spec] of CASES) {
  const start = performance.now();
  const dist = makeDistribution(spec);
  const build = performance.now() - start;
  const ns = nsPerValue(() => dist.fill(u, out, n));
  console.log(`${name.padEnd(26)}${build.toFixed(1).padStart(9)}${ns.toFixed(2).padStart(10)}`);
}
const exact = makeDistribution({ dist: 'normal', mean: 0, sd: 1 });
const scalar = nsPerValue(() => {
  for (let i = 0; i < n; i++) out[i] = exact.quantile(u[i]);
});
console.log(`${'(normal, scalar AS241)'.padEnd(26)}${''.padStart(9)}${scalar.toFixed(2).padStart(10)}`);

console.log('\ninversion tables: body intervals M, share of u in the body, tail pieces (lower / upper)');
for (const [key, table] of inversionTables()) {
  const { intervals, bodyShare, tailIntervals } = table.stats;
  console.log(`  ${key.padEnd(34)} M ${String(intervals).padStart(5)}  body ${(100 * bodyShare).toFixed(1)}%  tails ${tailIntervals.join(' / ')}`);
}
