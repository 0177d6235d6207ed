/**
 * Fast inversion: draws = Q(u) for whole columns of uniforms, from a table of the quantile function.
 *
 * Hand-written because this is the simulator's hot path (every draw of every uncertain input goes
 * through it, at a budget of a few ns a value) and no JavaScript library inverts vectorized columns:
 * the exact quantiles cost 10 ns (AS241) to microseconds (inverse incomplete beta) per value.
 *
 * The method follows UNU.RAN's PINV (Derflinger, Hoermann & Leydold, "Random variate generation by
 * numerical inversion when only the density is known", ACM TOMACS 20(4), 2010), including its
 * accuracy goal: the u-error |F(Qhat(u)) - u| stays below 1e-10, checked at the midpoint and quarter
 * points of every interval. Unlike PINV, the body uses a uniform u-grid of M intervals (an O(1)
 * lookup, no search). Each piece is a quintic Hermite from exact knots Q(u_k), Q' = 1/f and
 * Q'' = -f'/f^3: its error falls as h^6 rather than a cubic's h^4, so some 600 intervals (under
 * 32 KB, L1-resident) do what took a cubic 8192 (256 KB). That matters when the engine cycles
 * through several tables per block of rows: eight 256 KB tables overflow L2, and a draw then costs
 * 8.5 ns instead of 6. (Streaming one table through a whole chunk, the cubic is 0.5 ns faster:
 * in V8 each typed-array read costs a bounds check, and a quintic reads six coefficients, not four.)
 *
 * The grid stays uniform, rather than finer towards the ends where Q bends, for the same reason:
 * a two-level index (cells of their own widths) or a rational change of variable shrank the table
 * to 12-17 KB but cost 2.5-5 ns a draw, more than any cache saving. Where a quintic's Bernstein
 * control points do not run in one direction (sufficient for a monotone piece), the piece falls
 * back to a monotone cubic or the chord, so draws keep the order of their uniforms; the error
 * check judges whichever piece is kept.
 *
 * Near u = 0 and 1 a uniform grid cannot reach 1e-10 cheaply (Q has a log or power singularity
 * there: for the normal, even M = 2^16 leaves the second interval off by 6e-9), so M grows from
 * 256, by the factor the h^6 law asks of the worst piece, only until the failing intervals, all at
 * the ends, hold at most 1/32 of u. Those ends are tabulated against ln u (resp. ln(1 - u)), where
 * the singular tail is smooth, and u within 2^-50 of 0 or 1 uses the exact quantile. A tail draw
 * costs some 25 ns (a log, a cold table); the fill loop only notes its index and draws it after the
 * body, which keeps the body loop small enough to stay in registers. A shape that still fails at
 * M = 2^16 is drawn by exact quantiles throughout (correct, slower).
 *
 * A table is built for a standardized shape and shared: a draw is loc + scale * Qhat(u), so a spec
 * scaled by c has c times the draws, and equal shapes (every normal, say) share one table.
 */

import { kernelArena, type Arena } from '../kernel/arena.js';

/** A standardized distribution, exactly: what the table interpolates and is checked against. */
export interface Shape {
  /** Q(u), u in (0, 1). */
  quantile(u: number): number;
  /** Q(1 - v) for small v, accurate where 1 - v would round. */
  upperQuantile(v: number): number;
  cdf(x: number): number;
  pdf(x: number): number;
  /**
   * f'(x) / f(x), for Q'' = -(f'/f) / f^2: in this form, unlike f' itself, it neither under- nor
   * overflows in a far tail. Without it, a central difference of the pdf stands in.
   */
  dlogpdf?(x: number): number;
}

const TOLERANCE = 1e-10;
/** Three points only estimate an interval's largest error, so the checks leave a factor 2 of room. */
const CHECKED = TOLERANCE / 2;
const FIRST_INTERVALS = 256;
/** Body intervals at most (so that fill can mask k to 16 bits); beyond, exact quantiles. */
const MAX_INTERVALS = 1 << 16;
/** Largest share of draws left to the slower ln-u tails before the body grid grows. */
const MAX_TAIL_SHARE = 1 / 32;
/** The ln-u tails reach down to this u (and 1 - u); beyond, draws use the exact quantile. */
const TAIL_FLOOR = 2 ** -50;
const MAX_TAIL_INTERVALS = 1 << 12;
const CHECK_POINTS = [0.25, 0.5, 0.75];
/** Coefficients a piece: a quintic in power form. */
const WIDTH = 6;

/**
 * Cubic Hermite on [0, 1] in power form, from end values and end slopes (per unit step). Where the
 * slopes would let the cubic overshoot (Fritsch & Carlson 1980: (a, b) outside the circle of
 * radius 3), or are not finite, the piece is the chord instead: monotone either way.
 */
function cubic(c: Float64Array, at: number, y0: number, y1: number, d0: number, d1: number): boolean {
  const dy = y1 - y0;
  const a = d0 / dy;
  const b = d1 / dy;
  if (!(a >= 0 && b >= 0 && a * a + b * b <= 9)) d0 = d1 = dy;
  c[at] = y0;
  c[at + 1] = d0;
  c[at + 2] = 3 * dy - 2 * d0 - d1;
  c[at + 3] = d0 + d1 - 2 * dy;
  c[at + 4] = 0;
  c[at + 5] = 0;
  return Number.isFinite(c[at + 2]) && Number.isFinite(c[at + 3]);
}

/**
 * Quintic Hermite on [0, 1] in power form, from end values, first derivatives d and second
 * derivatives s (per unit step). It is kept only if its Bernstein control points
 * y0, y0 + d0/5, y0 + 2 d0/5 + s0/20, y1 - 2 d1/5 + s1/20, y1 - d1/5, y1 move in one direction,
 * which makes it monotone; otherwise the piece is the monotone cubic (or chord) of the same knots.
 */
function hermite(c: Float64Array, at: number, y0: number, y1: number, d0: number, d1: number, s0: number, s1: number): boolean {
  const dy = y1 - y0;
  const rise0 = d0 / 5;
  const rise1 = d0 / 5 + s0 / 20;
  const rise2 = dy - (2 * (d0 + d1)) / 5 + (s1 - s0) / 20;
  const rise3 = d1 / 5 - s1 / 20;
  const rise4 = d1 / 5;
  if (dy !== 0 && rise0 * dy >= 0 && rise1 * dy >= 0 && rise2 * dy >= 0 && rise3 * dy >= 0 && rise4 * dy >= 0) {
    c[at] = y0;
    c[at + 1] = d0;
    c[at + 2] = s0 / 2;
    c[at + 3] = 10 * dy - 6 * d0 - 4 * d1 - 1.5 * s0 + 0.5 * s1;
    c[at + 4] = -15 * dy + 8 * d0 + 7 * d1 + 1.5 * s0 - s1;
    c[at + 5] = 6 * dy - 3 * d0 - 3 * d1 - 0.5 * s0 + 0.5 * s1;
    if (Number.isFinite(c[at + 3]) && Number.isFinite(c[at + 4]) && Number.isFinite(c[at + 5])) return true;
  }
  return cubic(c, at, y0, y1, d0, d1);
}

/**
 * Where even the exact quantile misses the tolerance (x rounded to the end of the support, as for
 * Beta(0.5, 0.5) within 1e-8 of u = 1), matching it to rounding is as good as any x can be.
 */
function roundsTo(x: number, exact: number): boolean {
  return Math.abs(x - exact) <= 4 * Number.EPSILON * Math.abs(exact);
}

function evaluate(c: Float64Array, at: number, f: number): number {
  return c[at] + f * (c[at + 1] + f * (c[at + 2] + f * (c[at + 3] + f * (c[at + 4] + f * c[at + 5]))));
}

/** The exact quantile at a knot, with what its derivatives need: r = Q' = 1/f(x) and g = f'(x)/f(x). */
interface Knot {
  y: number;
  r: number;
  g: number;
}

function knotAt(shape: Shape, y: number): Knot {
  const f = shape.pdf(y);
  let g: number;
  if (shape.dlogpdf) g = shape.dlogpdf(y);
  else {
    const delta = 2 ** -20 * Math.max(Math.abs(y), 2 ** -20);
    g = (shape.pdf(y + delta) - shape.pdf(y - delta)) / (2 * delta * f);
  }
  return { y, r: 1 / f, g };
}

/** One tail, tabulated against s = ln u (or ln(1 - u)) from s0 = ln(edge) down to ln(TAIL_FLOOR). */
export interface Tail {
  readonly s0: number;
  readonly perStep: number;
  readonly intervals: number;
  readonly c: Float64Array;
}

/**
 * The tail beyond probability `edge` (u < edge, or 1 - u < edge when `upper`), starting from the
 * body's knot there so that the two pieces meet exactly. Returns no intervals (exact draws) if
 * even MAX_TAIL_INTERVALS cannot meet the tolerance.
 */
function buildTail(shape: Shape, upper: boolean, edge: number, first: Knot): Tail {
  const s0 = Math.log(edge);
  const span = s0 - Math.log(TAIL_FLOOR);
  const at = (v: number) => (upper ? shape.upperQuantile(v) : shape.quantile(v));
  const error = (x: number, v: number) => Math.abs(upper ? 1 - shape.cdf(x) - v : shape.cdf(x) - v);
  // Knots by their share of the span (a dyadic fraction, exact), so that doubling reuses them.
  const knots = new Map<number, Knot>([[0, first]]);
  const knot = (share: number): Knot => {
    let k = knots.get(share);
    if (!k) knots.set(share, (k = knotAt(shape, at(Math.exp(s0 - share * span)))));
    return k;
  };
  for (let intervals = 8; intervals <= MAX_TAIL_INTERVALS; intervals *= 2) {
    const step = span / intervals;
    const c = new Float64Array(WIDTH * intervals);
    // Knot j at s = s0 - j * step, t = j running away from the body: dv/dt = -step v, so
    // dx/dt = -+ step v Q' and d2x/dt2 = step^2 (v^2 Q'' +- v Q') (lower, upper signs).
    const derivatives = (k: Knot, v: number): [number, number] => {
      const vr = v * k.r;
      return upper ? [step * vr, -step * step * vr * (1 + vr * k.g)] : [-step * vr, step * step * vr * (1 - vr * k.g)];
    };
    let y = first.y;
    let [d, s] = derivatives(first, edge);
    let ok = true;
    for (let j = 0; j < intervals && ok; j++) {
      const v = Math.exp(s0 - ((j + 1) / intervals) * span);
      const next = knot((j + 1) / intervals);
      // Knots rounded out of order (deep in a tail) are evened out, keeping the pieces monotone.
      const yn = upper ? Math.max(y, next.y) : Math.min(y, next.y);
      const [dn, sn] = derivatives(next, v);
      ok = hermite(c, WIDTH * j, y, yn, d, dn, s, sn);
      for (const f of CHECK_POINTS) {
        if (!ok) break;
        const v = Math.exp(s0 - ((j + f) / intervals) * span);
        const x = evaluate(c, WIDTH * j, f);
        ok = error(x, v) <= CHECKED || roundsTo(x, at(v));
      }
      y = yn;
      d = dn;
      s = sn;
    }
    if (ok) return { s0, perStep: 1 / step, intervals, c };
  }
  return { s0, perStep: 0, intervals: 0, c: new Float64Array(0) };
}

/**
 * Draws by interpolated inversion: out[i] = loc + scale * Qhat(u[i]), clamped to [lo, hi] (a
 * truncated family's bounds, which loc + scale * Qhat can round past even where Qhat does not).
 */
export class InversionTable {
  private constructor(
    private readonly shape: Shape,
    /** Body intervals M; 0 means every draw uses the exact quantile. */
    readonly intervals: number,
    /** Body intervals kLo <= k < kHi are interpolated in u; the rest go to the tails. */
    private readonly kLo: number,
    private readonly kHi: number,
    private readonly c: Float64Array,
    private readonly lower: Tail,
    private readonly upper: Tail,
  ) {}

  /** The table for a shape: M grown from FIRST_INTERVALS as described above. */
  static build(shape: Shape): InversionTable {
    for (let m = FIRST_INTERVALS; m <= MAX_INTERVALS; ) {
      const h = 1 / m;
      // Knots k = 1 .. m-1 (0 and m may be infinite), the upper half from the upper quantile.
      const knots: Knot[] = [];
      const y = new Float64Array(m + 1);
      for (let k = 1; k < m; k++) {
        knots[k] = knotAt(shape, 2 * k <= m ? shape.quantile(k * h) : shape.upperQuantile((m - k) * h));
        y[k] = k > 1 && knots[k].y < y[k - 1] ? y[k - 1] : knots[k].y;
      }
      const c = new Float64Array(WIDTH * m);
      // Each piece's worst error at the check points, in units of CHECKED (Infinity: not even built).
      const worst = new Float64Array(m).fill(Infinity);
      for (let k = 1; k < m - 1; k++) {
        const a = knots[k];
        const b = knots[k + 1];
        const h2 = h * h;
        if (!hermite(c, WIDTH * k, y[k], y[k + 1], h * a.r, h * b.r, -h2 * a.g * a.r * a.r, -h2 * b.g * b.r * b.r)) continue;
        let e = 0;
        for (const f of CHECK_POINTS) {
          // u and its position within the piece exactly as fill computes them.
          const u = (k + f) * h;
          const x = u * m;
          const q = evaluate(c, WIDTH * k, x - k);
          const miss = Math.abs(shape.cdf(q) - u) / CHECKED;
          e = Math.max(e, miss <= 1 || !roundsTo(q, shape.quantile(u)) ? miss : 0);
        }
        worst[k] = e;
      }
      // The body is the longest passing run around the middle.
      let kLo = 1;
      let kHi = m - 1;
      for (let k = 1; k < m - 1; k++) {
        if (worst[k] <= 1) continue;
        if (2 * k < m) kLo = k + 1;
        else if (k < kHi) kHi = k;
      }
      if ((m - (kHi - kLo)) / m <= MAX_TAIL_SHARE) {
        const lower = buildTail(shape, false, kLo * h, { ...knots[kLo], y: y[kLo] });
        const upper = buildTail(shape, true, (m - kHi) * h, { ...knots[kHi], y: y[kHi] });
        return new InversionTable(shape, m, kLo, kHi, c, lower, upper);
      }
      // Grow M by what the worst piece inside the wanted body needs, the error falling as h^6.
      let need = 1;
      const edge = Math.ceil((m * MAX_TAIL_SHARE) / 2);
      for (let k = edge; k < m - edge; k++) need = Math.max(need, worst[k]);
      const grow = Math.min(2, Math.max(1.1, 1.05 * need ** (1 / 6)));
      m = m < MAX_INTERVALS ? Math.min(MAX_INTERVALS, Math.ceil((m * grow) / 8) * 8) : 2 * m;
    }
    return new InversionTable(shape, 0, 0, 0, new Float64Array(0), none(), none());
  }

  /** The table's numbers, to hand to a worker thread instead of building it again there. */
  toRaw(): RawTable {
    const { intervals, kLo, kHi, c, lower, upper } = this;
    return { intervals, kLo, kHi, c, lower, upper };
  }

  static fromRaw(shape: Shape, raw: RawTable): InversionTable {
    return new InversionTable(shape, raw.intervals, raw.kLo, raw.kHi, raw.c, raw.lower, raw.upper);
  }

  /** How the table came out: body intervals, the share of u they serve, tail intervals, body bytes. */
  get stats(): { intervals: number; bodyShare: number; tailIntervals: [number, number]; bodyBytes: number } {
    const bodyShare = this.intervals ? (this.kHi - this.kLo) / this.intervals : 0;
    const tailIntervals: [number, number] = [this.lower.intervals, this.upper.intervals];
    return { intervals: this.intervals, bodyShare, tailIntervals, bodyBytes: this.c.byteLength };
  }

  fill(u: Float64Array, out: Float64Array, n: number, loc: number, scale: number, lo = -Infinity, hi = Infinity): void {
    if (this.intervals === 0) {
      for (let i = 0; i < n; i++) out[i] = clamp(loc + scale * this.shape.quantile(u[i]), lo, hi);
      return;
    }
    const { c, intervals: m, kLo, kHi } = this;
    const arena = kernelArena();
    const placed = arena?.holds(u, out, n) ? this.placedIn(arena, n) : null;
    if (arena && placed) {
      // The body in the kernel (assembly/distributions.ts), same arithmetic; the tails as below.
      const { table, tails } = placed;
      const count = arena.samplers.fillInversion(u.byteOffset, out.byteOffset, n, table.byteOffset, m, kLo, kHi, loc, scale, lo, hi, tails.byteOffset);
      if (count === 0) return;
      if (misses.length < count) misses = new Int32Array(count);
      let lows = 0;
      let highs = count;
      for (let j = 0; j < count; j++) {
        const i = tails[j];
        if (((u[i] * m) | 0) < kLo) misses[lows++] = i;
        else misses[--highs] = i;
      }
      if (lows > 0) this.tail(this.lower, false, u, out, misses, 0, lows, loc, scale, lo, hi);
      if (highs < count) this.tail(this.upper, true, u, out, misses, highs, count, loc, scale, lo, hi);
      return;
    }
    if (misses.length < n) misses = new Int32Array(n);
    const tails = misses;
    let lows = 0;
    let highs = n;
    for (let i = 0; i < n; i++) {
      const x = u[i] * m;
      // The mask (M <= 2^16) bounds k for the compiler, which then drops its overflow checks on
      // the indices; the width is a literal 6, not WIDTH, because a module constant is re-read per draw.
      const k = (x | 0) & 0xffff;
      if (k >= kLo && k < kHi) {
        const f = x - k;
        const at = 6 * k;
        const q = loc + scale * (c[at] + f * (c[at + 1] + f * (c[at + 2] + f * (c[at + 3] + f * (c[at + 4] + f * c[at + 5])))));
        out[i] = q < lo ? lo : q > hi ? hi : q;
      } else if (k < kLo) {
        tails[lows++] = i;
      } else {
        tails[--highs] = i;
      }
    }
    // Tails are drawn afterwards: inlined in the loop, their code (a log, a call to the exact
    // quantile) cost every body draw 0.5-1 ns in spilled registers.
    if (lows > 0) this.tail(this.lower, false, u, out, tails, 0, lows, loc, scale, lo, hi);
    if (highs < n) this.tail(this.upper, true, u, out, tails, highs, n, loc, scale, lo, hi);
  }

  /**
   * The body's coefficients in this thread's arena, and room there for n tail indices (null when
   * the arena is full or n is beyond that room: the JavaScript loop then draws).
   */
  private placedIn(arena: Arena, n: number): { table: Float64Array; tails: Int32Array } | null {
    if (this.placed === undefined) {
      this.placed = arena.f64(this.c.length);
      this.placed?.set(this.c);
    }
    if (kernelTails === undefined) kernelTails = arena.i32(KERNEL_TAILS);
    return this.placed && kernelTails && n <= KERNEL_TAILS ? { table: this.placed, tails: kernelTails } : null;
  }

  private placed: Float64Array | null | undefined;

  /** out[i] = loc + scale * Qhat(u[i]) for the draws i = at[from .. to) in one tail. */
  private tail(
    tail: Tail,
    upper: boolean,
    u: Float64Array,
    out: Float64Array,
    at: Int32Array,
    from: number,
    to: number,
    loc: number,
    scale: number,
    lo: number,
    hi: number,
  ): void {
    const { s0, perStep, intervals, c } = tail;
    for (let j = from; j < to; j++) {
      const i = at[j];
      const v = upper ? 1 - u[i] : u[i];
      // u * M and the tail's edge k / M round independently: u a hair inside the edge starts the tail.
      const t = Math.max(0, (s0 - Math.log(v)) * perStep);
      let x: number;
      if (t < intervals) {
        const q = t | 0;
        x = evaluate(c, WIDTH * q, t - q);
      } else {
        x = upper ? this.shape.upperQuantile(v) : this.shape.quantile(u[i]);
      }
      out[i] = clamp(loc + scale * x, lo, hi);
    }
  }
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

function none(): Tail {
  return { s0: 0, perStep: 0, intervals: 0, c: new Float64Array(0) };
}

/** Indices of the draws that fall in the tails, kept between calls (lower tail from the front, upper from the back). */
let misses = new Int32Array(1024);
/** Room for the kernel's tail indices, in the arena (blocks are far shorter). */
const KERNEL_TAILS = 1 << 15;
let kernelTails: Int32Array | null | undefined;

const tables = new Map<string, InversionTable>();
/** Tables built on another thread, waiting for the first distribution that asks for them. */
const handedOver = new Map<string, RawTable>();

export interface RawTable {
  intervals: number;
  kLo: number;
  kHi: number;
  c: Float64Array;
  lower: Tail;
  upper: Tail;
}

/** Every table built so far, as numbers a worker thread can take over (building takes a few ms each). */
export function exportTables(): Record<string, RawTable> {
  return Object.fromEntries([...tables].map(([key, table]) => [key, table.toRaw()]));
}

export function importTables(raw: Record<string, RawTable>): void {
  for (const [key, table] of Object.entries(raw)) handedOver.set(key, table);
}

/** The tables built so far, by key (for the benchmark). */
export function inversionTables(): ReadonlyMap<string, InversionTable> {
  return tables;
}

/** The table of a shape, built once per key (e.g. "beta 2 3") and shared. */
export function inversionTable(key: string, shape: () => Shape): InversionTable {
  let table = tables.get(key);
  if (!table) {
    if (tables.size >= 256) tables.clear();
    const raw = handedOver.get(key);
    table = raw ? InversionTable.fromRaw(shape(), raw) : InversionTable.build(shape());
    tables.set(key, table);
  }
  return table;
}
