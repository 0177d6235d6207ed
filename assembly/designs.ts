// The sampling designs of src/sampling/design.ts on one block of one assumption, in place on its
// uniforms: the same operations in the same order as their JavaScript twins in test/oracles, so
// the same uniforms bit for bit (tested). Here because they run for every uncertain assumption
// of every block: in JavaScript, with V8's bounds check on every access, the Latin hypercube
// cost 4 ns a draw and the Sobol points 3, against 1.6 for drawing the uniforms themselves.

/**
 * Latin hypercube of u[0, n) in place (src/sampling/latin-hypercube.ts, stratify): the inside-out
 * Fisher-Yates deal of the n strata to the rows from x = u[i] (i + 1) (swap index trunc(x), place
 * in the stratum x - trunc(x)), then each row's uniform (stratum + place) / n. `strata`: n i32.
 */
export function stratify(u: usize, strata: usize, n: i32): void {
  if (n > 0) store<i32>(strata, 0);
  for (let i = 1; i < n; i++) {
    const at = u + (<usize>i << 3);
    const x = load<f64>(at) * <f64>(i + 1);
    const j = <i32>x;
    const swap = strata + (<usize>j << 2);
    store<i32>(strata + (<usize>i << 2), load<i32>(swap));
    store<i32>(swap, i);
    store<f64>(at, x - <f64>j);
  }
  const scale = 1.0 / <f64>n;
  for (let i = 0; i < n; i++) {
    const at = u + (<usize>i << 3);
    store<f64>(at, (<f64>load<i32>(strata + (<usize>i << 2)) + load<f64>(at)) * scale);
  }
}

/**
 * Points 0 .. n - 1 of a scrambled Sobol dimension into u[0, n) (src/sampling/design.ts): point 0
 * is the digital shift, point 2^k + i is point i XOR scrambled direction k, and each point p
 * becomes the uniform (p + 1/2) / 2^32. `points`: n i32 of room; `directions`: the scrambled
 * direction numbers, i32.
 */
export function sobolPoints(u: usize, points: usize, directions: usize, shift: i32, n: i32): void {
  if (n <= 0) return;
  store<i32>(points, shift);
  let k: usize = 0;
  for (let size = 1; size < n; size <<= 1) {
    const direction = load<i32>(directions + (k << 2));
    const end = min(size, n - size);
    for (let i = 0; i < end; i++) {
      store<i32>(points + (<usize>(size + i) << 2), load<i32>(points + (<usize>i << 2)) ^ direction);
    }
    k++;
  }
  for (let i = 0; i < n; i++) {
    store<f64>(u + (<usize>i << 3), (<f64>load<u32>(points + (<usize>i << 2)) + 0.5) * 2.3283064365386963e-10);
  }
}
