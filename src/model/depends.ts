/**
 * Which assumptions each output is a function of, derived from the model itself rather than
 * written by hand: each assumption in turn is nudged away from its value at each of DERIVATION_BASES (x 1.37, or
 * x 0.9 for fractions and utilizations, which stay below 1) and the outputs that move depend on
 * it. The model cancels the factors that cancel in model.md, so an output is bit-identical
 * under a nudge of an assumption it does not depend on (test/model.test.ts checks the lists
 * against model.md's formulas). The engine skips summarizing outputs whose every input is fixed;
 * comparisons and sweeps say which outputs an assumption can move at all.
 */
import { ASSUMPTIONS } from './assumptions.js';
import { allocateOutputs, evaluate } from './model.js';
import { OUTPUT_NAMES } from './outputs.js';

/**
 * The points each assumption is nudged around: the article's values, and a video DiT's. Attention
 * across the clip is a product of two terms that are neutral at the article's values (a share of
 * 0, one frame's tokens), so some dependencies show only around a video DiT's values: a 720p
 * latent frame's 3,600 tokens and attention at 3% of a pass.
 */
export const DERIVATION_BASES: readonly Readonly<Record<string, number>>[] = [{}, { tokens_per_latent_frame: 3600, attention_flops_share: 0.03 }];

let derived: ReadonlyMap<string, readonly string[]> | undefined;

function derive(): ReadonlyMap<string, readonly string[]> {
  // Per base, row 0: its values; row k + 1: the same with assumption k nudged.
  const per = ASSUMPTIONS.length + 1;
  const n = DERIVATION_BASES.length * per;
  const inputs = Object.fromEntries(
    ASSUMPTIONS.map((a, k) => {
      const column = new Float64Array(n);
      DERIVATION_BASES.forEach((base, b) => {
        const value = base[a.name] ?? a.articleValue;
        column.fill(value, b * per, (b + 1) * per);
        column[b * per + k + 1] = value * (a.domain === 'fraction' || a.domain === 'utilization' ? 0.9 : 1.37);
      });
      return [a.name, column];
    }),
  );
  const out = allocateOutputs(n);
  evaluate(inputs, n, out);
  const moves = (name: string, k: number): boolean =>
    DERIVATION_BASES.some((_, b) => !Object.is(out[name][b * per + k + 1], out[name][b * per]));
  return new Map(OUTPUT_NAMES.map((name) => [name, ASSUMPTIONS.filter((_, k) => moves(name, k)).map((a) => a.name)]));
}

/** The assumptions `output` depends on, in canonical order. */
export function dependsOn(output: string): readonly string[] {
  derived ??= derive();
  const found = derived.get(output);
  if (!found) throw new Error(`'${output}' is not an output`);
  return found;
}
