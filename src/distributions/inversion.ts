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
 * lookup, no search) with cubic Hermite interpolation from exact knots Q(u_k) and slopes
 * Q'(u_k) = 1/f(Q(u_k)). Near u = 0 and 1 a uniform grid cannot reach 1e-10 (Q has a log or power
 * singularity there: for the normal, even M = 2^16 leaves the second interval off by 8e-8), so M
 * doubles from 1024 only until the failing intervals, all at the ends, hold at most 1/64 of u; those
 * ends are tabulated against ln u (resp. ln(1 - u)), where the singular tail is smooth, and u
 * within 2^-50 of 0 or 1 uses the exact quantile. A shape that still fails at M = 2^16 is drawn by
 * exact quantiles throughout (correct, slower).
 *
 * A table is built for a standardized shape and shared: a draw is loc + scale * Qhat(u), so a spec
 * scaled by c has c times the draws, and equal shapes (every normal, say) share one table.
 */

/** A standardized distribution, exactly: what the table interpolates and is checked against. */
export interface Shape {
  /** Q(u), u in (0, 1). */
  quantile(u: number): number;
  /** Q(1 - v) for small v, accurate where 1 - v would round. */
  upperQuantile(v: number): number;
  cdf(x: number): number;
  pdf(x: number): number;
}

const TOLERANCE = 1e-10;
/** Three points only estimate an interval's largest error, so the checks leave a factor 2 of room. */
const CHECKED = TOLERANCE / 2;
const FIRST_INTERVALS = 1024;
const MAX_INTERVALS = 1 << 16;
/** Largest share of draws left to the slower ln-u tails before the body grid is doubled. */
const MAX_TAIL_SHARE = 1 / 64;
/** The ln-u tails reach down to this u (and 1 - u); beyond, draws use the exact quantile. */
const TAIL_FLOOR = 2 ** -50;
const MAX_TAIL_INTERVALS = 1 << 14;
const CHECK_POINTS = [0.25, 0.5, 0.75];

/**
 * Cubic Hermite on [0, 1] in power form, from end values and end slopes (per unit step). Where the
 * slopes would let the cubic overshoot (Fritsch & Carlson 1980: (a, b) outside the circle of
 * radius 3), or are not finite, the piece is the chord instead: monotone either way, so inversion
 * keeps draws in the order of their uniforms; the error check then judges the piece.
 */
function hermite(c: Float64Array, at: number, y0: number, y1: number, d0: number, d1: number): boolean {
  const dy = y1 - y0;
  const a = d0 / dy;
  const b = d1 / dy;
  if (!(a >= 0 && b >= 0 && a * a + b * b <= 9)) d0 = d1 = dy;
  c[at] = y0;
  c[at + 1] = d0;
  c[at + 2] = 3 * dy - 2 * d0 - d1;
  c[at + 3] = d0 + d1 - 2 * dy;
  return Number.isFinite(c[at + 2]) && Number.isFinite(c[at + 3]);
}

/**
 * Where even the exact quantile misses the tolerance (x rounded to the end of the support, as for
 * Beta(0.5, 0.5) within 1e-8 of u = 1), matching it to rounding is as good as any x can be.
 */
function roundsTo(x: number, exact: number): boolean {
  return Math.abs(x - exact) <= 4 * Number.EPSILON * Math.abs(exact);
}

function evaluate(c: Float64Array, at: number, f: number): number {
  return c[at] + f * (c[at + 1] + f * (c[at + 2] + f * c[at + 3]));
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
function buildTail(shape: Shape, upper: boolean, edge: number, y0: number, slope0: number): Tail {
  const s0 = Math.log(edge);
  const span = s0 - Math.log(TAIL_FLOOR);
  const at = (v: number) => (upper ? shape.upperQuantile(v) : shape.quantile(v));
  const error = (x: number, v: number) => Math.abs(upper ? 1 - shape.cdf(x) - v : shape.cdf(x) - v);
  for (let intervals = 32; intervals <= MAX_TAIL_INTERVALS; intervals *= 2) {
    const step = span / intervals;
    const c = new Float64Array(4 * intervals);
    // Knot j at s = s0 - j * step; dQ/dt = -step * v * Q'(v) with t running away from the body.
    let y = y0;
    let d = (upper ? step : -step) * edge * slope0;
    let ok = true;
    for (let j = 0; j < intervals && ok; j++) {
      const v = Math.exp(s0 - (j + 1) * step);
      // Knots rounded out of order (deep in a tail) are evened out, keeping the pieces monotone.
      const yn = upper ? Math.max(y, at(v)) : Math.min(y, at(v));
      const dn = ((upper ? step : -step) * v) / shape.pdf(yn);
      ok = hermite(c, 4 * j, y, yn, d, dn);
      for (const f of CHECK_POINTS) {
        if (!ok) break;
        const v = Math.exp(s0 - (j + f) * step);
        const x = evaluate(c, 4 * j, f);
        ok = error(x, v) <= CHECKED || roundsTo(x, at(v));
      }
      y = yn;
      d = dn;
    }
    if (ok) return { s0, perStep: 1 / step, intervals, c };
  }
  return { s0, perStep: 0, intervals: 0, c: new Float64Array(0) };
}

/** Draws by interpolated inversion: out[i] = loc + scale * Qhat(u[i]). */
export class InversionTable {
  private constructor(
    private readonly shape: Shape,
    /** Body intervals; 0 means every draw uses the exact quantile. */
    readonly intervals: number,
    /** Body intervals kLo <= k < kHi are interpolated in u; the rest go to the tails. */
    private readonly kLo: number,
    private readonly kHi: number,
    private readonly c: Float64Array,
    private readonly lower: Tail,
    private readonly upper: Tail,
  ) {}

  /** The table for a shape: M doubled from 1024 as described above. */
  static build(shape: Shape): InversionTable {
    let y = new Float64Array(0);
    let d = new Float64Array(0);
    for (let m = FIRST_INTERVALS; m <= MAX_INTERVALS; m *= 2) {
      // Knots k = 1 .. m-1 (0 and m may be infinite); half of them come from the previous grid.
      const yn = new Float64Array(m + 1);
      const dn = new Float64Array(m + 1);
      for (let k = 1; k < m; k++) {
        if (k % 2 === 0 && y.length) {
          yn[k] = y[k / 2];
          dn[k] = d[k / 2];
        } else {
          yn[k] = k <= m / 2 ? shape.quantile(k / m) : shape.upperQuantile((m - k) / m);
          dn[k] = 1 / shape.pdf(yn[k]);
        }
      }
      y = yn;
      d = dn;
      for (let k = 2; k < m; k++) if (y[k] < y[k - 1]) y[k] = y[k - 1];
      const h = 1 / m;
      const c = new Float64Array(4 * m);
      const passes = (k: number): boolean => {
        if (!hermite(c, 4 * k, y[k], y[k + 1], h * d[k], h * d[k + 1])) return false;
        for (const f of CHECK_POINTS) {
          const u = (k + f) * h;
          const x = evaluate(c, 4 * k, f);
          if (!(Math.abs(shape.cdf(x) - u) <= CHECKED || roundsTo(x, shape.quantile(u)))) return false;
        }
        return true;
      };
      // Every interval is built; the body is the longest passing run around the middle.
      let kLo = 1;
      let kHi = m - 1;
      for (let k = 1; k < m - 1; k++) {
        if (passes(k)) continue;
        if (k < m / 2) kLo = k + 1;
        else if (k < kHi) kHi = k;
      }
      if (kHi - kLo < m / 2 || (m - (kHi - kLo)) / m > MAX_TAIL_SHARE) continue;
      const lower = buildTail(shape, false, kLo / m, y[kLo], d[kLo]);
      const upper = buildTail(shape, true, (m - kHi) / m, y[kHi], d[kHi]);
      return new InversionTable(shape, m, kLo, kHi, c, lower, upper);
    }
    const none = { s0: 0, perStep: 0, intervals: 0, c: new Float64Array(0) };
    return new InversionTable(shape, 0, 0, 0, new Float64Array(0), none, none);
  }

  /** The table's numbers, to hand to a worker thread instead of building it again there. */
  toRaw(): RawTable {
    const { intervals, kLo, kHi, c, lower, upper } = this;
    return { intervals, kLo, kHi, c, lower, upper };
  }

  static fromRaw(shape: Shape, raw: RawTable): InversionTable {
    return new InversionTable(shape, raw.intervals, raw.kLo, raw.kHi, raw.c, raw.lower, raw.upper);
  }

  /** How the table came out: body intervals, the share of u they serve, tail intervals. */
  get stats(): { intervals: number; bodyShare: number; tailIntervals: [number, number] } {
    const bodyShare = this.intervals ? (this.kHi - this.kLo) / this.intervals : 0;
    return { intervals: this.intervals, bodyShare, tailIntervals: [this.lower.intervals, this.upper.intervals] };
  }

  fill(u: Float64Array, out: Float64Array, n: number, loc: number, scale: number): void {
    const m = this.intervals;
    if (m === 0) {
      for (let i = 0; i < n; i++) out[i] = loc + scale * this.shape.quantile(u[i]);
      return;
    }
    const { c, kLo, kHi } = this;
    for (let i = 0; i < n; i++) {
      const x = u[i] * m;
      const k = x | 0;
      if (k >= kLo && k < kHi) {
        const f = x - k;
        const at = k << 2;
        out[i] = loc + scale * (c[at] + f * (c[at + 1] + f * (c[at + 2] + f * c[at + 3])));
      } else {
        out[i] = loc + scale * this.tail(u[i]);
      }
    }
  }

  /** Qhat(u) beyond the body. */
  private tail(u: number): number {
    const upper = u > 0.5;
    const v = upper ? 1 - u : u;
    const tail = upper ? this.upper : this.lower;
    const t = (tail.s0 - Math.log(v)) * tail.perStep;
    if (!(t < tail.intervals)) return upper ? this.shape.upperQuantile(v) : this.shape.quantile(u);
    const j = t | 0;
    return evaluate(tail.c, 4 * j, t - j);
  }
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

/** Every table built so far, as numbers a worker thread can take over (building takes ~10-30 ms each). */
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
