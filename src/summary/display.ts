/**
 * Histograms for people: a few dozen bins over the central 99.8% of the draws (log-spaced
 * where that range spans more than a decade), built from the fine key histogram without
 * revisiting a single draw.
 */
import type { Histogram } from '../engine/types.js';
import { keyOf, type MergedHistogram } from './histogram.js';

export const DISPLAY_BINS = 40;

export function binEdges(lo: number, hi: number, bins: number): { scale: 'log' | 'linear'; edges: number[] } {
  // One bin where there is no range to divide, or no finite one (a draw of ∞).
  if (!(hi > lo) || !Number.isFinite(lo) || !Number.isFinite(hi)) return { scale: 'linear', edges: [lo, hi] };
  const scale = lo > 0 && hi / lo > 10 ? 'log' : 'linear';
  const edges = Array.from({ length: bins + 1 }, (_, k) =>
    scale === 'log' ? lo * (hi / lo) ** (k / bins) : lo + ((hi - lo) * k) / bins,
  );
  edges[bins] = hi;
  return { scale, edges };
}

/** Counts of draws per display bin between lo and hi; draws outside are left out. */
export function displayHistogram(hist: MergedHistogram, lo: number, hi: number, bins = DISPLAY_BINS): Histogram {
  const { scale, edges } = binEdges(lo, hi, bins);
  if (edges.length === 2 && !(hi > lo && Number.isFinite(hi))) return { scale, edges, counts: [hist.total] };
  // A fine bin goes to the display bin its lower edge falls in: keys are monotone in value.
  const edgeKeys = edges.map((e) => keyOf(e, hist.bits));
  const counts = new Array<number>(edges.length - 1).fill(0);
  let j = 0;
  for (let i = 0; i < hist.counts.length; i++) {
    const c = hist.counts[i];
    if (!c) continue;
    const key = hist.base + i;
    if (key < edgeKeys[0] || key > edgeKeys[edgeKeys.length - 1]) continue;
    while (j < counts.length - 1 && key >= edgeKeys[j + 1]) j++;
    counts[j] += c;
  }
  return { scale, edges, counts };
}
