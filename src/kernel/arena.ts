/**
 * The WebAssembly kernels (assembly/kernels.ts, built by AssemblyScript into
 * dist/kernel/kernels.wasm) and the memory they work in: one arena per thread, reserved once
 * and never grown, because growing a WebAssembly memory detaches every view into it. Histogram
 * and sub-bin counters are views into the arena, so the kernel and the JavaScript code around
 * it work on the same numbers; whatever does not fit falls back to ordinary arrays and the
 * JavaScript loop, with identical results.
 *
 * Why only the counting loop: it is a third of a draw's cost, and V8 checks bounds and types on
 * every typed-array access in it; measured on real output columns the kernel takes 2.0-2.6 ns
 * a draw where the JavaScript loop takes 4.5-5.6 ns, and copying a block in costs 0.2 ns. The
 * inversion loop in WebAssembly measured no faster (it waits on table loads, not on checks), and
 * JavaScript loops got about 30% slower writing into arena memory, so block columns stay
 * ordinary arrays.
 */
import { existsSync, readFileSync } from 'node:fs';

/** Reserved address space per thread; pages cost memory only once touched. */
const ARENA_BYTES = 64 << 20;

type Uniforms = (state: number, out: number, n: number) => void;

type Count = (
  values: number, start: number, even: number, shift: number,
  pairs: number, base: number, len: number,
  fine: number, offsets: number, counting: number,
  state: number,
) => number;

export class Arena {
  private top = 64;
  private scratchValues: Float64Array = new Float64Array(0);
  /** min, max and the four moment sums, handed to and from `count`. */
  readonly state: Float64Array;
  /** A uniform stream's state, handed to and from `uniforms`. */
  readonly stream: Int32Array;

  constructor(
    readonly memory: WebAssembly.Memory,
    readonly count: Count,
    readonly uniforms: Uniforms,
  ) {
    this.state = this.f64(6)!;
    this.stream = this.i32(4)!;
  }

  get buffer(): ArrayBufferLike {
    return this.memory.buffer;
  }

  private take(bytes: number): number {
    const at = this.top;
    if (at + bytes > ARENA_BYTES) return -1;
    this.top = (at + bytes + 15) & ~15;
    return at;
  }

  u32(length: number): Uint32Array | null {
    const at = this.take(4 * length);
    return at < 0 ? null : new Uint32Array(this.memory.buffer, at, length);
  }

  i32(length: number): Int32Array | null {
    const at = this.take(4 * length);
    return at < 0 ? null : new Int32Array(this.memory.buffer, at, length);
  }

  f64(length: number): Float64Array | null {
    const at = this.take(8 * length);
    return at < 0 ? null : new Float64Array(this.memory.buffer, at, length);
  }

  /** A place in the arena for n draws, reused by every call (the caller copies a block in). */
  values(n: number): Float64Array | null {
    if (this.scratchValues.length < n) this.scratchValues = this.f64(n) ?? this.scratchValues;
    return this.scratchValues.length >= n ? this.scratchValues.subarray(0, n) : null;
  }
}

/** Where the compiled kernels are: beside this module once built, in dist/ when run from source. */
const candidates = [new URL('./kernels.wasm', import.meta.url), new URL('../../dist/kernel/kernels.wasm', import.meta.url)];

let arena: Arena | null | undefined;

/** This thread's arena, or null where the kernels are not built. */
export function kernelArena(): Arena | null {
  if (arena !== undefined) return arena;
  const file = candidates.find((url) => existsSync(url));
  if (!file) return (arena = null);
  const memory = new WebAssembly.Memory({ initial: ARENA_BYTES >> 16, maximum: ARENA_BYTES >> 16 });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(file)), { env: { memory } });
  const { count, uniforms } = instance.exports;
  return (arena = new Arena(memory, count as Count, uniforms as Uniforms));
}
