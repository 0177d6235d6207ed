/**
 * One exact type-7 percentile of a stream of draws, without a histogram and without keeping
 * every draw: what a comparison needs of each of its two thousand coalitions (their medians).
 *
 * The window is a range of values [low, high]: it counts the draws below it, at low, at high and
 * above it, and keeps only those strictly between (an output of a few discrete assumptions takes
 * few values, so many draws tie at a window's edge: counted, never kept). Each time the count of
 * draws seen doubles, it narrows to the order statistics `margin` standard errors (of the
 * percentile's rank, binomial) either side of the percentile's rank so far, so it keeps at most
 * some 4 margin sqrt(p (1 - p) n / 2) draws and a block (n / 2: the draws seen at its last
 * narrowing; `room`): for a median of 2,000,000 draws at margin 6, about 14,000. At the end the
 * percentile is selected among them, exactly, when its ranks fell inside the window; otherwise
 * (a stream whose early draws were unlike its later ones, or NaNs, which have no place among
 * comparisons) `percentile` says so, and the caller finds it another way. No window can change
 * the number, only whether it is found here.
 */
import { interpolate, type7Ranks } from './percentiles.js';
import { requireArena, type Arena } from '../kernel/arena.js';

/** Draws seen when the window first narrows: before, it keeps every draw. */
const FIRST_NARROWING = 2048;

export class RankWindow {
  private low = -Infinity;
  private high = Infinity;
  /** Draws below low, at low, at high (not for a window of one value) and above high. */
  private readonly counts = new Float64Array(4);
  /** Draws strictly between low and high: kept[0, length). */
  private length = 0;
  private seen = 0;
  private narrowAt = FIRST_NARROWING;

  /** `kept`: room to start with (grown when short), e.g. a share of a larger buffer (see room). */
  constructor(
    readonly p: number,
    readonly margin: number,
    private kept: Float64Array = new Float64Array(2 * FIRST_NARROWING),
    private readonly arena: Arena = requireArena(),
  ) {}

  /**
   * Draws a window keeps at most over `samples` draws added `block` at a time, of any
   * percentile (p = 0.5 has the widest window): the room a group of windows is given at once.
   * Past it, a window allocates its own.
   */
  static room(samples: number, margin: number, block = FIRST_NARROWING): number {
    // Narrowed at n0 to 2 spreads of ranks, it holds twice that share of 2 n0 draws by the next narrowing.
    const n0 = Math.max(FIRST_NARROWING, samples / 2);
    return Math.min(samples, Math.max(FIRST_NARROWING, Math.ceil(4 * (margin * Math.sqrt(0.25 * n0) + 1)))) + block;
  }

  /** Adds values[0, n). */
  add(values: Float64Array, n: number): void {
    if (this.length + n > this.kept.length) {
      const grown = new Float64Array(Math.max(2 * this.kept.length, this.length + n));
      grown.set(this.kept.subarray(0, this.length));
      this.kept = grown;
    }
    this.length += this.arena.rankWindow(values, 0, n, this.low, this.high, this.kept, this.length, this.counts);
    this.seen += n;
    if (this.seen >= this.narrowAt) this.narrow();
  }

  /** Draws that are none of the counted or kept: NaNs. */
  private get unordered(): number {
    const [below, atLow, atHigh, above] = this.counts;
    return this.seen - below - atLow - this.length - atHigh - above;
  }

  /**
   * The order statistic of 0-based `rank` among every draw seen, or null outside the window.
   * `staged`: the kept draws, staged in the arena (Arena.staged), where a rank among them is
   * selected in place, at staged[at]: staged[..at] are then no larger than it, so a larger rank
   * asked next need search only from there (`from`); `at` is 0 for a draw at an edge.
   */
  private orderStatistic(staged: Float64Array, rank: number, from = 0): { value: number; at: number } | null {
    const [below, atLow, atHigh] = this.counts;
    let r = rank - below;
    if (r < 0) return null;
    if (r < atLow) return { value: this.low, at: from };
    r -= atLow;
    if (r < this.length) {
      this.arena.select(staged, r, from, this.length - 1);
      return { value: staged[r], at: r };
    }
    r -= this.length;
    if (r < atHigh) return { value: this.high, at: from };
    return null;
  }

  private narrow(): void {
    const n = this.seen;
    this.narrowAt = 2 * n;
    if (this.unordered) return;
    const { p, margin } = this;
    const centre = p * (n - 1);
    const spread = margin * Math.sqrt(p * (1 - p) * n) + 1;
    const staged = this.arena.staged(this.kept, this.length);
    const first = this.orderStatistic(staged, Math.max(0, Math.floor(centre - spread)));
    const last = first && this.orderStatistic(staged, Math.min(n - 1, Math.ceil(centre + spread)), first.at);
    // The window no longer holds the ranks around the percentile: it stays as it is.
    if (!first || !last) return;
    const low = first.value;
    const high = last.value;
    // The new edges are draws of the old window (old low <= low <= high <= old high): the old
    // edges' draws fall below, at an edge (at low only, for a window of one value) or above.
    const [below, atLow, atHigh, above] = this.counts;
    const counts = this.counts;
    counts[0] = below + (this.low < low ? atLow : 0);
    counts[1] = (this.low === low ? atLow : 0) + (this.high === low ? atHigh : 0);
    counts[2] = low !== high && this.high === high ? atHigh : 0;
    counts[3] = above + (this.high > high ? atHigh : 0);
    this.length = this.arena.rankWindow(staged, 0, this.length, low, high, this.kept, 0, counts);
    this.low = low;
    this.high = high;
  }

  /** How many draws it keeps now (for tests of its memory). */
  get holding(): number {
    return this.length;
  }

  /**
   * The exact type-7 percentile of every draw added (NaN of none), or null when the window does
   * not hold its order statistics.
   */
  percentile(): number | null {
    const n = this.seen;
    if (n === 0) return NaN;
    if (this.unordered) return null;
    const { lo, hi, frac } = type7Ranks(n, this.p);
    const staged = this.arena.staged(this.kept, this.length);
    const a = this.orderStatistic(staged, lo);
    const b = a && (hi === lo ? a : this.orderStatistic(staged, hi, a.at));
    return a && b ? interpolate(a.value, b.value, frac) : null;
  }
}
