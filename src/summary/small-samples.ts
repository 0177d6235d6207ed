/**
 * When a run is too small for its tail percentiles: a type-7 percentile at p rests on the
 * about n·p draws beyond it, and with fewer than TAIL_DRAWS of them it is mostly noise.
 */

/** Draws beyond a percentile it needs to mean something. */
export const TAIL_DRAWS = 10;

/** Samples for TAIL_DRAWS draws beyond P5 and P95 (200), and beyond P1 and P99 (1,000). */
export const SAMPLES_FOR_P5 = TAIL_DRAWS / 0.05;
export const SAMPLES_FOR_P1 = TAIL_DRAWS / 0.01;

const count = (n: number): string => n.toLocaleString('en-US');

/** What the tail percentiles of a run of `samples` rest on, or undefined when they are sound. */
export function smallSampleNote(samples: number): string | undefined {
  if (samples >= SAMPLES_FOR_P1) return undefined;
  const needs = `P5 and P95 need ${count(SAMPLES_FOR_P5)} samples for ${TAIL_DRAWS} draws beyond them, P1 and P99 need ${count(SAMPLES_FOR_P1)}`;
  if (samples === 1) return `1 sample: every percentile is that one draw. ${needs}`;
  if (samples < SAMPLES_FOR_P5) return `${count(samples)} samples: P5 and P95 rest on fewer than ${TAIL_DRAWS} draws beyond them. ${needs}`;
  return `${count(samples)} samples: P1 and P99 rest on fewer than ${TAIL_DRAWS} draws beyond them; they need ${count(SAMPLES_FOR_P1)}`;
}
