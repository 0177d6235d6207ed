/**
 * The output with one assumption held at a value while every other stays uncertain: the same
 * rows (common random numbers) with that assumption's column replaced by a constant. A tornado
 * holds it at its own P10 and P90; the value of knowing it holds it at a grid of its quantiles.
 */
import type { Distribution } from '../distributions/index.js';
import { evaluate, type Columns } from '../model/model.js';
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
 * Per output, its values with `name` held at `value`, written into `into` when given (the
 * callers hold one assumption at several values in turn and read each result before the next).
 */
export function holding(inputs: Columns, n: number, name: string, value: number, outputs: readonly string[], into?: Columns): Columns {
  const out = into ?? Object.fromEntries(outputs.map((o) => [o, new Float64Array(n)]));
  evaluate({ ...inputs, [name]: constantColumn(n, value) }, n, out);
  return out;
}

let constant = new Float64Array(0);

function constantColumn(n: number, value: number): Float64Array {
  if (constant.length < n) constant = new Float64Array(n);
  const column = constant.subarray(0, n);
  column.fill(value);
  return column;
}

/** Per output, its P50 with `name` held at its own P10 (low) and its P90 (high). */
export function tornadoOf(
  inputs: Columns,
  n: number,
  name: string,
  dist: Distribution,
  outputs: readonly string[],
): Record<string, { low: number; high: number }> {
  const held = holding(inputs, n, name, dist.quantile(TORNADO_PS[0]), outputs);
  const low = outputs.map((o) => selectPercentilesInPlace(held[o], [0.5])[0]);
  holding(inputs, n, name, dist.quantile(TORNADO_PS[1]), outputs, held);
  return Object.fromEntries(outputs.map((o, j) => [o, { low: low[j], high: selectPercentilesInPlace(held[o], [0.5])[0] }]));
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
  const sums: Record<string, number> = Object.fromEntries(outputs.map((o) => [o, 0]));
  let held: Columns | undefined;
  for (let k = 0; k < KNOWN_GRID; k++) {
    held = holding(inputs, n, name, dist.quantile((k + 0.5) / KNOWN_GRID), outputs, held);
    for (const o of outputs) {
      const [p5, p95] = selectPercentilesInPlace(held[o], [0.05, 0.95]);
      sums[o] += band(o, p5, p95);
    }
  }
  return Object.fromEntries(outputs.map((o) => [o, sums[o] / KNOWN_GRID]));
}
