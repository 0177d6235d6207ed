/**
 * A tornado: one row per assumption, largest swing on top, a bar from the output's P50 to its
 * P50 with the assumption held at its own P10 and another to its P90, every other assumption
 * still uncertain. The values are the JSON's, so the chart and `--json` agree.
 */
import { formatQuantity } from '../../format.js';
import { axisFor } from './axis.js';
import { ACCENT, ACCENT_LIGHT, CONFIG, INK, SECOND } from './theme.js';
import { SCHEMA, type TopLevelSpec } from './types.js';

export interface TornadoBar {
  assumption: string;
  low: number;
  high: number;
}

/** Rows a tornado shows; the rest swing less than the last shown. */
export const TORNADO_ROWS = 10;
const ROW = 26;
/** Pixels for assumption names: the longest canonical name, youtube_minutes_per_day, whole. */
const LABEL_LIMIT = 260;

/** Bars sorted by swing (largest first), at most TORNADO_ROWS; the ones that do not move the output left out. */
export function tornadoBars(inputs: Record<string, { tornado?: { low: number; high: number } }>, logScale: boolean): TornadoBar[] {
  const swing = (b: TornadoBar) => (logScale ? Math.abs(Math.log(b.high / b.low)) : Math.abs(b.high - b.low));
  return Object.entries(inputs)
    .flatMap(([assumption, x]) => (x.tornado && x.tornado.low !== x.tornado.high ? [{ assumption, ...x.tornado }] : []))
    .sort((a, b) => swing(b) - swing(a))
    .slice(0, TORNADO_ROWS);
}

export function tornadoChart(bars: readonly TornadoBar[], p50: number, unit: string, logScale: boolean, output: string): TopLevelSpec {
  const values = [p50, ...bars.flatMap((b) => [b.low, b.high])];
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const scale = logScale && lo > 0 ? 'log' : 'linear';
  const pad = scale === 'log' ? [lo / 1.15, hi * 1.15] : [lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo)];
  const { axis } = axisFor(pad[0], pad[1], scale, unit, `${output} P50 [${unit}]`);
  const rows = bars.map((b) => ({
    ...b,
    p50,
    tooltip: `${b.assumption}: P50 ${formatQuantity(b.low, unit)} at its P10, ${formatQuantity(b.high, unit)} at its P90 (${formatQuantity(p50, unit)} with it uncertain)`,
  }));
  const x = { type: 'quantitative' as const, scale: { type: scale, domain: pad, nice: false }, axis };
  const y = { field: 'assumption', type: 'nominal' as const, sort: null, title: null, axis: { labelLimit: LABEL_LIMIT } };
  const tooltip = { field: 'tooltip', type: 'nominal' as const };
  return {
    $schema: SCHEMA,
    config: CONFIG,
    width: 'container',
    height: ROW * rows.length,
    data: { values: rows },
    layer: [
      { mark: { type: 'bar', color: ACCENT_LIGHT, height: 14 }, encoding: { y, x: { field: 'p50', ...x }, x2: { field: 'low' }, tooltip } },
      { mark: { type: 'bar', color: ACCENT, height: 14 }, encoding: { y, x: { field: 'p50', ...x }, x2: { field: 'high' }, tooltip } },
      // Without a y of its own the rule spans the chart's height: the P50 with everything uncertain.
      { mark: { type: 'rule', color: INK, strokeWidth: 1 }, encoding: { x: { datum: p50, ...x } } },
    ],
  } as TopLevelSpec;
}

/** Sobol first-order and total indices per assumption, each a bar with its 95% interval as a whisker. */
export function sobolChart(rows: readonly { assumption: string; first: number; first_ci95: [number, number]; total: number; total_ci95: [number, number] }[]): TopLevelSpec {
  const data = rows.flatMap((r) => [
    { assumption: r.assumption, index: 'first order', value: r.first, lo: r.first_ci95[0], hi: r.first_ci95[1] },
    { assumption: r.assumption, index: 'total effect', value: r.total, lo: r.total_ci95[0], hi: r.total_ci95[1] },
  ]).map((d) => ({ ...d, tooltip: `${d.assumption}, ${d.index}: ${d.value.toFixed(3)} (95% interval ${d.lo.toFixed(3)} to ${d.hi.toFixed(3)})` }));
  const max = Math.max(0.1, ...data.map((d) => d.hi));
  const min = Math.min(0, ...data.map((d) => d.lo));
  const x = { type: 'quantitative' as const, scale: { domain: [min, Math.min(1.05, max * 1.05)], nice: false }, axis: { title: 'Sobol index (share of variance)', format: '.2f' } };
  const color = { field: 'index', type: 'nominal' as const, scale: { domain: ['first order', 'total effect'], range: [ACCENT_LIGHT, SECOND] }, legend: { title: null } };
  return {
    $schema: SCHEMA,
    config: CONFIG,
    width: 'container',
    height: 2 * 14 * rows.length + 8 * rows.length,
    data: { values: data },
    encoding: {
      y: { field: 'assumption', type: 'nominal', sort: null, title: null, axis: { labelLimit: LABEL_LIMIT } },
      yOffset: { field: 'index', type: 'nominal', sort: ['first order', 'total effect'] },
      tooltip: { field: 'tooltip', type: 'nominal' },
    },
    layer: [
      { mark: { type: 'bar', height: 10 }, encoding: { x: { field: 'value', ...x }, x2: { datum: 0 }, color } },
      { mark: { type: 'rule', color: INK }, encoding: { x: { field: 'lo', ...x }, x2: { field: 'hi' } } },
    ],
  } as TopLevelSpec;
}
