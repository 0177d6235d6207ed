/**
 * The seed article's second chart: inference compute per unit of output across modalities,
 * this run's P50 with its P5–P95 range beside the figure the article printed. Rows are
 * labelled above their marks, as in the percentile bands, to keep the full width on a phone.
 */
import type { RunResult } from '../../engine/types.js';
import { formatQuantity } from '../../format.js';
import { findOutput } from '../../model/outputs.js';
import { axisFor, decadeDomain } from './axis.js';
import { ACCENT, ARTICLE, INK } from './theme.js';
import { rowsChart } from './rows.js';
import type { TopLevelSpec } from './types.js';

export const MODALITIES = [
  { output: 'flops_per_video_minute', label: 'one minute of Sora video' },
  { output: 'dit_flops_per_image', label: 'one DiT-XL/2 image' },
  { output: 'gpt4_flops_per_document', label: '1,000 tokens of GPT-4' },
  { output: 'llm_flops_per_document', label: '1,000 tokens of Llama 2 70B' },
] as const;

const ROW = 48;

export function modalitiesChart(result: RunResult): TopLevelSpec {
  // FLOP/min is one video minute's FLOP: the axis is FLOP per unit of output either way.
  const q = (x: number) => formatQuantity(x, 'FLOP');
  const rows = MODALITIES.flatMap(({ output, label }) => {
    const out = result.outputs[output];
    if (!out) return [];
    const p = out.percentiles;
    const printed = findOutput(output)?.article[0]?.printed;
    const range = p.p5 === p.p95 ? 'fixed' : `P5–P95 ${q(p.p5)} to ${q(p.p95)}`;
    return [
      {
        label,
        p5: p.p5,
        p50: p.p50,
        p95: p.p95,
        printed,
        text: `${label}: ${q(p.p50)}${printed !== undefined ? ` (article ${q(printed)})` : ''}`,
        tooltip: `${label}: P50 ${q(p.p50)}, ${range}${printed !== undefined ? `; the article printed ${q(printed)}` : ''}`,
      },
    ];
  });
  const values = rows.flatMap((r) => [r.p5, r.p95, ...(r.printed !== undefined ? [r.printed] : [])]);
  const [lo, hi] = decadeDomain(Math.min(...values), Math.max(...values));
  const { axis } = axisFor(lo, hi, 'log', 'FLOP', 'inference compute per unit of output (FLOP, log scale)');
  const x = { type: 'quantitative' as const, scale: { type: 'log' as const, domain: [lo, hi], nice: false }, axis };
  const y = {
    field: 'label',
    type: 'nominal' as const,
    sort: MODALITIES.map((m) => m.label),
    axis: null,
    scale: { paddingInner: 0, paddingOuter: 0 },
  };
  const below = 10;
  return rowsChart(rows, ROW, y, [
    {
      mark: { type: 'rule', color: ACCENT, strokeWidth: 3, opacity: 0.45, yOffset: below },
      encoding: { x: { field: 'p5', ...x }, x2: { field: 'p95' } },
    },
    {
      mark: { type: 'point', filled: true, color: ACCENT, size: 70, opacity: 1, yOffset: below },
      encoding: { x: { field: 'p50', ...x } },
    },
    {
      mark: { type: 'point', shape: 'diamond', filled: false, color: ARTICLE, size: 110, strokeWidth: 2, opacity: 1, yOffset: below },
      encoding: { x: { field: 'printed', ...x } },
    },
    {
      mark: { type: 'text', align: 'left', baseline: 'middle', color: INK, dy: -10 },
      encoding: { x: { value: 0 }, text: { field: 'text' } },
    },
  ]);
}
