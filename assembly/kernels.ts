// Hot loops of the engine, compiled to WebAssembly by AssemblyScript (see src/kernel/arena.ts).

// count: the counting loop of src/summary/column.ts (summarizeBlock), compiled by
// AssemblyScript: the same operations in the same order, so it gives bit-identical results, at
// less than half the time of the JavaScript loop (V8 checks bounds and types on every typed-array
// access there). Every argument is a byte offset into the memory the caller provides.
//
// state (f64 x 6): min, max, and the four moment sums (sums of d = x - shift and of d^2, for the
// even and the odd draws); read at entry, written at exit, so a call can resume where an earlier
// one stopped to let the caller widen the histogram's window.

export function count(
  values: usize, start: i32, even: i32, shift: f64,
  pairs: usize, base: i32, len: i32,
  fine: usize, offsets: usize, counting: i32,
  state: usize,
): i32 {
  let min = load<f64>(state);
  let max = load<f64>(state, 8);
  let sumX = load<f64>(state, 16);
  let sumY = load<f64>(state, 24);
  let squaresX = load<f64>(state, 32);
  let squaresY = load<f64>(state, 40);
  let i = start;
  for (; i < even; i += 2) {
    const p = values + (<usize>i << 3);
    const hx = load<u32>(p, 4);
    const hy = load<u32>(p, 12);
    const subX = (hx ^ (<u32>(<i32>hx >> 31) | 0x80000000)) >> 7;
    const subY = (hy ^ (<u32>(<i32>hy >> 31) | 0x80000000)) >> 7;
    const atX = <i32>(subX >> 5) - base;
    const atY = <i32>(subY >> 5) - base;
    if (<u32>atX >= <u32>len || <u32>atY >= <u32>len) break;
    const x = load<f64>(p);
    const y = load<f64>(p, 8);
    const dx = x - shift;
    const dy = y - shift;
    sumX += dx;
    sumY += dy;
    squaresX += dx * dx;
    squaresY += dy * dy;
    min = x < min ? x : min;
    max = x > max ? x : max;
    min = y < min ? y : min;
    max = y > max ? y : max;
    const px = pairs + (<usize>atX << 3);
    const py = pairs + (<usize>atY << 3) + 4;
    store<u32>(px, load<u32>(px) + 1);
    store<u32>(py, load<u32>(py) + 1);
    if (counting) {
      const fx = fine + (<usize>(load<i32>(offsets + (<usize>atX << 2)) | <i32>(subX & 31)) << 2);
      store<u32>(fx, load<u32>(fx) + 1);
      const fy = fine + (<usize>(load<i32>(offsets + (<usize>atY << 2)) | <i32>(subY & 31)) << 2);
      store<u32>(fy, load<u32>(fy) + 1);
    }
  }
  store<f64>(state, min);
  store<f64>(state, max, 8);
  store<f64>(state, sumX, 16);
  store<f64>(state, sumY, 24);
  store<f64>(state, squaresX, 32);
  store<f64>(state, squaresY, 40);
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
