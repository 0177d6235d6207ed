/**
 * The JavaScript twins of the sampling kernels (assembly/distributions.ts): the same operations
 * in the same order, so the same draws bit for bit. Test oracles only; the families draw in the
 * kernels (src/kernel/arena.ts, Samplers), whatever memory their columns are in.
 */
import type { TailTable } from '../../src/kernel/arena.js';

export function uniformOracle(u: Float64Array, out: Float64Array, n: number, min: number, width: number): void {
  for (let i = 0; i < n; i++) out[i] = min + width * u[i];
}

/** The quantile without its branch: one side multiplied by 1 and the other by 0, which changes no bit. */
export function triangularOracle(
  u: Float64Array, out: Float64Array, n: number, min: number, max: number, atMode: number, left: number, right: number,
): void {
  for (let i = 0; i < n; i++) {
    const p = u[i];
    const below = +(p < atMode);
    const above = 1 - below;
    const root = Math.sqrt(below * (p * left) + above * ((1 - p) * right));
    out[i] = below * (min + root) + above * (max - root);
  }
}

/** Up to three values, by branch-free counting over the two (padded) thresholds. */
export function discreteOracle(u: Float64Array, out: Float64Array, n: number, cumulative: Float64Array, values: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const p = u[i];
    let j = 0;
    for (let k = 0; k < 2; k++) j += +(p > cumulative[k]);
    out[i] = values[j];
  }
}

const WIDTH = 6;
const double = new Float64Array(1);
const words = new Uint32Array(double.buffer);

function evaluate(c: Float64Array, at: number, f: number): number {
  return c[at] + f * (c[at + 1] + f * (c[at + 2] + f * (c[at + 3] + f * (c[at + 4] + f * c[at + 5]))));
}

const clamp = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x);

/**
 * An inversion table's draws (src/families/inversion.ts): the body's quintic in [kLo, kHi), the
 * tails' pieces by the bits of v. Returns the draws beyond the tails' reach, which the family
 * draws by its exact quantile (out[i] left as it was).
 */
export function inversionOracle(
  u: Float64Array, out: Float64Array, n: number,
  c: Float64Array, lower: TailTable, upper: TailTable, m: number, kLo: number, kHi: number,
  loc: number, scale: number, lo: number, hi: number,
): number[] {
  const exact: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = u[i] * m;
    const k = (x | 0) & 0xffff;
    if (k >= kLo && k < kHi) {
      const f = x - k;
      out[i] = clamp(loc + scale * evaluate(c, WIDTH * k, f), lo, hi);
      continue;
    }
    const side = k < kLo;
    const tail = side ? lower : upper;
    double[0] = side ? u[i] : 1 - u[i];
    const high = words[1];
    const octave = (high >>> 20) - tail.eLow;
    if (octave < 0 || octave >= tail.octaves) {
      exact.push(i);
      continue;
    }
    const bits = tail.index[2 * octave + 1];
    const below = 20 - bits;
    const q = tail.index[2 * octave] + ((high & 0xfffff) >>> below);
    const f = ((high & ((1 << below) - 1)) * 4294967296 + words[0]) * 2 ** (bits - 52);
    const v = evaluate(tail.c, WIDTH * q, f);
    const { bound } = tail;
    out[i] = clamp(loc + scale * (side ? (v > bound ? bound : v) : v < bound ? bound : v), lo, hi);
  }
  return exact;
}
