/**
 * Axes whose tick labels come from formatQuantity, like every other number in the report:
 * the tick values are chosen here and their labels are baked into a Vega label expression,
 * so the page needs no formatter of its own and never shows d3's "G" for billions.
 */
import type { Axis } from './types.js';
import { formatNumber, formatQuantity } from '../../format.js';

/** A number as formatQuantity prints it, without the unit the axis title already gives. */
export function bareQuantity(x: number, unit: string): string {
  const text = formatQuantity(x, unit === 'USD' || unit.startsWith('USD/') ? 'USD' : unit);
  return unit && text.endsWith(` ${unit}`) ? text.slice(0, -unit.length - 1) : text;
}

/** Three to nine ticks for a log axis over [lo, hi]: decades, or 1-3, 1-2-5 steps when too few decades fit. */
export function logTicks(lo: number, hi: number): number[] {
  // An infinite end (a draw of ∞) has no tick; the axis spans the finite values.
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [lo, hi].filter(Number.isFinite);
  for (const mantissas of [[1], [1, 3], [1, 2, 5], [1, 1.5, 2, 3, 5, 7]]) {
    const ticks: number[] = [];
    for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
      for (const m of mantissas) {
        // Parse the decimal form so 3e-1 is 0.3, not 0.30000000000000004.
        const v = Number(`${m}e${e}`);
        if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) ticks.push(v);
      }
    }
    if (ticks.length >= 3) return thin(ticks, 9);
  }
  return linearTicks(lo, hi);
}

/** Up to about five "nice" ticks (1, 2, 2.5 or 5 times a power of ten) over [lo, hi]. */
export function linearTicks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [lo, hi].filter(Number.isFinite);
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  // The tolerances keep ticks that land on an end despite rounding; toPrecision drops the residue.
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) {
    ticks.push(Number((k * step).toPrecision(12)));
  }
  return ticks;
}

function thin(ticks: number[], max: number): number[] {
  if (ticks.length <= max) return ticks;
  const every = Math.ceil(ticks.length / max);
  return ticks.filter((_, i) => i % every === 0);
}

/** A Vega expression mapping each tick value to its label; anything else gets no label. */
export function labelExpr(values: readonly number[], label: (x: number) => string): string {
  return values.reduceRight(
    (rest, v) => `datum.value === ${String(v)} ? ${JSON.stringify(label(v))} : ${rest}`,
    "''",
  );
}

/** Axis properties that put ticks at `values` labelled by formatQuantity. */
export function quantityAxis(values: readonly number[], unit: string, title: string): Axis {
  return { title, values: [...values], labelExpr: labelExpr(values, (x) => bareQuantity(x, unit)) };
}

/** Ticks and matching axis for a positive extent on a log or linear scale. */
export function axisFor(
  lo: number,
  hi: number,
  scale: 'log' | 'linear',
  unit: string,
  title: string,
): { ticks: number[]; axis: Axis } {
  const ticks = scale === 'log' ? logTicks(lo, hi) : linearTicks(lo, hi);
  return { ticks, axis: quantityAxis(ticks, unit, title) };
}

/** Decades enclosing [lo, hi], widened by `pad` decades each side. */
export function decadeDomain(lo: number, hi: number, pad = 0): [number, number] {
  return [10 ** (Math.floor(Math.log10(lo)) - pad), 10 ** (Math.ceil(Math.log10(hi)) + pad)];
}

/** A percent axis for shares in [0, max]. */
export function shareAxis(max: number, title: string): { ticks: number[]; axis: Axis } {
  const ticks = linearTicks(0, max, 4);
  return { ticks, axis: { title, values: ticks, labelExpr: labelExpr(ticks, (x) => `${formatNumber(x * 100)}%`) } };
}

/** Where v falls along an axis over [lo, hi], from 0 (left) to 1 (right). */
export function axisFraction(v: number, lo: number, hi: number, scale: 'log' | 'linear'): number {
  return scale === 'log' ? Math.log(v / lo) / Math.log(hi / lo) : (v - lo) / (hi - lo);
}

/**
 * How to align a label at a point so it stays inside a chart that may be phone-narrow:
 * growing away from the nearer edge. `preferred` is used in the middle.
 */
export function alignAway(t: number, preferred: 'left' | 'center' | 'right'): { align: 'left' | 'center' | 'right'; dx: number } {
  const align = t < 0.25 ? 'left' : t > 0.75 ? 'right' : preferred;
  return { align, dx: align === 'left' ? 4 : align === 'right' ? -4 : 0 };
}

/**
 * A log x axis for ratios to a median, labelled ×0.5, ×1, ×2...: wide enough for every row's
 * P5 to P95 and never narrower than ×1/1.5 to ×1.5, with 15% of room at each end.
 */
export function ratioAxis(rows: readonly { p5: number; p95: number }[], title: string) {
  const lo = Math.min(1 / 1.5, ...rows.map((r) => r.p5)) / 1.15;
  const hi = Math.max(1.5, ...rows.map((r) => r.p95)) * 1.15;
  const ticks = logTicks(lo, hi);
  return {
    type: 'quantitative' as const,
    scale: { type: 'log' as const, domain: [lo, hi], nice: false },
    axis: { title, values: ticks, labelExpr: labelExpr(ticks, (t) => `×${formatNumber(t)}`) },
  };
}
