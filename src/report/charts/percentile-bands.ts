/**
 * The key outputs' spreads side by side. Their units differ, so each is divided by its own
 * P50: the chart shows how many times the median each band reaches. Each row is labelled
 * above its band, so the bands keep the full width even on a phone.
 */
import type { RunResult } from '../../engine/types.js';
import { formatQuantity } from '../../format.js';
import { bareQuantity, ratioAxis } from './axis.js';
import { ACCENT, ACCENT_LIGHT, INK } from './theme.js';
import { rowsChart } from './rows.js';
import type { TopLevelSpec } from './types.js';

export const BAND_OUTPUTS = [
  'gpus_peak',
  'crossover_video_minutes',
  'crossover_days',
  'training_flops',
  'training_gpus',
  'training_cost_usd',
  'flops_per_video_minute',
  'cost_per_video_minute_usd',
] as const;

const ROW = 62;

export function percentileBandsChart(result: RunResult): TopLevelSpec {
  const rows = BAND_OUTPUTS.flatMap((name) => {
    const out = result.outputs[name];
    if (!out) return [];
    const p = out.percentiles;
    // A ratio to P50 needs positive values; every key output is positive in any valid scenario.
    if (!(p.p5 > 0 && p.p50 > 0)) return [];
    const q = (x: number) => formatQuantity(x, out.unit);
    const bare = (x: number) => bareQuantity(x, out.unit);
    return [
      {
        name,
        p5: p.p5 / p.p50,
        p25: p.p25 / p.p50,
        p75: p.p75 / p.p50,
        p95: p.p95 / p.p50,
        // Two lines (Vega draws an array as lines): narrow screens have room for neither on one.
        label: [name, `P50 ${q(p.p50)}, P5–P95 ${bare(p.p5)} to ${bare(p.p95)}`],
        tooltip: `${name}: P5 ${q(p.p5)}, P25 ${q(p.p25)}, P50 ${q(p.p50)}, P75 ${q(p.p75)}, P95 ${q(p.p95)}`,
      },
    ];
  });
  const x = ratioAxis(rows, 'value ÷ its own P50 (log scale)');
  const y = { field: 'name', type: 'nominal' as const, sort: null, axis: null, scale: { paddingInner: 0, paddingOuter: 0 } };
  // Bands sit in the lower part of each row, under their label.
  const below = 14;
  return rowsChart(rows, ROW, y, [
    {
      mark: { type: 'rule', color: ACCENT_LIGHT, strokeWidth: 2, yOffset: below },
      encoding: { x: { field: 'p5', ...x }, x2: { field: 'p95' } },
    },
    {
      mark: { type: 'bar', color: ACCENT_LIGHT, height: 12, yOffset: below },
      encoding: { x: { field: 'p25', ...x }, x2: { field: 'p75' } },
    },
    { mark: { type: 'tick', color: ACCENT, thickness: 3, size: 18, yOffset: below }, encoding: { x: { datum: 1, ...x } } },
    {
      mark: { type: 'text', align: 'left', baseline: 'middle', color: INK, dy: -16, lineHeight: 14 },
      encoding: { x: { value: 0 }, text: { field: 'label' } },
    },
  ]);
}
