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
 * the ends, hold at most 1/32 of u. Those ends are tabulated octave by octave of u (resp. 1 - u),
 * each octave cut into as many equal pieces as it needs (see Tail), and u within 2^-50 of 0 or 1
 * uses the exact quantile. A tail draw finds its piece from the bits of u, with no log, so the
 * kernel draws the tails too: tabulated against ln u, as they were first, and drawn in JavaScript
 * (a log each), they cost 5% of a 1e7-sample run (1.63 s a run on 1 thread against 1.55 s). The fill loop only notes a tail draw's index and draws it
 * after the body, which keeps the body loop small enough to stay in registers. A shape that still
 * fails at M = 2^16 is drawn by exact quantiles throughout (correct, slower).
 *
 * A table is built for a standardized shape and shared: a draw is loc + scale * Qhat(u), so a spec
 * scaled by c has c times the draws, and equal shapes (every normal, say) share one table.
 */

import { requireArena, type PlacedInversion } from '../kernel/arena.js';

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
/** Largest share of draws left to the slower tails before the body grid grows. */
const MAX_TAIL_SHARE = 1 / 32;
/** The tails reach down to this u (and 1 - u); beyond, draws use the exact quantile. */
const TAIL_FLOOR = 2 ** -50;
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
  // Signs compared, not multiplied: deep in a tail, rise * dy can underflow to 0 whatever the signs.
  const along = (rise: number) => (dy > 0 ? rise >= 0 : rise <= 0);
  if (dy !== 0 && along(rise0) && along(rise1) && along(rise2) && along(rise3) && along(rise4)) {
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

/**
 * One tail, tabulated against v = u (or 1 - u) itself, octave by octave: v in [2^e, 2^(e+1)) is
 * cut into 2^bits[e] pieces of equal width, as many as that octave needs (for the baseline's
 * shapes, one in the deep octaves, where a u-error of 1e-10 is a large share of v, and eight or
 * sixteen in those next to the body: some 100 pieces a tail). A draw's piece and its place in it are bits of v: the exponent picks the octave, the
 * leading mantissa bits the piece, the rest are the position (exact), so no draw takes a log.
 */
export interface Tail {
  /** The exponent field (biased) of v in the first octave, and octaves from there. */
  readonly eLow: number;
  readonly octaves: number;
  /** Per octave, its first piece and its piece bits: (first, bits) pairs. */
  readonly index: Int32Array;
  readonly c: Float64Array;
  /** The body's knot at the edge: tail draws stop there, so draws keep rising into the body. */
  readonly bound: number;
}

/** Piece bits an octave may take at most (4096 pieces); an octave needing more makes the tail exact. */
const MAX_OCTAVE_BITS = 12;
const EXPONENT_BIAS = 1023;
/** One double and its two words (little-endian, as WebAssembly is: word 1 is the high word). */
const double = new Float64Array(1);
const words = new Uint32Array(double.buffer);
/** The biased exponent field of a positive double. */
function exponentField(v: number): number {
  double[0] = v;
  return words[1] >>> 20;
}

/**
 * The tail of draws with v = u (or 1 - u when `upper`) below `top`, from TAIL_FLOOR up, whose
 * draws stop at `bound` (the body's knot at its edge). Octaves are built from the body outwards,
 * knots rounded out of order deep in a tail evened out so that the pieces stay monotone. Returns
 * no octaves (exact draws) if one would need more than MAX_OCTAVE_BITS.
 */
function buildTail(shape: Shape, upper: boolean, top: number, bound: number): Tail {
  const at = (v: number) => (upper ? shape.upperQuantile(v) : shape.quantile(v));
  const error = (x: number, v: number) => Math.abs(upper ? 1 - shape.cdf(x) - v : shape.cdf(x) - v);
  const knots = new Map<number, Knot>();
  const knot = (v: number): Knot => {
    let k = knots.get(v);
    if (!k) knots.set(v, (k = knotAt(shape, at(v))));
    return k;
  };
  const eLow = exponentField(TAIL_FLOOR);
  const eTop = exponentField(top);
  const octaves = eTop - eLow + 1;
  const pieces: Float64Array[] = [];
  const bits: number[] = [];
  // x as a function of the position f in a piece [v0, v0 + w]: dx/df = w dx/dv, d2x/df2 = w^2 d2x/dv2,
  // with dx/dv = +-Q' = +-r and d2x/dv2 = Q'' = -g r^2 (upper: x = Q(1 - v)).
  const slope = (k: Knot, w: number) => (upper ? -w * k.r : w * k.r);
  const bend = (k: Knot, w: number) => -w * w * k.g * k.r * k.r;
  let yAbove = knot(2 ** (eTop + 1 - EXPONENT_BIAS)).y;
  for (let e = eTop; e >= eLow; e--) {
    const v0 = 2 ** (e - EXPONENT_BIAS);
    let built: Float64Array | null = null;
    let yBelow = yAbove;
    for (let b = 0; b <= MAX_OCTAVE_BITS && !built; b++) {
      const count = 2 ** b;
      const w = v0 / count;
      const c = new Float64Array(WIDTH * count);
      let y1 = yAbove;
      let k1 = knot(2 * v0);
      let ok = true;
      for (let j = count - 1; j >= 0 && ok; j--) {
        const start = v0 + j * w;
        const k0 = knot(start);
        const y0 = upper ? Math.max(y1, k0.y) : Math.min(y1, k0.y);
        ok = hermite(c, WIDTH * j, y0, y1, slope(k0, w), slope(k1, w), bend(k0, w), bend(k1, w));
        for (const f of CHECK_POINTS) {
          if (!ok) break;
          const v = start + f * w;
          const x = evaluate(c, WIDTH * j, f);
          ok = error(x, v) <= CHECKED || roundsTo(x, at(v));
        }
        y1 = y0;
        k1 = k0;
      }
      if (ok) {
        built = c;
        bits.push(b);
        yBelow = y1;
      }
    }
    if (!built) return none();
    pieces.push(built);
    yAbove = yBelow;
  }
  // Octaves were built top down; stored bottom up, as the exponent counts.
  pieces.reverse();
  bits.reverse();
  const index = new Int32Array(2 * octaves);
  const c = new Float64Array(pieces.reduce((n, p) => n + p.length, 0));
  let first = 0;
  pieces.forEach((p, o) => {
    index[2 * o] = first;
    index[2 * o + 1] = bits[o];
    c.set(p, WIDTH * first);
    first += p.length / WIDTH;
  });
  return { eLow, octaves, index, c, bound };
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
        // u * M and the edge k / M round independently, so a u a hair past the edge may still
        // come to a tail: each tail reaches a little further than its edge.
        const reach = 1 + 2 ** -40;
        const lower = buildTail(shape, false, kLo * h * reach, y[kLo]);
        const upper = buildTail(shape, true, (m - kHi) * h * reach, y[kHi]);
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

  /** How the table came out: body intervals, the share of u they serve, tail pieces, body bytes. */
  get stats(): { intervals: number; bodyShare: number; tailIntervals: [number, number]; bodyBytes: number } {
    const bodyShare = this.intervals ? (this.kHi - this.kLo) / this.intervals : 0;
    const pieces = (tail: Tail) => tail.c.length / WIDTH;
    const tailIntervals: [number, number] = [pieces(this.lower), pieces(this.upper)];
    return { intervals: this.intervals, bodyShare, tailIntervals, bodyBytes: this.c.byteLength };
  }

  fill(u: Float64Array, out: Float64Array, n: number, loc: number, scale: number, lo = -Infinity, hi = Infinity): void {
    if (this.intervals === 0) {
      for (let i = 0; i < n; i++) out[i] = clamp(loc + scale * this.shape.quantile(u[i]), lo, hi);
      return;
    }
    // The body and the tails in the kernel (assembly/distributions.ts); it leaves here only the
    // draws beyond TAIL_FLOOR, for the exact quantile.
    const arena = requireArena();
    this.placed ??= arena.placeInversion(this.c, this.lower, this.upper);
    arena.samplers.fillInversion(u, out, n, this.placed, this.intervals, this.kLo, this.kHi, loc, scale, lo, hi, (i) =>
      this.exact(u, out, i, loc, scale, lo, hi),
    );
  }

  private placed: PlacedInversion | undefined;

  /** out[i] by the exact quantile: for u beyond the tails' reach. */
  private exact(u: Float64Array, out: Float64Array, i: number, loc: number, scale: number, lo: number, hi: number): void {
    const x = u[i] < 0.5 ? this.shape.quantile(u[i]) : this.shape.upperQuantile(1 - u[i]);
    out[i] = clamp(loc + scale * x, lo, hi);
  }
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

function none(): Tail {
  return { eLow: 0, octaves: 0, index: new Int32Array(0), c: new Float64Array(0), bound: 0 };
}

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
export function inversionTableFor(key: string, shape: () => Shape): InversionTable {
  let table = tables.get(key);
  if (!table) {
    if (tables.size >= 256) tables.clear();
    const raw = handedOver.get(key);
    table = raw ? InversionTable.fromRaw(shape(), raw) : InversionTable.build(shape());
    tables.set(key, table);
  }
  return table;
}
