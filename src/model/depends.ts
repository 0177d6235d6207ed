/**
 * Which assumptions each output is a function of, derived from the model itself rather than
 * written by hand: each assumption in turn is nudged away from the article's value (x 1.37, or
 * x 0.9 for fractions and utilizations, which stay below 1) and the outputs that move depend on
 * it. The model cancels the factors that cancel in model.md, so an output is bit-identical
 * under a nudge of an assumption it does not depend on (test/model.test.ts checks the lists
 * against model.md's formulas). The engine skips summarizing outputs whose every input is fixed;
 * comparisons and sweeps say which outputs an assumption can move at all.
 */
import { ASSUMPTIONS } from './assumptions.js';
import { allocateOutputs, evaluate } from './model.js';
import { OUTPUT_NAMES } from './outputs.js';

let derived: ReadonlyMap<string, readonly string[]> | undefined;

function derive(): ReadonlyMap<string, readonly string[]> {
  // Row 0: the article's values; row k + 1: the same with assumption k nudged.
  const n = ASSUMPTIONS.length + 1;
  const inputs = Object.fromEntries(
    ASSUMPTIONS.map((a, k) => {
      const column = new Float64Array(n).fill(a.articleValue);
      column[k + 1] = a.articleValue * (a.domain === 'fraction' || a.domain === 'utilization' ? 0.9 : 1.37);
      return [a.name, column];
    }),
  );
  const out = allocateOutputs(n);
  evaluate(inputs, n, out);
  return new Map(OUTPUT_NAMES.map((name) => [name, ASSUMPTIONS.filter((_, k) => !Object.is(out[name][k + 1], out[name][0])).map((a) => a.name)]));
}

/** The assumptions `output` depends on, in canonical order. */
export function dependsOn(output: string): readonly string[] {
  derived ??= derive();
  const found = derived.get(output);
  if (!found) throw new Error(`'${output}' is not an output`);
  return found;
}
