/**
 * The WebAssembly kernels (assembly/*.ts, built by AssemblyScript into dist/kernel/kernels.wasm)
 * and the memory they work in: one arena per thread, reserved once and never grown, because
 * growing a WebAssembly memory detaches every view into it. The model block, histogram and
 * sub-bin counters and placed inversion tables are views into the arena, so kernels and the
 * JavaScript code around them work on the same numbers.
 *
 * Why kernels: V8 checks bounds on every typed-array access, which bounds the engine's loops;
 * measured per value, a block of the model takes 13 ns a row (7 since, in f64x2 lanes) against
 * 40 in JavaScript, counting into histograms 2.0-2.6 ns against 4.5-5.6 (since, with two pairs an
 * iteration, 1.06 ns against 1.34 on a chunk's columns in cache), sampling 0.4-1.2 ns
 * against 2-4.4 for the closed forms and 4.5 against 6.3 for the inversion tables (in f64x2
 * lanes: scalar WebAssembly was no faster than JavaScript there). Each kernel but the model's has
 * a JavaScript twin its tests compare with bit for bit: the uniforms' lives in test/oracles; the
 * samplers' and the counting loop's are still also the path for columns outside the arena or an
 * arena that is full.
 */
import { existsSync, readFileSync } from 'node:fs';

/** Reserved address space per thread; pages cost memory only once touched. */
const ARENA_BYTES = 64 << 20;
/** Draws one call of `count` takes at most: a whole chunk kept while the pilot ran. */
const SUBS = 1 << 16;

type Uniforms = (state: number, out: number, n: number) => void;

type Evaluate = (inputs: number, outputs: number, n: number) => void;

type Uniforms4 = (state: number, columns: number, n: number) => void;

/** The sampling kernels of assembly/distributions.ts; arguments are as documented there. */
export interface Samplers {
  fillUniform(u: number, out: number, n: number, min: number, width: number): void;
  fillTriangular(u: number, out: number, n: number, min: number, max: number, atMode: number, left: number, right: number): void;
  fillDiscrete(u: number, out: number, n: number, cumulative: number, values: number): void;
  fillInversion(
    u: number, out: number, n: number,
    c: number, intervals: number, kLo: number, kHi: number,
    loc: number, scale: number, lo: number, hi: number, scratch: number, tails: number,
  ): number;
}

/**
 * The model kernel's block (assembly/model.ts): a matrix of assumption columns and one of output
 * columns, `rows` f64 each, `stride` bytes apart. The stride is a cache line longer than a
 * column, so that the 46 columns a row touches do not all fall in the same L1 cache set (with a
 * 16 KB stride they did, and the kernel ran 5 times slower).
 */
export interface KernelBlock {
  rows: number;
  inputs: Float64Array[];
  outputs: Float64Array[];
  /** Uniforms for up to four assumptions being drawn, so the generator writes where the samplers read. */
  uniforms: Float64Array[];
  /**
   * The xoshiro128** states of four streams each, transposed (s0 of the four, then s1, s2, s3):
   * one set per group of four assumptions, enough for every assumption of the model.
   */
  streamStates: Int32Array[];
  /** Draws the next n uniforms of the four streams of `state` into `uniforms`, lane j into column j. */
  drawUniforms(state: Int32Array, n: number): void;
  /** Evaluates the model on rows [0, n) of the block. */
  evaluate(n: number): void;
}

type Count = (
  values: number, start: number, even: number, shift: number,
  pairs: number, base: number, len: number,
  fine: number, offsets: number, flags: number,
  state: number, subs: number,
) => number;

/**
 * Two kinds of room: what the thread keeps (the model block, scratch, placed tables), taken from
 * the bottom up, and a simulation's counters (histograms, sub-bins), taken from the top down and
 * all given back when the last simulation in progress on the thread ends (enter, leave). Without
 * that, a process running many simulations filled the arena after a few dozen (1-3 MB each) and
 * its counting fell back to the slower JavaScript loop.
 */
export class Arena {
  private top = 64;
  private bottom = ARENA_BYTES;
  private simulations = 0;
  private scratchValues: Float64Array = new Float64Array(0);
  /** min, max and the four moment sums, handed to and from `count`. */
  readonly state: Float64Array;
  /** Where `count` notes the sub-bin keys of flagged draws: a call counts at most this many draws. */
  readonly subs: Uint32Array;
  /** A uniform stream's state, handed to and from `uniforms`. */
  readonly stream: Int32Array;
  /** Reserved first, so the model always has its block whatever else fills the arena. */
  readonly block: KernelBlock;

  constructor(
    readonly memory: WebAssembly.Memory,
    readonly count: Count,
    readonly uniforms: Uniforms,
    readonly samplers: Samplers,
    layout: { evaluate: Evaluate; uniforms4: Uniforms4; rows: number; stride: number; inputColumns: number; outputColumns: number },
  ) {
    this.state = this.f64(6)!;
    this.stream = this.i32(4)!;
    this.subs = this.u32(SUBS)!;
    const { rows, stride } = layout;
    const matrix = (columns: number) => {
      const at = this.take(columns * stride, false);
      return Array.from({ length: columns }, (_, k) => new Float64Array(memory.buffer, at + k * stride, rows));
    };
    const inputs = matrix(layout.inputColumns);
    const outputs = matrix(layout.outputColumns);
    const uniformColumns = matrix(4);
    const inputsAt = inputs[0].byteOffset;
    const outputsAt = outputs[0].byteOffset;
    const columnsAt = this.u32(4)!;
    const streamStates = Array.from({ length: Math.ceil(layout.inputColumns / 4) }, () => this.i32(16)!);
    columnsAt.set(uniformColumns.map((column) => column.byteOffset));
    this.block = {
      rows,
      inputs,
      outputs,
      uniforms: uniformColumns,
      streamStates,
      evaluate: (n) => layout.evaluate(inputsAt, outputsAt, n),
      drawUniforms: (state, n) => layout.uniforms4(state.byteOffset, columnsAt.byteOffset, n),
    };
  }

  get buffer(): ArrayBufferLike {
    return this.memory.buffer;
  }

  /** `transient`: for the simulation in progress (see the class). */
  private take(bytes: number, transient: boolean): number {
    if (transient) {
      const at = (this.bottom - bytes) & ~15;
      if (at < this.top) return -1;
      this.bottom = at;
      return at;
    }
    const at = this.top;
    if (at + bytes > this.bottom) return -1;
    this.top = (at + bytes + 15) & ~15;
    return at;
  }

  /** A simulation starts on this thread: its transient counters stay until it leaves. */
  enter(): void {
    this.simulations++;
  }

  /** A simulation ends; with none left, every transient counter is given back. */
  leave(): void {
    if (--this.simulations === 0) this.bottom = ARENA_BYTES;
  }

  // Zeroed as new arrays are: room given back holds the last simulation's counts.
  u32(length: number, transient = false): Uint32Array | null {
    const at = this.take(4 * length, transient);
    return at < 0 ? null : new Uint32Array(this.memory.buffer, at, length).fill(0);
  }

  u8(length: number, transient = false): Uint8Array | null {
    const at = this.take(length, transient);
    return at < 0 ? null : new Uint8Array(this.memory.buffer, at, length).fill(0);
  }

  i32(length: number, transient = false): Int32Array | null {
    const at = this.take(4 * length, transient);
    return at < 0 ? null : new Int32Array(this.memory.buffer, at, length).fill(0);
  }

  f64(length: number, transient = false): Float64Array | null {
    const at = this.take(8 * length, transient);
    return at < 0 ? null : new Float64Array(this.memory.buffer, at, length).fill(0);
  }

  /**
   * Whether a sampling kernel may fill out[0, n) from u[0, n): both columns in the arena, with
   * room for an even count (the kernels work in pairs).
   */
  holds(u: Float64Array, out: Float64Array, n: number): boolean {
    const memory = this.memory.buffer;
    return u.buffer === memory && out.buffer === memory && ((n & 1) === 0 || (n < u.length && n < out.length));
  }

  /** A place in the arena for n draws, reused by every call (the caller copies a block in). */
  values(n: number): Float64Array | null {
    if (this.scratchValues.length < n) this.scratchValues = this.f64(n) ?? this.scratchValues;
    return this.scratchValues.length >= n ? this.scratchValues.subarray(0, n) : null;
  }

  private scratchCounts: Uint32Array = new Uint32Array(0);

  /** n counters in the arena, zeroed, reused by every call (counts a caller throws away). */
  counters(n: number): Uint32Array | null {
    if (this.scratchCounts.length < n) this.scratchCounts = this.u32(n) ?? this.scratchCounts;
    if (this.scratchCounts.length < n) return null;
    const counters = this.scratchCounts.subarray(0, n);
    counters.fill(0);
    return counters;
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
  const exports = instance.exports;
  const { count, uniforms, uniforms4, evaluate, blockRows, blockStride, inputColumns, outputColumns } = exports;
  const value = (global: unknown) => (global as WebAssembly.Global).value as number;
  const samplers = exports as unknown as Samplers;
  // A plain object, not the frozen exports, so tests can watch which kernels run.
  const { fillUniform, fillTriangular, fillDiscrete, fillInversion } = samplers;
  return (arena = new Arena(memory, count as Count, uniforms as Uniforms, { fillUniform, fillTriangular, fillDiscrete, fillInversion }, {
    evaluate: evaluate as Evaluate,
    uniforms4: uniforms4 as Uniforms4,
    rows: value(blockRows),
    stride: value(blockStride),
    inputColumns: value(inputColumns),
    outputColumns: value(outputColumns),
  }));
}

/** This thread's arena; the model has no other home, so without the built kernels nothing runs. */
export function requireArena(): Arena {
  const found = kernelArena();
  if (!found) throw new Error('dist/kernel/kernels.wasm is missing: run `npm run build` first');
  return found;
}
