/**
 * One assumption's prior beside its posterior under evidence: the probability of each bin of
 * the prior's histogram, from the distribution (light bars) and from the accepted draws
 * (orange outline), with both medians.
 */
import type { AssumptionSummary } from '../../engine/types.js';
import { formatQuantity } from '../../format.js';
import { axisFor } from './axis.js';
import { ACCENT, ACCENT_LIGHT, ARTICLE, CONFIG } from './theme.js';
import { SCHEMA, type TopLevelSpec } from './types.js';

export function posteriorChart(name: string, a: AssumptionSummary): TopLevelSpec | undefined {
  const posterior = a.posterior;
  const { edges, counts, scale } = a.histogram;
  const lo = edges[0];
  const hi = edges[edges.length - 1];
  if (!posterior || !(hi > lo)) return undefined;
  const q = (x: number) => formatQuantity(x, a.unit);
  const bins = counts.flatMap((p, k) => [
    { lo: edges[k], hi: edges[k + 1], p, which: 'prior', tooltip: `prior, ${q(edges[k])} to ${q(edges[k + 1])}: ${formatQuantity(p, '')}` },
    {
      lo: edges[k],
      hi: edges[k + 1],
      p: posterior.histogram.counts[k],
      which: 'posterior',
      tooltip: `posterior, ${q(edges[k])} to ${q(edges[k + 1])}: ${formatQuantity(posterior.histogram.counts[k], '')}`,
    },
  ]);
  const { axis } = axisFor(lo, hi, scale, a.unit, '');
  const x = { type: 'quantitative' as const, scale: { type: scale, domain: [lo, hi], nice: false }, axis: { ...axis, title: null, labelFontSize: 10, grid: false } };
  const y = { field: 'p', type: 'quantitative' as const, axis: null, scale: { domainMin: 0 } };
  const medians = [
    { v: a.percentiles.p50, color: ACCENT, tooltip: `${name} prior P50: ${q(a.percentiles.p50)}` },
    { v: posterior.percentiles.p50, color: ARTICLE, tooltip: `${name} posterior P50: ${q(posterior.percentiles.p50)}` },
  ];
  return {
    $schema: SCHEMA,
    config: CONFIG,
    width: 'container',
    height: 90,
    layer: [
      {
        data: { values: bins.filter((b) => b.which === 'prior') },
        mark: { type: 'rect', color: ACCENT_LIGHT, stroke: '#ffffff', strokeWidth: 0.5 },
        encoding: { x: { field: 'lo', ...x }, x2: { field: 'hi' }, y, tooltip: { field: 'tooltip', type: 'nominal' } },
      },
      {
        data: { values: bins.filter((b) => b.which === 'posterior') },
        mark: { type: 'rect', fill: ARTICLE, fillOpacity: 0.25, stroke: ARTICLE, strokeWidth: 1 },
        encoding: { x: { field: 'lo', ...x }, x2: { field: 'hi' }, y, tooltip: { field: 'tooltip', type: 'nominal' } },
      },
      {
        data: { values: medians },
        mark: { type: 'rule', strokeWidth: 1.5 },
        encoding: { x: { field: 'v', ...x }, color: { field: 'color', type: 'nominal', scale: null }, tooltip: { field: 'tooltip', type: 'nominal' } },
      },
    ],
  } as TopLevelSpec;
}

/**
 * How far the evidence moved an assumption: its median's shift over the prior's P5 to P95
 * width, plus the log of how much that width shrank or grew.
 */
export function movement(a: AssumptionSummary): number {
  const post = a.posterior;
  if (!post) return 0;
  const width = a.percentiles.p95 - a.percentiles.p5;
  const postWidth = post.percentiles.p95 - post.percentiles.p5;
  if (!(width > 0)) return 0;
  const shift = Math.abs(post.percentiles.p50 - a.percentiles.p50) / width;
  return shift + (postWidth > 0 ? Math.abs(Math.log(postWidth / width)) : 0);
}
