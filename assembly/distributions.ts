// Samplers of src/families over columns in the arena: out[i] = Q(u[i]), the same operations
// in the same order as the JavaScript fill loops they stand in for, so the same draws bit for bit
// (tested). Two draws at a time in f64x2 lanes: V8 compiles scalar WebAssembly no faster than
// its JavaScript here, but a lane pair halves the arithmetic. Columns have room for an even
// count: the model block's columns are longer than a block, so a last odd draw is computed in
// the lane pair and its partner lane writes one unused row.

// @ts-ignore: decorator
@inline function ones(mask: v128): v128 {
  return v128.and(mask, f64x2.splat(1));
}

/** Uniform on [min, min + width]: the family's fill (src/families/uniform.ts). */
export function fillUniform(u: usize, out: usize, n: i32, min: f64, width: f64): void {
  const lo = f64x2.splat(min);
  const w = f64x2.splat(width);
  for (let i = 0; i < n; i += 2) {
    const at = <usize>i << 3;
    v128.store(out + at, f64x2.add(lo, f64x2.mul(w, v128.load(u + at))));
  }
}

/** Triangular, branch-free as in src/families/triangular.ts. */
export function fillTriangular(u: usize, out: usize, n: i32, min: f64, max: f64, atMode: f64, left: f64, right: f64): void {
  const lo = f64x2.splat(min);
  const hi = f64x2.splat(max);
  const mode = f64x2.splat(atMode);
  const l = f64x2.splat(left);
  const r = f64x2.splat(right);
  const one = f64x2.splat(1);
  for (let i = 0; i < n; i += 2) {
    const at = <usize>i << 3;
    const p = v128.load(u + at);
    const below = ones(f64x2.lt(p, mode));
    const above = f64x2.sub(one, below);
    const root = f64x2.sqrt(f64x2.add(f64x2.mul(below, f64x2.mul(p, l)), f64x2.mul(above, f64x2.mul(f64x2.sub(one, p), r))));
    v128.store(out + at, f64x2.add(f64x2.mul(below, f64x2.add(lo, root)), f64x2.mul(above, f64x2.sub(hi, root))));
  }
}

/**
 * Discrete with at most three atoms, by counting the cumulative probabilities below u
 * (src/families/discrete.ts): `cumulative` holds the first two (1 where there are fewer
 * atoms, which no u reaches), `values` three (repeats where fewer).
 */
export function fillDiscrete(u: usize, out: usize, n: i32, cumulative: usize, values: usize): void {
  const c0 = f64x2.splat(load<f64>(cumulative));
  const c1 = f64x2.splat(load<f64>(cumulative, 8));
  const v0 = f64x2.splat(load<f64>(values));
  const v1 = f64x2.splat(load<f64>(values, 8));
  const v2 = f64x2.splat(load<f64>(values, 16));
  for (let i = 0; i < n; i += 2) {
    const at = <usize>i << 3;
    const p = v128.load(u + at);
    const past0 = f64x2.gt(p, c0);
    const past1 = f64x2.gt(p, c1);
    v128.store(out + at, v128.bitselect(v128.bitselect(v2, v1, past1), v0, past0));
  }
}

/**
 * Draws i and i + 1 of fillInversion's body: their interval indices (lanes 0 and 1), and the
 * pieces they are drawn from. Tail draws are computed on the nearest body piece, noted in
 * `scratch` and overwritten later. Returns the new count of noted draws.
 */
// @ts-ignore: decorator
@inline function drawPair(
  u: usize, out: usize, n: i32, i: i32, c: usize, m: v128, first: v128, last: v128,
  at0: v128, by: v128, floor: v128, ceiling: v128, scratch: usize, count: i32,
): i32 {
  const at = <usize>i << 3;
  const x = f64x2.mul(v128.load(u + at), m);
  // The body is never empty (kLo < kHi), so clamping is max then min.
  const r = i32x4.trunc_sat_f64x2_s_zero(x);
  const k = i32x4.min_s(i32x4.max_s(r, first), last);
  const f = f64x2.sub(x, f64x2.convert_low_i32x4_s(k));
  const kx = i32x4.extract_lane(k, 0);
  const ky = i32x4.extract_lane(k, 1);
  const missed = i32x4.ne(r, k);
  const px = c + <usize>(kx * 48);
  const py = c + <usize>(ky * 48);
  const a01 = v128.load(px);
  const b01 = v128.load(py);
  const a23 = v128.load(px, 16);
  const b23 = v128.load(py, 16);
  const a45 = v128.load(px, 32);
  const b45 = v128.load(py, 32);
  let q = f64x2.add(v128.shuffle<f64>(a45, b45, 0, 2), f64x2.mul(f, v128.shuffle<f64>(a45, b45, 1, 3)));
  q = f64x2.add(v128.shuffle<f64>(a23, b23, 1, 3), f64x2.mul(f, q));
  q = f64x2.add(v128.shuffle<f64>(a23, b23, 0, 2), f64x2.mul(f, q));
  q = f64x2.add(v128.shuffle<f64>(a01, b01, 1, 3), f64x2.mul(f, q));
  q = f64x2.add(v128.shuffle<f64>(a01, b01, 0, 2), f64x2.mul(f, q));
  // pmax(x, lo) is x < lo ? lo : x, pmin(x, hi) is hi < x ? hi : x: the JavaScript clamp exactly.
  v128.store(out + at, f64x2.pmin(f64x2.pmax(f64x2.add(at0, f64x2.mul(by, q)), floor), ceiling));
  // Noted without a branch: written to the next free slot, kept by advancing past it (the
  // partner lane of a last odd draw is never kept).
  store<i32>(scratch + (<usize>count << 2), i);
  count -= i32x4.extract_lane(missed, 0);
  store<i32>(scratch + (<usize>count << 2), i + 1);
  return count - (i32x4.extract_lane(missed, 1) & -<i32>(i + 1 < n));
}

/**
 * An inversion table (src/families/inversion.ts, InversionTable.fill): draws in the table's
 * body intervals [kLo, kHi) get loc + scale * the piece's quintic (coefficients at `c`, six a
 * piece), clamped to [lo, hi]; the others, in either tail, are noted in `scratch` and drawn after
 * the loop from the tails (`tails`: the descriptor InversionTable.place writes), as
 * InversionTable.tail draws them. Draws beyond the tails' reach are left in `scratch` for the
 * caller's exact quantile; returns their count.
 */
export function fillInversion(
  u: usize, out: usize, n: i32,
  c: usize, intervals: f64, kLo: i32, kHi: i32,
  loc: f64, scale: f64, lo: f64, hi: f64, scratch: usize, tails: usize,
): i32 {
  const floor = f64x2.splat(lo);
  const ceiling = f64x2.splat(hi);
  const m = f64x2.splat(intervals);
  const at0 = f64x2.splat(loc);
  const by = f64x2.splat(scale);
  const first = i32x4.splat(kLo);
  const last = i32x4.splat(kHi - 1);
  let count = 0;
  let i = 0;
  // Two pairs an iteration: V8 splats the loop's constants again in every iteration and checks
  // the stack once per iteration, so that overhead is paid half as often. The draws, and the
  // order they are noted in, are the pair loop's. Measured on a 2,048-row block: 3.67 ns a draw
  // against 3.95 (lognormal, pert and normal tables alike; best of 15 rounds).
  for (; i + 4 <= n; i += 4) {
    count = drawPair(u, out, n, i, c, m, first, last, at0, by, floor, ceiling, scratch, count);
    count = drawPair(u, out, n, i + 2, c, m, first, last, at0, by, floor, ceiling, scratch, count);
  }
  for (; i < n; i += 2) count = drawPair(u, out, n, i, c, m, first, last, at0, by, floor, ceiling, scratch, count);
  // The tail draws split into the lower (from scratch[0]) and the upper (from scratch[count]),
  // without a branch, so that each tail's loop knows its side: one loop for both sides
  // mispredicted a branch a draw on the side, and cost some 30 ns a tail draw.
  const uppers = scratch + (<usize>count << 2);
  let lows = 0;
  let highs = 0;
  for (let j = 0; j < count; j++) {
    const i = load<i32>(scratch + (<usize>j << 2));
    const upper = <i32>(<i32>(load<f64>(u + (<usize>i << 3)) * intervals) >= kLo);
    store<i32>(scratch + (<usize>lows << 2), i);
    store<i32>(uppers + (<usize>highs << 2), i);
    lows += 1 - upper;
    highs += upper;
  }
  let left = drawTail(u, out, scratch, lows, scratch, 0, false, tails, loc, scale, lo, hi);
  left = drawTail(u, out, uppers, highs, scratch, left, true, tails, loc, scale, lo, hi);
  return left;
}

/**
 * Draws the n draws indexed at `at` from one tail (InversionTable.tail), noting those beyond its
 * reach in `misses` from `left` on (never past an index still to be read); returns the new `left`.
 */
// @ts-ignore: decorator
@inline function drawTail(
  u: usize, out: usize, at: usize, n: i32, misses: usize, left: i32, upper: bool,
  tails: usize, loc: f64, scale: f64, lo: f64, hi: f64,
): i32 {
  const d = tails + (upper ? 32 : 16);
  const eLow = load<i32>(d);
  const octaves = <u32>load<i32>(d, 4);
  const index = <usize>load<i32>(d, 8);
  const c = <usize>load<i32>(d, 12);
  const bound = load<f64>(tails + (upper ? 8 : 0));
  for (let j = 0; j < n; j++) {
    const i = load<i32>(at + (<usize>j << 2));
    const p = load<f64>(u + (<usize>i << 3));
    const bits = reinterpret<u64>(upper ? 1.0 - p : p);
    const octave = <i32>(bits >> 52) - eLow;
    if (<u32>octave >= octaves) {
      store<i32>(misses + (<usize>left << 2), i);
      left++;
      continue;
    }
    const entry = index + (<usize>octave << 3);
    const b = <u64>load<i32>(entry, 4);
    const piece = load<i32>(entry) + <i32>((bits & 0xfffffffffffff) >> (52 - b));
    // The bits below the piece's, as a fraction: exact, like the JavaScript's integer arithmetic.
    const f = reinterpret<f64>(((bits << (12 + b)) >> 12) | 0x3ff0000000000000) - 1.0;
    const pc = c + <usize>(piece * 48);
    const x = load<f64>(pc) + f * (load<f64>(pc, 8) + f * (load<f64>(pc, 16) + f * (load<f64>(pc, 24) + f * (load<f64>(pc, 32) + f * load<f64>(pc, 40)))));
    const y = upper ? (x < bound ? bound : x) : x > bound ? bound : x;
    const z = loc + scale * y;
    store<f64>(out + (<usize>i << 3), z < lo ? lo : z > hi ? hi : z);
  }
  return left;
}
