/**
 * The "what matters" block of every run: for each output that varies, the uncertain
 * assumptions it depends on with their Spearman coefficient and contribution to variance, and
 * for the key outputs a tornado. Measured on a fixed sub-sample, the run's first
 * WHAT_MATTERS_ROWS draws, drawn again from the same streams (so identical whatever the sample
 * count past it or the thread count) and cheap beside any large run.
 */
import { makeDistribution, type Distribution } from '../families/index.js';
import type { SimulationPlan } from '../engine/chunks.js';
import { KEY_OUTPUTS } from '../model/outputs.js';
import { selectPercentiles } from '../summary/select.js';
import { drawMatrix } from './design.js';
import type { Columns } from '../model/model.js';
import { evaluateOutputs, tornadoOf } from './hold.js';
import { contributions, dot, standardizedRanksOf } from './ranks.js';
import type { OutputDrivers, WhatMatters } from './types.js';
import { dependsOn as dependsOnOf } from '../model/depends.js';

/**
 * Rows of the sub-sample, the first eighth of the first chunk. A Spearman coefficient on it has
 * a standard error of about (1 - rho^2) / sqrt(rows), under 0.011, so a share of variance is
 * good to about a percentage point. The cost is ranking some forty columns and 2k tornado
 * evaluations, once per process and so mostly V8 compiling the loops: more rows cost more
 * than a 1e6-sample run can spare (2^15 rows added 25% to one, with the first implementation).
 */
export const WHAT_MATTERS_ROWS = 1 << 13;

export function measureWhatMatters(plan: Omit<SimulationPlan, 'summarized'>, varying: readonly string[], drawn?: Columns): WhatMatters {
  const n = Math.min(WHAT_MATTERS_ROWS, plan.samples);
  // The run's own first rows: the same streams, so the same draws as its first chunk (`drawn`,
  // when the run has drawn at least n of them already; n is a whole number of blocks, so under a
  // design too they are the rows a draw of n alone gives).
  const inputs = drawn
    ? Object.fromEntries(Object.entries(drawn).map(([name, column]) => [name, column.subarray(0, n)]))
    : drawMatrix('A', plan.assumptions, n, plan.seed, { method: plan.method, correlations: plan.correlations });
  const values = evaluateOutputs(inputs, n, varying);
  const uncertain = new Map<string, Distribution>(plan.assumptions.filter((a) => a.spec.dist !== 'fixed').map((a) => [a.name, makeDistribution(a.spec)]));
  // In canonical order, as the scenario lists them.
  const dependsOn = (output: string): string[] => [...uncertain.keys()].filter((name) => dependsOnOf(output).includes(name));

  // The assumptions' ranks, then the outputs'.
  const assumptions = [...uncertain.keys()];
  const ranks = standardizedRanksOf([...assumptions.map((a) => inputs[a]), ...varying.map((o) => values[o])], n);
  const ranked = (name: string): Float64Array => ranks[assumptions.indexOf(name)];
  const keys = varying.filter((o) => (KEY_OUTPUTS as readonly string[]).includes(o));
  const tornadoes = new Map<string, Record<string, { low: number; high: number }>>();
  for (const name of uncertain.keys()) {
    const moved = keys.filter((o) => dependsOn(o).includes(name));
    if (moved.length) tornadoes.set(name, tornadoOf(inputs, n, name, uncertain.get(name)!, moved));
  }

  const scratch = new Float64Array(n);
  const outputs: Record<string, OutputDrivers> = {};
  for (const o of varying) {
    const names = dependsOn(o);
    const y = ranks[assumptions.length + varying.indexOf(o)];
    const rhos = names.map((name) => dot(ranked(name), y, n));
    const shares = contributions(rhos);
    const isKey = keys.includes(o);
    outputs[o] = {
      inputs: Object.fromEntries(
        names.map((name, k) => [name, { spearman: rhos[k], contribution: shares[k], ...(isKey ? { tornado: tornadoes.get(name)![o] } : {}) }]),
      ),
      ...(isKey ? { p50: selectPercentiles(values[o], [0.5], scratch)[0] } : {}),
    };
  }
  return { rows: n, outputs };
}
