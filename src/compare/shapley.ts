/**
 * Shapley values of a cooperative game: how much of v(all players) - v(no players) each player
 * is owed, averaged over every order in which the players could join
 * (Shapley 1953; https://en.wikipedia.org/wiki/Shapley_value).
 *
 * Pure functions over a value function, so they can be checked against closed forms. Players are
 * put in one canonical order (sorted by name) before anything is computed, so the result, to the
 * last bit, does not depend on the order the caller lists them in.
 */
import type { UniformSource } from '../random/streams.js';

/** The value of a coalition (a set of player names). */
export type Game = (coalition: ReadonlySet<string>) => number;

export interface ShapleyResult {
  /** 'exact': every coalition; 'sampled': an unbiased estimate from random orders. */
  method: 'exact' | 'sampled';
  /** v(every player) - v(no player); the contributions sum to it (efficiency). */
  total: number;
  /** Per player, in the order the caller listed them. */
  contributions: Record<string, number>;
  /** Sampled only: the standard error of each estimate. */
  standardErrors?: Record<string, number>;
  /** Sampled only: how many orders were drawn (in antithetic pairs). */
  permutations?: number;
  /** How many distinct coalitions were valued. */
  evaluations: number;
}

/** Up to this many players every coalition is valued (2^10 = 1,024 of them). */
export const EXACT_MAX_PLAYERS = 10;

/** Orders drawn when sampling: 64 antithetic pairs. */
export const DEFAULT_PERMUTATIONS = 128;

function canonical(players: readonly string[]): string[] {
  const sorted = [...players].sort();
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] === sorted[i - 1]) throw new Error(`player '${sorted[i]}' is listed twice`);
  }
  // Coalitions are bit masks held in doubles' exact integer range.
  if (sorted.length > 30) throw new Error(`at most 30 players, got ${sorted.length}`);
  return sorted;
}

/** v by bit mask over `sorted`, each coalition valued once. */
function memoized(sorted: readonly string[], v: Game): { value: (mask: number) => number; evaluations: () => number } {
  const cache = new Map<number, number>();
  return {
    value(mask) {
      let x = cache.get(mask);
      if (x === undefined) {
        const members = new Set<string>();
        for (let k = 0; k < sorted.length; k++) if (mask & (1 << k)) members.add(sorted[k]);
        x = v(members);
        cache.set(mask, x);
      }
      return x;
    },
    evaluations: () => cache.size,
  };
}

function inCallerOrder(players: readonly string[], sorted: readonly string[], values: ArrayLike<number>): Record<string, number> {
  const at = new Map(sorted.map((name, k) => [name, values[k]]));
  return Object.fromEntries(players.map((name) => [name, at.get(name)!]));
}

/** Set bits of a coalition's mask (0 to 2^30). */
export function popcount(x: number): number {
  let c = 0;
  for (; x; x &= x - 1) c++;
  return c;
}

/**
 * Exact Shapley values: phi_i = sum over coalitions S without i of |S|! (d-|S|-1)! / d! (v(S+i) - v(S)).
 * Values all 2^d coalitions, each once. O(d 2^d) arithmetic besides.
 */
export function exactShapley(players: readonly string[], v: Game): ShapleyResult {
  const sorted = canonical(players);
  const d = sorted.length;
  const game = memoized(sorted, v);
  const size = 2 ** d;
  const values = new Float64Array(size);
  for (let mask = 0; mask < size; mask++) values[mask] = game.value(mask);
  // weight[s] = s! (d-s-1)! / d! = 1 / (d * C(d-1, s)); binomials are exact integers here.
  const weight = new Float64Array(Math.max(d, 1));
  let binomial = 1;
  for (let s = 0; s < d; s++) {
    weight[s] = 1 / (d * binomial);
    binomial = (binomial * (d - 1 - s)) / (s + 1);
  }
  const phi = new Float64Array(d);
  for (let k = 0; k < d; k++) {
    const bit = 1 << k;
    let sum = 0;
    for (let mask = 0; mask < size; mask++) {
      if (mask & bit) continue;
      sum += weight[popcount(mask)] * (values[mask | bit] - values[mask]);
    }
    phi[k] = sum;
  }
  return {
    method: 'exact',
    total: values[size - 1] - values[0],
    contributions: inCallerOrder(players, sorted, phi),
    evaluations: game.evaluations(),
  };
}

/**
 * An unbiased estimate: the mean of each player's marginal contribution over random orders
 * (Castro, Gómez & Tejada 2009), drawn in antithetic pairs (an order and its reverse), which
 * keeps each draw uniform and makes pairwise interactions cancel within a pair. Each order's
 * contributions telescope to the total, so the estimates keep efficiency. The standard error
 * is the spread of the pair means over sqrt(pairs).
 */
export function sampledShapley(
  players: readonly string[],
  v: Game,
  options: { random: UniformSource; permutations?: number },
): ShapleyResult {
  const sorted = canonical(players);
  const d = sorted.length;
  const pairs = Math.max(2, Math.ceil((options.permutations ?? DEFAULT_PERMUTATIONS) / 2));
  const game = memoized(sorted, v);
  const pairMeans = new Float64Array(pairs * d);
  const order = Array.from({ length: d }, (_, k) => k);
  const pair = new Float64Array(d);

  const walk = (step: (i: number) => number): void => {
    let mask = 0;
    let before = game.value(0);
    for (let i = 0; i < d; i++) {
      const k = step(i);
      mask |= 1 << k;
      const after = game.value(mask);
      pair[k] += (after - before) / 2;
      before = after;
    }
  };

  for (let p = 0; p < pairs; p++) {
    // Fisher-Yates on the canonical order: the draws never see the caller's order.
    for (let i = d - 1; i > 0; i--) {
      const j = Math.floor(options.random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    pair.fill(0);
    walk((i) => order[i]);
    walk((i) => order[d - 1 - i]);
    pairMeans.set(pair, p * d);
  }

  // Two passes, so identical pairs (an additive game) give a standard error of exactly 0.
  const mean = new Float64Array(d);
  const se = new Float64Array(d);
  for (let k = 0; k < d; k++) {
    let s = 0;
    for (let p = 0; p < pairs; p++) s += pairMeans[p * d + k];
    mean[k] = s / pairs;
    let ss = 0;
    for (let p = 0; p < pairs; p++) ss += (pairMeans[p * d + k] - mean[k]) ** 2;
    se[k] = Math.sqrt(ss / (pairs - 1) / pairs);
  }
  return {
    method: 'sampled',
    total: game.value(2 ** d - 1) - game.value(0),
    contributions: inCallerOrder(players, sorted, mean),
    standardErrors: inCallerOrder(players, sorted, se),
    permutations: 2 * pairs,
    evaluations: game.evaluations(),
  };
}

/** Exact up to EXACT_MAX_PLAYERS players, sampled beyond. */
export function shapley(
  players: readonly string[],
  v: Game,
  options: { random: UniformSource; permutations?: number; exactMaxPlayers?: number },
): ShapleyResult {
  return players.length <= (options.exactMaxPlayers ?? EXACT_MAX_PLAYERS)
    ? exactShapley(players, v)
    : sampledShapley(players, v, options);
}
