/**
 * The "what matters" block of every run: for each output that varies, the uncertain
 * assumptions it depends on with their Spearman coefficient and contribution to variance, and
 * for the key outputs a tornado. Measured on a fixed sub-sample, the run's first
 * WHAT_MATTERS_ROWS draws, drawn again from the same streams (so identical whatever the sample
 * count past it or the thread count) and cheap beside any large run.
 */
import { makeDistribution, type Distribution } from '../distributions/index.js';
import type { SimulationPlan } from '../engine/chunks.js';
import { KEY_OUTPUTS, outputInfo } from '../model/outputs.js';
import { selectPercentiles } from '../summary/select.js';
import { drawMatrix } from './design.js';
import { evaluateOutputs, tornadoOf } from './hold.js';
import { contributions, dot, standardizedRanks } from './ranks.js';
import type { OutputDrivers, WhatMatters } from './types.js';

/**
 * Rows of the sub-sample, the first quarter of the first chunk. Spearman coefficients on it are
 * within about 0.01 of the whole run's (standard error about (1 - rho^2) / sqrt(rows)); ranking
 * some forty columns and 2k tornado evaluations of 2^15 rows took 25% of a 1e6-sample run.
 */
export const WHAT_MATTERS_ROWS = 1 << 14;

export function whatMatters(plan: Omit<SimulationPlan, 'summarized'>, varying: readonly string[]): WhatMatters {
  const n = Math.min(WHAT_MATTERS_ROWS, plan.samples);
  // The run's own first rows: the same streams, so the same draws as its first chunk.
  const inputs = drawMatrix('A', plan.assumptions, n, plan.seed);
  const values = evaluateOutputs(inputs, n, varying);
  const uncertain = new Map<string, Distribution>(plan.assumptions.filter((a) => a.spec.dist !== 'fixed').map((a) => [a.name, makeDistribution(a.spec)]));
  const dependsOn = (output: string): string[] => outputInfo(output)!.dependsOn.filter((name) => uncertain.has(name));

  const ranks = new Map<string, Float64Array>();
  const ranked = (name: string): Float64Array => {
    if (!ranks.has(name)) ranks.set(name, standardizedRanks(inputs[name], n));
    return ranks.get(name)!;
  };
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
    const y = standardizedRanks(values[o], n);
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
