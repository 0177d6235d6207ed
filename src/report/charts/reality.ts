/**
 * One reality check as a chart: a row per published figure, each drawn over this run's P5–P95
 * band (shaded) and P50 (tick), labelled with the model, its date and where it falls.
 */
import { formatQuantity } from '../../format.js';
import type { RealityCheck } from '../reality.js';
import { axisFor, decadeDomain } from './axis.js';
import { ACCENT, ACCENT_LIGHT, ARTICLE, INK } from './theme.js';
import { rowsChart } from './rows.js';
import type { TopLevelSpec } from './types.js';

const ROW = 44;

export function realityChart(check: RealityCheck): TopLevelSpec {
  const q = (x: number) => formatQuantity(x, check.unit);
  const { p5, p50, p95 } = check.band;
  const rows = check.points.map((p) => ({
    label: p.label,
    value: p.value,
    p5,
    p50,
    p95,
    text: `${p.label}: ${q(p.value)}, ${p.placement === 'inside' ? (check.band.constant ? 'equal to this run' : 'inside the band') : p.placement}`,
    tooltip: `${p.detail}. Source: ${p.source}`,
  }));
  const [lo, hi] = decadeDomain(Math.min(p5, ...rows.map((r) => r.value)), Math.max(p95, ...rows.map((r) => r.value)));
  const { axis } = axisFor(lo, hi, 'log', check.unit, `${check.output} (${check.unit}, log scale)`);
  const x = { type: 'quantitative' as const, scale: { type: 'log' as const, domain: [lo, hi], nice: false }, axis };
  const y = { field: 'label', type: 'nominal' as const, sort: null, axis: null, scale: { paddingInner: 0, paddingOuter: 0 } };
  const below = 9;
  return rowsChart(rows, ROW, y, [
    {
      mark: { type: 'bar', color: ACCENT_LIGHT, opacity: 0.5, height: 14, yOffset: below },
      encoding: { x: { field: 'p5', ...x }, x2: { field: 'p95' } },
    },
    { mark: { type: 'tick', color: ACCENT, thickness: 2, size: 18, yOffset: below }, encoding: { x: { field: 'p50', ...x } } },
    {
      mark: { type: 'point', shape: 'diamond', filled: true, color: ARTICLE, size: 90, opacity: 1, yOffset: below },
      encoding: { x: { field: 'value', ...x } },
    },
    {
      mark: { type: 'text', align: 'left', baseline: 'middle', color: INK, dy: -12 },
      encoding: { x: { value: 0 }, text: { field: 'text' } },
    },
  ]);
}
