/**
 * Whether an output is analysed on its log, and how its 90% band is measured. An output that
 * spans decades (GPU counts, FLOP) is a product of uncertain factors: on its log each factor's
 * share is additive, and its band reads as a ratio ("68x"); on the raw values the largest draws
 * would own nearly all the variance.
 */

/** The rule: every draw positive, and P95 more than ten times P5. */
export const LOG_SCALE_RULE = 'every draw is positive and P95/P5 > 10';

export function spansDecades(min: number, p5: number, p95: number): boolean {
  return min > 0 && p95 > 10 * p5;
}

/** P95/P5 on a log scale, else the width P95 - P5. */
export function bandOf(logScale: boolean, p5: number, p95: number): number {
  return logScale ? p95 / p5 : p95 - p5;
}
