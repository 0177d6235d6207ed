/**
 * A small histogram of one uncertain assumption: the probability of each bin, from the
 * distribution itself rather than from draws. Discrete assumptions get a bar per value.
 */
import type { AssumptionSummary } from '../../engine/types.js';
import { formatQuantity } from '../../format.js';
import { axisFor, bareQuantity, labelExpr } from './axis.js';
import { binBarsLayer } from './distribution.js';
import { ACCENT, CONFIG } from './theme.js';
import { SCHEMA, type TopLevelSpec } from './types.js';

export function assumptionChart(name: string, a: AssumptionSummary): TopLevelSpec | undefined {
  const { edges, counts, scale } = a.histogram;
  const lo = edges[0];
  const hi = edges[edges.length - 1];
  if (a.fixed || !(hi > lo)) return undefined;
  // A bar per value where the histogram has one (run.ts: a few dozen distinct values at most).
  const values = a.spec.dist === 'discrete' ? [...new Set(a.spec.values)].sort((x, y) => x - y) : [];
  const discrete = values.length === counts.length;
  const q = (x: number) => formatQuantity(x, a.unit);
  const bins = counts.map((p, k) => {
    // Bins are centred between neighbours, not on uneven values: label each bar with its value.
    const mid = discrete ? values[k] : (edges[k] + edges[k + 1]) / 2;
    // Discrete bins are centred on their values; narrow bars read as point masses.
    const half = discrete ? (edges[k + 1] - edges[k]) * 0.2 : 0;
    return {
      lo: discrete ? mid - half : edges[k],
      hi: discrete ? mid + half : edges[k + 1],
      p,
      tooltip: discrete
        ? `${q(mid)}: probability ${formatQuantity(p, '')}`
        : `${q(edges[k])} to ${q(edges[k + 1])}: probability ${formatQuantity(p, '')}`,
    };
  });
  const ticks = discrete
    ? { ticks: values, axis: { title: null, values, labelExpr: labelExpr(values, (x) => bareQuantity(x, a.unit)) } }
    : axisFor(lo, hi, scale, a.unit, '');
  const x = {
    type: 'quantitative' as const,
    scale: { type: scale, domain: [lo, hi], nice: false },
    axis: { ...ticks.axis, title: null, labelFontSize: 10, grid: false },
  };
  return {
    $schema: SCHEMA,
    config: CONFIG,
    width: 'container',
    height: 70,
    layer: [
      binBarsLayer(bins, x, { field: 'p', type: 'quantitative', axis: null, scale: { domainMin: 0 } }),
      {
        data: { values: [{ v: a.percentiles.p50, tooltip: `${name} P50: ${q(a.percentiles.p50)}` }] },
        mark: { type: 'rule', color: ACCENT, strokeWidth: 1.5 },
        encoding: { x: { field: 'v', ...x }, tooltip: { field: 'tooltip', type: 'nominal' } },
      },
    ],
  };
}
