// Hot loops of the engine, compiled to WebAssembly by AssemblyScript (see src/kernel/arena.ts).

// count: the counting loop of src/summary/column.ts (summarizeBlock, through Arena.count), at
// less than half the time of the same loop in JavaScript (V8 checks bounds and types on every
// typed-array access there); its JavaScript twin, test/oracles/summarize-block.ts, does the same
// operations in the same order, and the tests compare them bit for bit. Every argument is a byte
// offset into the memory the caller provides.
//
// state (f64 x 6): min, max, and the four moment sums (sums of d = x - shift and of d^2, for the
// even and the odd draws); read at entry, written at exit, so a call can resume where an earlier
// one stopped to let the caller widen the histogram's window.
//
// The even and the odd draws of a block go down two chains, one per f64x2 lane: the moment sums
// always did (two scalar chains before), min and max now too, the lanes combined at exit
// (pmin(m, v) is v < m ? v : m, the JavaScript loop's comparison). One min and one max chain
// through both draws of a pair was the loop's longest dependency: measured in the engine at 1e7
// samples on 1 thread, 1.50 s a run against 1.58 s (mean of 5 alternating runs each).
//
// Sub-bins (flags != 0): the loop only notes the sub-bin key of each draw whose coarse key is
// flagged (flags: a byte a window key), branch-free, in `subs`, and counts those after the loop.
// Incrementing a counter for every draw, through the offsets (scratch rows for unflagged keys),
// put a dependent load and a read-modify-write on a 4-byte-a-key table and the counters in the
// loop: measured in the engine at 1e7 samples on 1 thread, 1.76 s a run against 1.89 s.
// `subs` has room for (even - start) keys.

// The histogram key of a double from its high word: the sign bit flipped for positive values and
// every bit for negative ones, so keys sort as the values do, keeping the exponent and the first
// 13 mantissa bits (a sub-bin; its top 8 are the coarse key). Written once here, for four high
// words in i32x4 lanes; keyOfHigh in src/summary/histogram.ts is its TypeScript twin.
// @ts-ignore: decorator
@inline function subKeys(h: v128): v128 {
  return i32x4.shr_u(v128.xor(h, v128.or(i32x4.shr_s(h, 31), i32x4.splat(0x80000000))), 7);
}

// One draw's: the lane form on a splat (only the pair loop after the four-draw loop takes it).
// @ts-ignore: decorator
@inline function subKey(h: u32): u32 {
  return i32x4.extract_lane(subKeys(i32x4.splat(h)), 0);
}

export function count(
  values: usize, start: i32, even: i32, shift: f64,
  pairs: usize, base: i32, len: i32,
  fine: usize, offsets: usize, flags: usize,
  state: usize, subs: usize,
): i32 {
  let min = f64x2.splat(load<f64>(state));
  let max = f64x2.splat(load<f64>(state, 8));
  let sums = v128.load(state, 16);
  let squares = v128.load(state, 32);
  const shifts = f64x2.splat(shift);
  let taken = 0;
  let i = start;
  // Two pairs an iteration while all four keys fall in the window: their keys in i32x4 lanes from
  // the four high words, one test for all four, then the pair loop below, each lane's chain in
  // the same order. A key outside the window leaves the pair at i to that loop, which stops there.
  // Measured on one chunk's output columns, 1.06 ns a draw against 1.34.
  const bases = i32x4.splat(base);
  const lens = i32x4.splat(len);
  for (; i + 4 <= even; i += 4) {
    const p = values + (<usize>i << 3);
    const a = v128.load(p);
    const b = v128.load(p, 16);
    const h = v128.shuffle<i32>(a, b, 1, 3, 5, 7);
    const sub = subKeys(h);
    const at = i32x4.sub(i32x4.shr_u(sub, 5), bases);
    if (!i32x4.all_true(i32x4.lt_u(at, lens))) break;
    const da = f64x2.sub(a, shifts);
    const db = f64x2.sub(b, shifts);
    sums = f64x2.add(f64x2.add(sums, da), db);
    squares = f64x2.add(f64x2.add(squares, f64x2.mul(da, da)), f64x2.mul(db, db));
    min = f64x2.pmin(f64x2.pmin(min, a), b);
    max = f64x2.pmax(f64x2.pmax(max, a), b);
    const at0 = i32x4.extract_lane(at, 0);
    const at1 = i32x4.extract_lane(at, 1);
    const at2 = i32x4.extract_lane(at, 2);
    const at3 = i32x4.extract_lane(at, 3);
    const p0 = pairs + (<usize>at0 << 3);
    const p1 = pairs + (<usize>at1 << 3) + 4;
    const p2 = pairs + (<usize>at2 << 3);
    const p3 = pairs + (<usize>at3 << 3) + 4;
    store<u32>(p0, load<u32>(p0) + 1);
    store<u32>(p1, load<u32>(p1) + 1);
    store<u32>(p2, load<u32>(p2) + 1);
    store<u32>(p3, load<u32>(p3) + 1);
    if (flags) {
      store<u32>(subs + (<usize>taken << 2), i32x4.extract_lane(sub, 0));
      taken += <i32>load<u8>(flags + <usize>at0);
      store<u32>(subs + (<usize>taken << 2), i32x4.extract_lane(sub, 1));
      taken += <i32>load<u8>(flags + <usize>at1);
      store<u32>(subs + (<usize>taken << 2), i32x4.extract_lane(sub, 2));
      taken += <i32>load<u8>(flags + <usize>at2);
      store<u32>(subs + (<usize>taken << 2), i32x4.extract_lane(sub, 3));
      taken += <i32>load<u8>(flags + <usize>at3);
    }
  }
  for (; i < even; i += 2) {
    const p = values + (<usize>i << 3);
    const hx = load<u32>(p, 4);
    const hy = load<u32>(p, 12);
    const subX = subKey(hx);
    const subY = subKey(hy);
    const atX = <i32>(subX >> 5) - base;
    const atY = <i32>(subY >> 5) - base;
    if (<u32>atX >= <u32>len || <u32>atY >= <u32>len) break;
    const xy = v128.load(p);
    const d = f64x2.sub(xy, shifts);
    sums = f64x2.add(sums, d);
    squares = f64x2.add(squares, f64x2.mul(d, d));
    min = f64x2.pmin(min, xy);
    max = f64x2.pmax(max, xy);
    const px = pairs + (<usize>atX << 3);
    const py = pairs + (<usize>atY << 3) + 4;
    store<u32>(px, load<u32>(px) + 1);
    store<u32>(py, load<u32>(py) + 1);
    if (flags) {
      // Every draw's key is written, and kept by advancing past it.
      store<u32>(subs + (<usize>taken << 2), subX);
      taken += <i32>load<u8>(flags + <usize>atX);
      store<u32>(subs + (<usize>taken << 2), subY);
      taken += <i32>load<u8>(flags + <usize>atY);
    }
  }
  for (let j = 0; j < taken; j++) {
    const sub = load<u32>(subs + (<usize>j << 2));
    const at = <i32>(sub >> 5) - base;
    const counter = fine + (<usize>(load<i32>(offsets + (<usize>at << 2)) | <i32>(sub & 31)) << 2);
    store<u32>(counter, load<u32>(counter) + 1);
  }
  const minX = f64x2.extract_lane(min, 0);
  const minY = f64x2.extract_lane(min, 1);
  const maxX = f64x2.extract_lane(max, 0);
  const maxY = f64x2.extract_lane(max, 1);
  store<f64>(state, minY < minX ? minY : minX);
  store<f64>(state, maxY > maxX ? maxY : maxX, 8);
  v128.store(state, sums, 16);
  v128.store(state, squares, 32);
  return i;
}


// uniforms: the stream of src/random/streams.ts (UniformStream.fill), xoshiro128** (Blackman &
// Vigna 2018) with out[i] = (k + 1/2) / 2^32: integer operations, so the same uniforms bit for
// bit. state (u32 x 4) is read at entry and written at exit, so fills continue the stream.
export function uniforms(state: usize, out: usize, n: i32): void {
  let s0 = load<u32>(state);
  let s1 = load<u32>(state, 4);
  let s2 = load<u32>(state, 8);
  let s3 = load<u32>(state, 12);
  for (let i = 0; i < n; i++) {
    const r = rotl<u32>(s1 * 5, 7) * 9;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl<u32>(s3, 11);
    store<f64>(out + (<usize>i << 3), (<f64>r + 0.5) * 2.3283064365386963e-10);
  }
  store<u32>(state, s0);
  store<u32>(state, s1, 4);
  store<u32>(state, s2, 8);
  store<u32>(state, s3, 12);
}


// uniforms4: the `uniforms` loop for four streams at once, one per i32x4 lane: the same integer
// steps per stream, so each stream's uniforms are the same bit for bit as from `uniforms`
// (0.85 ns a uniform against 1.35; the streams' serial xor chains bound both). state (v128 x 4):
// s0, s1, s2, s3, lane j for stream j, advanced in place. columns (u32 x 4): where stream j's n
// uniforms go.

// @ts-ignore: decorator
@inline function rotl4(x: v128, k: i32): v128 {
  return v128.or(i32x4.shl(x, k), i32x4.shr_u(x, 32 - k));
}

// (r + 1/2) / 2^32 for the two low lanes, r unsigned. x64 has no unsigned conversion, so r is
// flipped to signed, r - 2^31, and 2^31 + 1/2 added back: every step exact, so the same bits.
// @ts-ignore: decorator
@inline function toUnit(r: v128): v128 {
  const signed = f64x2.convert_low_i32x4_s(v128.xor(r, i32x4.splat(0x80000000)));
  return f64x2.mul(f64x2.add(signed, f64x2.splat(2147483648.5)), f64x2.splat(2.3283064365386963e-10));
}

// x * 5 and x * 9 as a shift and an add (the same bits modulo 2^32): i32x4.mul is slow on x64.
// @ts-ignore: decorator
@inline function times5(x: v128): v128 {
  return i32x4.add(i32x4.shl(x, 2), x);
}

// @ts-ignore: decorator
@inline function times9(x: v128): v128 {
  return i32x4.add(i32x4.shl(x, 3), x);
}

export function uniforms4(state: usize, columns: usize, n: i32): void {
  let s0 = v128.load(state);
  let s1 = v128.load(state, 16);
  let s2 = v128.load(state, 32);
  let s3 = v128.load(state, 48);
  const a = <usize>load<u32>(columns);
  const b = <usize>load<u32>(columns, 4);
  const c = <usize>load<u32>(columns, 8);
  const d = <usize>load<u32>(columns, 12);
  // One step an iteration (the state stays in locals); each odd step's uniforms are stored with
  // the step before, transposed into one pair per stream.
  let before = i32x4.splat(0);
  for (let i = 0; i < n; i++) {
    const r = times9(rotl4(times5(s1), 7));
    const t = i32x4.shl(s1, 9);
    s2 = v128.xor(s2, s0);
    s3 = v128.xor(s3, s1);
    s1 = v128.xor(s1, s2);
    s0 = v128.xor(s0, s3);
    s2 = v128.xor(s2, t);
    s3 = rotl4(s3, 11);
    if ((i & 1) == 0) {
      before = r;
      continue;
    }
    const at = <usize>(i - 1) << 3;
    let x0 = toUnit(before);
    let x1 = toUnit(r);
    v128.store(a + at, v128.shuffle<f64>(x0, x1, 0, 2));
    v128.store(b + at, v128.shuffle<f64>(x0, x1, 1, 3));
    x0 = toUnit(i32x4.shuffle(before, before, 2, 3, 0, 1));
    x1 = toUnit(i32x4.shuffle(r, r, 2, 3, 0, 1));
    v128.store(c + at, v128.shuffle<f64>(x0, x1, 0, 2));
    v128.store(d + at, v128.shuffle<f64>(x0, x1, 1, 3));
  }
  if (n & 1) {
    // The last of an odd count, alone.
    const at = <usize>(n - 1) << 3;
    const ab = toUnit(before);
    const cd = toUnit(i32x4.shuffle(before, before, 2, 3, 0, 1));
    store<f64>(a + at, f64x2.extract_lane(ab, 0));
    store<f64>(b + at, f64x2.extract_lane(ab, 1));
    store<f64>(c + at, f64x2.extract_lane(cd, 0));
    store<f64>(d + at, f64x2.extract_lane(cd, 1));
  }
  v128.store(state, s0);
  v128.store(state, s1, 16);
  v128.store(state, s2, 32);
  v128.store(state, s3, 48);
}

// rankWindow: the loop of src/summary/rank-window.ts (RankWindow.add), a third of a comparison's
// time in JavaScript. Of values[0, n), the draws strictly between low and high go to out[0, k)
// in order (k returned), and the others are counted into counts (i32 x 4: below low, at low, at
// high, above high). A window of one value (low == high)
// counts its draws at low only. NaNs are none of these. The JavaScript loop it replaces is its
// twin in test/oracles/rank-window.ts, and the tests compare them.
export function rankWindow(values: usize, n: i32, low: f64, high: f64, out: usize, counts: usize): i32 {
  const lows = f64x2.splat(low);
  const highs = f64x2.splat(high);
  const two = i64x2.splat(low != high ? -1 : 0);
  // Each comparison's lanes are all ones (-1) where it holds: subtracting them counts.
  let below = i64x2.splat(0);
  let atLow = i64x2.splat(0);
  let atHigh = i64x2.splat(0);
  let above = i64x2.splat(0);
  let k: i32 = 0;
  let i: i32 = 0;
  for (; i + 2 <= n; i += 2) {
    const x = v128.load(values + (<usize>i << 3));
    const inside = v128.and(f64x2.gt(x, lows), f64x2.lt(x, highs));
    below = i64x2.sub(below, f64x2.lt(x, lows));
    atLow = i64x2.sub(atLow, f64x2.eq(x, lows));
    atHigh = i64x2.sub(atHigh, v128.and(f64x2.eq(x, highs), two));
    above = i64x2.sub(above, f64x2.gt(x, highs));
    // Both lanes stored, the second where the first goes when the first is not kept: no branch.
    store<f64>(out + (<usize>k << 3), f64x2.extract_lane(x, 0));
    k += <i32>(i64x2.extract_lane(inside, 0) & 1);
    store<f64>(out + (<usize>k << 3), f64x2.extract_lane(x, 1));
    k += <i32>(i64x2.extract_lane(inside, 1) & 1);
  }
  let b = i64x2.extract_lane(below, 0) + i64x2.extract_lane(below, 1);
  let l = i64x2.extract_lane(atLow, 0) + i64x2.extract_lane(atLow, 1);
  let h = i64x2.extract_lane(atHigh, 0) + i64x2.extract_lane(atHigh, 1);
  let a = i64x2.extract_lane(above, 0) + i64x2.extract_lane(above, 1);
  if (i < n) {
    const x = load<f64>(values + (<usize>i << 3));
    store<f64>(out + (<usize>k << 3), x);
    k += <i32>(x > low && x < high);
    b += <i64>(x < low);
    l += <i64>(x == low);
    h += <i64>(x == high && low != high);
    a += <i64>(x > high);
  }
  store<i32>(counts, <i32>b);
  store<i32>(counts, <i32>l, 4);
  store<i32>(counts, <i32>h, 8);
  store<i32>(counts, <i32>a, 12);
  return k;
}

// select: Floyd-Rivest selection (CACM 1975, Algorithm 489), the algorithm of selectInPlace in
// src/summary/select.ts: rearranges the f64 array at `a` so that a[k] holds what it would sorted,
// nothing larger before it and nothing smaller after, within [left, right]. The rank windows'
// selections (src/summary/rank-window.ts) took a ninth of a comparison's CPU in JavaScript, and
// 5% less CPU in all here (the README's comparison on 1 thread, medians of 6). Its sampling
// step's logarithms may differ from V8's in a last bit, and so its arrangement; the tests compare
// the selection with selectInPlace's.
// @ts-ignore: decorator
@inline function at(a: usize, i: i32): f64 {
  return load<f64>(a + (<usize>i << 3));
}

// @ts-ignore: decorator
@inline function swap(a: usize, i: i32, j: i32): void {
  const t = at(a, i);
  store<f64>(a + (<usize>i << 3), at(a, j));
  store<f64>(a + (<usize>j << 3), t);
}

export function select(a: usize, k: i32, left: i32, right: i32): void {
  while (right > left) {
    if (right - left > 600) {
      // Recurse on a sample around k to pick pivots that bracket it tightly.
      const n = <f64>(right - left + 1);
      const m = <f64>(k - left + 1);
      const z = Math.log(n);
      const s = 0.5 * Math.exp((2 * z) / 3);
      const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * (m - n / 2 < 0 ? -1 : 1);
      const newLeft = max(left, <i32>Math.floor(<f64>k - (m * s) / n + sd));
      const newRight = min(right, <i32>Math.floor(<f64>k + ((n - m) * s) / n + sd));
      select(a, k, newLeft, newRight);
    }
    const t = at(a, k);
    let i = left;
    let j = right;
    swap(a, left, k);
    if (at(a, right) > t) swap(a, left, right);
    while (i < j) {
      swap(a, i, j);
      i++;
      j--;
      while (at(a, i) < t) i++;
      while (at(a, j) > t) j--;
    }
    if (at(a, left) == t) swap(a, left, j);
    else {
      j++;
      swap(a, j, right);
    }
    if (j <= k) left = j + 1;
    if (k <= j) right = j - 1;
  }
}
