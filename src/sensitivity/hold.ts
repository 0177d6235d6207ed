/**
 * The output with one assumption held at a value while every other stays uncertain: the same
 * rows (common random numbers) with that assumption's column replaced by a constant. A tornado
 * holds it at its own P10 and P90; the value of knowing it holds it at a grid of its quantiles.
 */
import type { Distribution } from '../families/index.js';
import { ASSUMPTION_NAMES } from '../model/assumptions.js';
import { evaluate, modelBlock, type Columns } from '../model/model.js';
import { selectPercentilesInPlace } from '../summary/select.js';

/** Quantiles an assumption is held at to average over its distribution: midpoints of K equal-probability strata. */
export const KNOWN_GRID = 10;
export const TORNADO_PS = [0.1, 0.9] as const;

/** The outputs named in `outputs`, evaluated on rows [0, n) of `inputs`. */
export function evaluateOutputs(inputs: Columns, n: number, outputs: readonly string[]): Columns {
  const out: Columns = Object.fromEntries(outputs.map((name) => [name, new Float64Array(n)]));
  evaluate(inputs, n, out);
  return out;
}

/**
 * Per held value, per output, the output's values over rows [0, n) with `name` held at that
 * value. Works in the model block directly: a block of rows is copied in once and only the
 * held column changes between evaluations, where `evaluate` would copy every column each time.
 */
export function holding(inputs: Columns, n: number, name: string, values: readonly number[], outputs: readonly string[]): Columns[] {
  const block = modelBlock();
  const results = values.map(() => Object.fromEntries(outputs.map((o) => [o, new Float64Array(n)])) as Columns);
  for (let start = 0; start < n; start += block.rows) {
    const m = Math.min(block.rows, n - start);
    for (const a of ASSUMPTION_NAMES) if (a !== name) block.inputs[a].set(inputs[a].subarray(start, start + m));
    values.forEach((value, h) => {
      block.inputs[name].fill(value, 0, m);
      block.evaluate(m);
      for (const o of outputs) results[h][o].set(block.outputs[o].subarray(0, m), start);
    });
  }
  return results;
}

/** Per output, its P50 with `name` held at its own P10 (low) and P90 (high). */
export function tornadoOf(
  inputs: Columns,
  n: number,
  name: string,
  dist: Distribution,
  outputs: readonly string[],
): Record<string, { low: number; high: number }> {
  const [low, high] = holding(inputs, n, name, TORNADO_PS.map((p) => dist.quantile(p)), outputs);
  const median = (values: Float64Array) => selectPercentilesInPlace(values, [0.5])[0];
  return Object.fromEntries(outputs.map((o) => [o, { low: median(low[o]), high: median(high[o]) }]));
}

/**
 * Per output, the expected 90% band (P5 to P95) if `name` were known exactly: the band with it
 * held at each of KNOWN_GRID quantiles, averaged. `band` measures one P5, P95 pair.
 */
export function bandIfKnown(
  inputs: Columns,
  n: number,
  name: string,
  dist: Distribution,
  outputs: readonly string[],
  band: (output: string, p5: number, p95: number) => number,
): Record<string, number> {
  const grid = Array.from({ length: KNOWN_GRID }, (_, k) => dist.quantile((k + 0.5) / KNOWN_GRID));
  const held = holding(inputs, n, name, grid, outputs);
  return Object.fromEntries(
    outputs.map((o) => {
      let sum = 0;
      for (const values of held) {
        const [p5, p95] = selectPercentilesInPlace(values[o], [0.05, 0.95]);
        sum += band(o, p5, p95);
      }
      return [o, sum / KNOWN_GRID];
    }),
  );
}
