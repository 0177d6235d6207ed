/**
 * The WebAssembly kernels (assembly/*.ts, built by AssemblyScript into dist/kernel/kernels.wasm)
 * and the memory they work in: one arena per thread, reserved once and never grown, because
 * growing a WebAssembly memory detaches every view into it. The model block, histogram and
 * sub-bin counters and placed inversion tables are views into the arena, so kernels and the
 * JavaScript code around them work on the same numbers. This module is the only one that knows
 * addresses: the rest of the program hands its kernels typed arrays, and an array outside the
 * arena is copied through the arena's staging room, so every kernel is the one path that runs.
 *
 * Why kernels: V8 checks bounds on every typed-array access, which bounds the engine's loops;
 * measured per value, a block of the model takes 13 ns a row (7 since, in f64x2 lanes) against
 * 40 in JavaScript, counting into histograms 2.0-2.6 ns against 4.5-5.6 (since, with two pairs an
 * iteration, 1.06 ns against 1.34 on a chunk's columns in cache), sampling 0.4-1.2 ns
 * against 2-4.4 for the closed forms and 4.5 against 6.3 for the inversion tables (in f64x2
 * lanes: scalar WebAssembly was no faster than JavaScript there). Each kernel but the model's has
 * a JavaScript twin in test/oracles that its tests compare with bit for bit.
 */
import { existsSync, readFileSync } from 'node:fs';

/** Reserved address space per thread; pages cost memory only once touched. */
const ARENA_BYTES = 128 << 20;
/** Draws one call of `count` takes at most: a whole chunk kept while the pilot ran. */
const SUBS = 1 << 16;
/** The widest histogram window: every key (sign, 11 exponent bits, 8 mantissa bits) and an octave's padding each side. */
const KEYS = (1 << 20) + 2 * 256;
/** Counters of sub-bins a simulation's spilled accumulator may have (its keys and scratch rows). */
const FINE_COUNTERS = 1 << 17;
/**
 * Draws a rank window's selections stage in the arena: compare's most samples, all a window
 * could ever keep (some 14,000 do, at the most; the room is touched only as far as used).
 */
const SELECT_ROOM = 1 << 21;
/** Draws a sampling kernel takes a call: columns outside the arena are staged this many at a time. */
const STAGE = 4096;

type Uniforms = (state: number, out: number, n: number) => void;

type Evaluate = (inputs: number, outputs: number, n: number) => void;
type SelectKernel = (a: number, k: number, left: number, right: number) => void;
type RankWindowKernel = (values: number, n: number, low: number, high: number, out: number, counts: number) => number;
type EvaluateOutputs = (inputs: number, outputs: number, n: number, wanted: number, minutesReal: number, reuse: number) => void;

type Uniforms4 = (state: number, columns: number, n: number) => void;

/** The sampling kernels of assembly/distributions.ts as exported: byte offsets, as documented there. */
interface SamplerExports {
  fillUniform(u: number, out: number, n: number, min: number, width: number): void;
  fillTriangular(u: number, out: number, n: number, min: number, max: number, atMode: number, left: number, right: number): void;
  fillDiscrete(u: number, out: number, n: number, cumulative: number, values: number): void;
  fillInversion(
    u: number, out: number, n: number,
    c: number, intervals: number, kLo: number, kHi: number,
    loc: number, scale: number, lo: number, hi: number, scratch: number, tails: number,
  ): number;
}

/** The design kernels of assembly/designs.ts as exported: byte offsets. */
interface DesignExports {
  stratify(u: number, strata: number, n: number): void;
  sobolPoints(u: number, points: number, directions: number, shift: number, n: number): void;
}

/** The design kernels on arrays in the arena (the model block's uniforms, room taken with i32). */
export interface Designs {
  /** Latin hypercube of u[0, n) in place; `strata` is n i32 of room. */
  stratify(u: Float64Array, strata: Int32Array, n: number): void;
  /** Points 0 .. n - 1 of a scrambled Sobol dimension into u[0, n); `points` is n i32 of room. */
  sobolPoints(u: Float64Array, points: Int32Array, directions: Int32Array, shift: number, n: number): void;
}

/** One tail of an inversion table (src/families/inversion.ts describes it). */
export interface TailTable {
  readonly eLow: number;
  readonly octaves: number;
  readonly index: Int32Array;
  readonly c: Float64Array;
  readonly bound: number;
}

/** An inversion table placed in the arena (Arena.placeInversion). */
export interface PlacedInversion {
  readonly table: Float64Array;
  readonly tails: Float64Array;
}

/** The sampling kernels on typed arrays: out[0, n) from the uniforms u[0, n), anywhere in memory. */
export interface Samplers {
  fillUniform(u: Float64Array, out: Float64Array, n: number, min: number, width: number): void;
  fillTriangular(u: Float64Array, out: Float64Array, n: number, min: number, max: number, atMode: number, left: number, right: number): void;
  /** Up to three values: `cumulative` (2) and `values` (3) placed, padded as the kernel documents. */
  fillDiscrete(u: Float64Array, out: Float64Array, n: number, cumulative: Float64Array, values: Float64Array): void;
  /** The body and tails of a placed table; `exact(i)` draws each draw i beyond the tails' reach, after the rest. */
  fillInversion(
    u: Float64Array, out: Float64Array, n: number,
    placed: PlacedInversion, intervals: number, kLo: number, kHi: number,
    loc: number, scale: number, lo: number, hi: number, exact: (i: number) => void,
  ): void;
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
  /**
   * Evaluates on rows [0, n) only the outputs whose bits are set in `wanted` (bit k: output k of
   * OUTPUT_NAMES), each bit-identical to evaluate's; the other output columns keep what they held.
   * `reuse`: the outputs made from video_minutes_per_gpu_hour take it as the last call that made
   * it left it, for a caller that has switched none of the assumptions it is made from since
   * (MINUTES_REAL_READS in src/model/model.ts) nor the rows.
   */
  evaluateOutputs(n: number, wanted: number, reuse?: boolean): void;
  /** The bits (as `wanted`'s) of the outputs evaluateOutputs makes from video_minutes_per_gpu_hour. */
  minutesRealUsers: number;
}

type Count = (
  values: number, start: number, even: number, shift: number,
  pairs: number, base: number, len: number,
  fine: number, offsets: number, flags: number,
  state: number, subs: number,
) => number;

/** An output's counters, as the counting kernel takes them (src/summary/column.ts keeps them). */
export interface Counters {
  /** Two counters a key of the window [base, base + pairs.length / 2); null: counts thrown away. */
  pairs: Uint32Array | null;
  base: number;
  length: number;
  /** Sub-bins: their counters, where each window key's start, and which keys are counted (a byte a key); null: none. */
  fine: { area: Uint32Array; offsets: Int32Array; counted: Uint8Array } | null;
}

/**
 * Two kinds of room: what the thread keeps (the model block, scratch, placed tables), taken from
 * the bottom up, and a simulation's counters (histograms, sub-bins), taken from the top down and
 * all given back when the last simulation in progress on the thread ends (enter, leave). A
 * simulation with more counters than fit (a comparison of many files) keeps the rest in ordinary
 * arrays, and `count` copies them through spill room reserved at the start, so counting never
 * takes another path.
 */
export class Arena {
  private top = 64;
  private bottom = ARENA_BYTES;
  private simulations = 0;
  /** min, max and the four moment sums, handed to and from `count`. */
  readonly state: Float64Array;
  /** Where `count` notes the sub-bin keys of flagged draws: a call counts at most this many draws. */
  readonly subs: Uint32Array;
  /** Reserved first, so the model always has its block whatever else fills the arena. */
  readonly block: KernelBlock;
  readonly samplers: Samplers;
  private readonly stream: Int32Array;
  /** Staging and spill room: draws, counters and uniforms copied in for a kernel and back. */
  private readonly spill: { values: Float64Array; pairs: Uint32Array; area: Uint32Array; offsets: Int32Array; counted: Uint8Array };
  private readonly stage: { u: Float64Array; out: Float64Array; tails: Int32Array };
  /** rankWindow's counts: below, at low, at high, above. */
  private readonly windowCounts: Int32Array;
  private readonly selectRoom: Float64Array;

  constructor(
    readonly memory: WebAssembly.Memory,
    private readonly countKernel: Count,
    private readonly uniformsKernel: Uniforms,
    private readonly kernels: SamplerExports,
    private readonly rankWindowKernel: RankWindowKernel,
    private readonly selectKernel: SelectKernel,
    layout: { evaluate: Evaluate; evaluateOutputs: EvaluateOutputs; uniforms4: Uniforms4; rows: number; stride: number; inputColumns: number; outputColumns: number; minutesRealUsers: number },
  ) {
    this.state = this.f64(6)!;
    this.windowCounts = this.i32(4)!;
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
    // evaluateOutputs's video_minutes_per_gpu_hour, kept between its calls.
    const [minutesReal] = matrix(1);
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
      minutesRealUsers: layout.minutesRealUsers >>> 0,
      evaluateOutputs: (n, wanted, reuse = false) => layout.evaluateOutputs(inputsAt, outputsAt, n, wanted, minutesReal.byteOffset, reuse ? 1 : 0),
      drawUniforms: (state, n) => layout.uniforms4(state.byteOffset, columnsAt.byteOffset, n),
    };
    // Fresh memory reads zero and is not touched until used: the spill room costs nothing until a
    // simulation needs it (views made without filling them).
    const view = <T>(make: new (b: ArrayBufferLike, at: number, n: number) => T, bytes: number, n: number): T =>
      new make(memory.buffer, this.take(bytes * n, false), n);
    this.spill = {
      values: view(Float64Array, 8, SUBS),
      pairs: view(Uint32Array, 4, 2 * KEYS),
      area: view(Uint32Array, 4, FINE_COUNTERS),
      offsets: view(Int32Array, 4, KEYS),
      counted: view(Uint8Array, 1, KEYS),
    };
    // The kernels draw in pairs, so the staged columns have room for one draw past the last.
    this.stage = { u: view(Float64Array, 8, STAGE + 2), out: view(Float64Array, 8, STAGE + 2), tails: view(Int32Array, 4, 2 * STAGE) };
    this.selectRoom = view(Float64Array, 8, SELECT_ROOM);
    this.samplers = this.makeSamplers();
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

  /** A copy of `array` in the thread's lasting room (tables the kernels read). */
  place<T extends Float64Array | Int32Array>(array: T): T {
    const placed = (array instanceof Float64Array ? this.f64(Math.max(1, array.length)) : this.i32(Math.max(1, array.length))) as T | null;
    // Tables are cached per shape (at most 256 a thread), some 40 KB each: far from 128 MB.
    if (!placed) throw new Error('the kernel arena is full: no room to place a table');
    placed.set(array);
    return placed;
  }

  /**
   * An inversion table placed for the kernel: the body's coefficients, and the tails with a
   * descriptor (f64: the lower and upper bounds; i32: eLow, octaves, index and coefficient
   * addresses of the lower tail, then of the upper).
   */
  placeInversion(c: Float64Array, lower: TailTable, upper: TailTable): PlacedInversion {
    const table = this.place(c);
    const tails = this.place(new Float64Array(6));
    tails[0] = lower.bound;
    tails[1] = upper.bound;
    const fields = new Int32Array(tails.buffer, tails.byteOffset + 16, 8);
    for (const [k, tail] of [lower, upper].entries()) {
      fields.set([tail.eLow, tail.octaves, this.place(tail.index).byteOffset, this.place(tail.c).byteOffset], 4 * k);
    }
    return { table, tails };
  }

  private inArena(array: ArrayBufferView): boolean {
    return array.buffer === this.memory.buffer;
  }

  /** values[0, n) copied into the selection's room in the arena, where `select` works: a view of them. */
  staged(values: Float64Array, n: number): Float64Array {
    if (n > SELECT_ROOM) throw new Error(`${n} draws to select among; the arena stages at most ${SELECT_ROOM}`);
    const view = this.selectRoom.subarray(0, n);
    view.set(values.subarray(0, n));
    return view;
  }

  /**
   * Floyd-Rivest selection (assembly/kernels.ts, `select`; selectInPlace in src/summary/select.ts
   * does the same in JavaScript) on `a`, which must be in the arena (staged): a[k] becomes what
   * it would be sorted, nothing larger before it and nothing smaller after, within [left, right].
   */
  select(a: Float64Array, k: number, left: number, right: number): void {
    if (!this.inArena(a)) throw new Error('select works on arrays in the arena: stage them first');
    this.selectKernel(a.byteOffset, k, left, right);
  }

  /**
   * The rank window's kernel (assembly/kernels.ts, `rankWindow`) on values[from, from + n): the
   * draws strictly between low and high written to into[at, ...) in order, their count returned,
   * and the others counted into `counts` (below, at low, at high, above; added to). Draws outside
   * the arena (a window's own, narrowing) are copied in through the staging room; `into` may be
   * `values`, at or before `from`.
   */
  rankWindow(values: Float64Array, from: number, n: number, low: number, high: number, into: Float64Array, at: number, counts: Float64Array): number {
    const { stage, windowCounts } = this;
    const out = stage.out;
    const staged = !this.inArena(values);
    let kept = 0;
    for (let i = from; i < from + n; i += STAGE) {
      const m = Math.min(STAGE, from + n - i);
      if (staged) stage.u.set(values.subarray(i, i + m));
      const source = staged ? stage.u.byteOffset : values.byteOffset + 8 * i;
      const k = this.rankWindowKernel(source, m, low, high, out.byteOffset, windowCounts.byteOffset);
      // Most calls keep a few dozen draws: copied one by one, without a view made for them.
      if (k > 64) into.set(out.subarray(0, k), at + kept);
      else for (let j = 0; j < k; j++) into[at + kept + j] = out[j];
      kept += k;
      counts[0] += windowCounts[0];
      counts[1] += windowCounts[1];
      counts[2] += windowCounts[2];
      counts[3] += windowCounts[3];
    }
    return kept;
  }


  /**
   * The counting kernel (assembly/kernels.ts, `count`) over the pairs of values[start, even),
   * shifted by `shift`, from and into `state`: returns where it stopped, `even` or the first pair
   * with a key outside the window (the caller widens the window and calls again). Draws and
   * counters outside the arena are copied into the spill room for the call, the counters back.
   */
  count(values: Float64Array, start: number, even: number, shift: number, counters: Counters): number {
    const { spill } = this;
    const { base, length, fine } = counters;
    const pairs = counters.pairs ?? spill.pairs.subarray(0, 2 * length).fill(0);
    const spilled = !this.inArena(pairs);
    if (spilled) spill.pairs.set(pairs);
    const fineSpilled = fine !== null && !(this.inArena(fine.area) && this.inArena(fine.offsets) && this.inArena(fine.counted));
    if (fineSpilled) {
      if (fine.area.length > spill.area.length) throw new Error(`more sub-bin counters than the spill room holds (${fine.area.length})`);
      spill.area.set(fine.area);
      spill.offsets.set(fine.offsets);
      spill.counted.set(fine.counted);
    }
    const pairsAt = spilled ? spill.pairs.byteOffset : pairs.byteOffset;
    const [areaAt, offsetsAt, countedAt] = !fine ? [0, 0, 0] : fineSpilled
      ? [spill.area.byteOffset, spill.offsets.byteOffset, spill.counted.byteOffset]
      : [fine.area.byteOffset, fine.offsets.byteOffset, fine.counted.byteOffset];
    const direct = this.inArena(values);
    let i = start;
    while (i < even) {
      const end = Math.min(even, i + SUBS);
      let at: number;
      if (direct) {
        at = this.countKernel(values.byteOffset, i, end, shift, pairsAt, base, length, areaAt, offsetsAt, countedAt, this.state.byteOffset, this.subs.byteOffset);
      } else {
        spill.values.set(values.subarray(i, end));
        at = i + this.countKernel(spill.values.byteOffset, 0, end - i, shift, pairsAt, base, length, areaAt, offsetsAt, countedAt, this.state.byteOffset, this.subs.byteOffset);
      }
      i = at;
      if (at < end) break;
    }
    if (spilled) pairs.set(spill.pairs.subarray(0, pairs.length));
    if (fineSpilled) fine.area.set(spill.area.subarray(0, fine.area.length));
    return i;
  }

  /** Fills out[0, n) with the next n uniforms of the xoshiro128** stream whose state is `state` (advanced). */
  uniforms(state: Int32Array, out: Float64Array, n: number): void {
    this.stream.set(state);
    for (let from = 0; from < n; from += STAGE) {
      const m = Math.min(STAGE, n - from);
      this.uniformsKernel(this.stream.byteOffset, this.stage.u.byteOffset, m);
      out.set(this.stage.u.subarray(0, m), from);
    }
    state.set(this.stream);
  }

  /**
   * Runs a sampling kernel on out[0, n) from u[0, n), at most STAGE draws a call: in place where
   * both columns are in the arena (with room for the pair of an odd last draw), else through the
   * staging columns. `call` gets the byte offsets of the piece's columns, its length and its first draw.
   */
  private sample(u: Float64Array, out: Float64Array, n: number, call: (uAt: number, outAt: number, m: number, from: number) => void): void {
    const inPlace = this.inArena(u) && this.inArena(out);
    for (let from = 0; from < n; from += STAGE) {
      const m = Math.min(STAGE, n - from);
      if (inPlace && ((m & 1) === 0 || (from + m < u.length && from + m < out.length))) {
        call(u.byteOffset + 8 * from, out.byteOffset + 8 * from, m, from);
        continue;
      }
      this.stage.u.set(u.subarray(from, from + m));
      call(this.stage.u.byteOffset, this.stage.out.byteOffset, m, from);
      out.set(this.stage.out.subarray(0, m), from);
    }
  }

  private makeSamplers(): Samplers {
    const k = this.kernels;
    return {
      fillUniform: (u, out, n, min, width) => this.sample(u, out, n, (a, b, m) => k.fillUniform(a, b, m, min, width)),
      fillTriangular: (u, out, n, min, max, atMode, left, right) =>
        this.sample(u, out, n, (a, b, m) => k.fillTriangular(a, b, m, min, max, atMode, left, right)),
      fillDiscrete: (u, out, n, cumulative, values) =>
        this.sample(u, out, n, (a, b, m) => k.fillDiscrete(a, b, m, cumulative.byteOffset, values.byteOffset)),
      fillInversion: (u, out, n, placed, intervals, kLo, kHi, loc, scale, lo, hi, exact) => {
        const { table, tails } = placed;
        const scratch = this.stage.tails;
        this.sample(u, out, n, (a, b, m, from) => {
          const count = k.fillInversion(a, b, m, table.byteOffset, intervals, kLo, kHi, loc, scale, lo, hi, scratch.byteOffset, tails.byteOffset);
          // Draws beyond the tails' reach, after the piece is in `out` (staged pieces are copied back after this call).
          for (let j = 0; j < count; j++) this.misses.push(from + scratch[j]);
        });
        for (const i of this.misses) exact(i);
        this.misses.length = 0;
      },
    };
  }

  private readonly misses: number[] = [];

  /** The design kernels; every array must be in the arena (they run in place on a block's uniforms). */
  get designs(): Designs {
    const k = this.kernels as unknown as DesignExports;
    const at = (array: ArrayBufferView): number => {
      if (!this.inArena(array)) throw new Error('a design kernel was given an array outside the arena');
      return array.byteOffset;
    };
    return {
      stratify: (u, strata, n) => k.stratify(at(u), at(strata), n),
      sobolPoints: (u, points, directions, shift, n) => k.sobolPoints(at(u), at(points), at(directions), shift | 0, n),
    };
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
  const { count, uniforms, uniforms4, evaluate, evaluateOutputs, rankWindow, select, blockRows, blockStride, inputColumns, outputColumns, minutesRealUsers } = exports;
  const value = (global: unknown) => (global as WebAssembly.Global).value as number;
  const samplers = exports as unknown as SamplerExports;
  return (arena = new Arena(memory, count as Count, uniforms as Uniforms, samplers, rankWindow as RankWindowKernel, select as SelectKernel, {
    evaluate: evaluate as Evaluate,
    evaluateOutputs: evaluateOutputs as EvaluateOutputs,
    uniforms4: uniforms4 as Uniforms4,
    rows: value(blockRows),
    stride: value(blockStride),
    inputColumns: value(inputColumns),
    outputColumns: value(outputColumns),
    minutesRealUsers: value(minutesRealUsers),
  }));
}

/** This thread's arena; the model has no other home, so without the built kernels nothing runs. */
export function requireArena(): Arena {
  const found = kernelArena();
  if (!found) throw new Error('dist/kernel/kernels.wasm is missing: run `npm run build` first');
  return found;
}
