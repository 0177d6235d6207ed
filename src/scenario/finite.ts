/**
 * Whether the model can give a finite answer on a scenario: every output evaluated at the
 * extremes its assumptions can be drawn at. Every output is a product and quotient of positive
 * assumptions (ai_video_minutes_per_day a sum of two), so it is monotone in each of them and its
 * largest and smallest values lie at corners of the box of their extremes; a probe around the
 * medians tells which end of each assumption is which corner's.
 */
import { makeDistribution } from '../families/index.js';
import { formatNumber } from '../format.js';
import { ASSUMPTION_NAMES, findAssumption } from '../model/assumptions.js';
import { allocateOutputs, evaluate, type Columns } from '../model/model.js';
import { OUTPUTS } from '../model/outputs.js';
import type { DistSpec } from '../families/types.js';
import { listWords } from './suggest.js';
import { dependsOn } from '../model/depends.js';

/** The smallest uniform the streams draw, (0 + 0.5) x 2^-32: the most extreme a draw can be. */
const U_EXTREME = 0.5 * 2 ** -32;

export interface Overflow {
  /** The assumption whose extreme takes the outputs past the largest double. */
  assumption: string;
  /** Its extreme value (the end of its range the overflow is found at). */
  extreme: number;
  /** The outputs it takes past 1.8e308, in OUTPUTS order. */
  outputs: string[];
}

/**
 * The assumptions whose reachable values make an output overflow (exceed Number.MAX_VALUE, or
 * come out as 0/0 or ∞/∞ from values that overflowed), each with the outputs it breaks. An
 * infinity from an exact zero (both AI shares fixed at 0 give crossover_days = ∞) is the model's
 * honest answer, not an overflow, and is left to be printed as ∞.
 */
export function overflows(specs: ReadonlyMap<string, DistSpec>): Overflow[] {
  const ends = new Map<string, { lo: number; mid: number; hi: number }>();
  for (const name of ASSUMPTION_NAMES) {
    const dist = makeDistribution(specs.get(name)!);
    ends.set(name, { lo: dist.quantile(U_EXTREME), mid: dist.quantile(0.5), hi: dist.quantile(1 - U_EXTREME) });
  }
  // Row 0: medians; rows 2k+1, 2k+2: assumption k at its low and high end; then two corners per output.
  const probes = 1 + 2 * ASSUMPTION_NAMES.length;
  const rows = probes + 2 * OUTPUTS.length;
  const inputs: Columns = {};
  for (const name of ASSUMPTION_NAMES) inputs[name] = new Float64Array(rows).fill(ends.get(name)!.mid);
  ASSUMPTION_NAMES.forEach((name, k) => {
    inputs[name][1 + 2 * k] = ends.get(name)!.lo;
    inputs[name][2 + 2 * k] = ends.get(name)!.hi;
  });
  let out = allocateOutputs(probes);
  evaluate(inputs, probes, out);
  const probed = out;
  OUTPUTS.forEach((info, j) => {
    for (const name of dependsOn(info.name)) {
      const k = ASSUMPTION_NAMES.indexOf(name);
      const rising = !(probed[info.name][1 + 2 * k] > probed[info.name][2 + 2 * k]);
      const { lo, hi } = ends.get(name)!;
      inputs[name][probes + 2 * j] = rising ? hi : lo;
      inputs[name][probes + 2 * j + 1] = rising ? lo : hi;
    }
  });
  out = allocateOutputs(rows);
  evaluate(inputs, rows, out);

  const found = new Map<string, Overflow>();
  OUTPUTS.forEach((info, j) => {
    for (const row of [probes + 2 * j, probes + 2 * j + 1]) {
      if (Number.isFinite(out[info.name][row])) continue;
      // A corner with an input at exactly 0 divides by it: ∞ is the answer there, not an overflow.
      if (dependsOn(info.name).some((name) => inputs[name][row] === 0)) continue;
      // The assumption furthest, in orders of magnitude, from the article's value is the cause.
      let cause = dependsOn(info.name)[0];
      let distance = -1;
      for (const name of dependsOn(info.name)) {
        const d = Math.abs(Math.log10(inputs[name][row] / findAssumption(name)!.articleValue));
        if (d > distance) [cause, distance] = [name, d];
      }
      const entry = found.get(cause) ?? { assumption: cause, extreme: inputs[cause][row], outputs: [] };
      if (!entry.outputs.includes(info.name)) entry.outputs.push(info.name);
      found.set(cause, entry);
      break;
    }
  });
  return [...found.values()];
}

/** "sora_params reaches 1e300, which takes training_flops and 5 more outputs past 1.8e308 ..." */
export function overflowMessage(o: Overflow): string {
  const more = o.outputs.length - 3;
  const shown = more > 0 ? `${o.outputs.slice(0, 3).join(', ')} and ${more} more output${more === 1 ? '' : 's'}` : listWords(o.outputs);
  const article = findAssumption(o.assumption)!.articleValue;
  return (
    `${o.assumption} can be ${formatNumber(o.extreme)}, which takes ${shown} past ${formatNumber(Number.MAX_VALUE)}, ` +
    `the largest number the model can hold: no finite answer; give values nearer the article's ${formatNumber(article)}`
  );
}
