/**
 * A fan chart of one output across a sweep: the varied assumption along x, the output up y,
 * P5 to P95 as a light band, P25 to P75 as a darker one and P50 as a line with a dot per
 * point. A dashed rule marks the scenario's own median of the varied assumption.
 */
import { formatQuantity } from '../../format.js';
import type { SweepResult } from '../../sweep/sweep.js';
import { axisFor } from './axis.js';
import { ACCENT, ACCENT_LIGHT, ARTICLE, CONFIG } from './theme.js';
import { SCHEMA, type TopLevelSpec } from './types.js';

/** A log y axis once the fan spans more than this factor; linear below, where it reads better. */
const LOG_SPAN = 10;

/** A scale over exactly [lo, hi]; `zero` exists only for linear scales (vega-lite warns otherwise). */
const scale = (type: 'log' | 'linear', lo: number, hi: number) => ({ type, domain: [lo, hi], nice: false, ...(type === 'linear' ? { zero: false } : {}) });

export function fanChart(result: SweepResult, output: string): TopLevelSpec {
  const unit = result.outputs[output].unit;
  const xUnit = result.vary_unit;
  const q = (x: number) => formatQuantity(x, unit);
  const rows = result.points.map(({ value, outputs }) => {
    const p = outputs[output].percentiles;
    return {
      value,
      p5: p.p5,
      p25: p.p25,
      p50: p.p50,
      p75: p.p75,
      p95: p.p95,
      tooltip: `${result.vary} ${formatQuantity(value, xUnit)}: P5 ${q(p.p5)}, P25 ${q(p.p25)}, P50 ${q(p.p50)}, P75 ${q(p.p75)}, P95 ${q(p.p95)}`,
    };
  });

  const xs = rows.map((r) => r.value);
  const [xLo, xHi] = [Math.min(...xs), Math.max(...xs)];
  const x = axisFor(xLo, xHi, result.spacing, xUnit, `${result.vary} [${xUnit}]${result.spacing === 'log' ? ' (log scale)' : ''}`);
  const xEncoding = {
    field: 'value',
    type: 'quantitative' as const,
    scale: scale(result.spacing, xLo, xHi),
    axis: x.axis,
  };

  const lo = Math.min(...rows.map((r) => r.p5));
  const hi = Math.max(...rows.map((r) => r.p95));
  const yScale = lo > 0 && hi / lo > LOG_SPAN ? 'log' : 'linear';
  // Some room above P95 and below P5; a flat fan (every draw the same) still needs room to be drawn.
  const pad = (hi - lo) * 0.05;
  const [yLo, yHi] = !(hi > lo) ? [lo * 0.9 || -1, hi * 1.1 || 1] : yScale === 'log' ? [lo / 1.15, hi * 1.15] : [lo - pad, hi + pad];
  const y = axisFor(yLo, yHi, yScale, unit, `${output} [${unit}]${yScale === 'log' ? ' (log scale)' : ''}`);
  const yEncoding = {
    type: 'quantitative' as const,
    scale: scale(yScale, yLo, yHi),
    axis: y.axis,
  };

  const median = result.replaces.median;
  const showMedian = median >= xLo && median <= xHi;
  return {
    $schema: SCHEMA,
    config: CONFIG,
    width: 'container',
    height: 260,
    layer: [
      {
        data: { values: rows },
        encoding: { x: xEncoding, tooltip: { field: 'tooltip', type: 'nominal' } },
        layer: [
          { mark: { type: 'area', color: ACCENT_LIGHT, opacity: 0.45 }, encoding: { y: { field: 'p5', ...yEncoding }, y2: { field: 'p95' } } },
          { mark: { type: 'area', color: ACCENT_LIGHT, opacity: 0.9 }, encoding: { y: { field: 'p25', ...yEncoding }, y2: { field: 'p75' } } },
          { mark: { type: 'line', color: ACCENT, strokeWidth: 2, point: { color: ACCENT, size: 24 } }, encoding: { y: { field: 'p50', ...yEncoding } } },
        ],
      },
      ...(showMedian
        ? [
            {
              data: { values: [{ value: median, tooltip: `the scenario's median ${result.vary}: ${formatQuantity(median, xUnit)}` }] },
              mark: { type: 'rule' as const, color: ARTICLE, strokeDash: [4, 3] },
              encoding: { x: xEncoding, tooltip: { field: 'tooltip', type: 'nominal' as const } },
            },
          ]
        : []),
    ],
  } as TopLevelSpec;
}
