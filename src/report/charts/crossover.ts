/**
 * The seed article's first chart with its uncertainty: cumulative inference compute grows with
 * the output generated (a straight line on log-log axes) until it crosses the one-off training
 * compute. Drawn for Sora (per video minute) and for DiT-XL/2 (per image).
 */
import type { RunResult } from '../../engine/types.js';
import { formatQuantity } from '../../format.js';
import { alignAway, axisFor, axisFraction, decadeDomain } from './axis.js';
import { ACCENT, CONFIG, SECOND } from './theme.js';
import { SCHEMA, type Layer, type TopLevelSpec } from './types.js';

interface Series {
  model: string;
  /** What x counts for this model. */
  per: string;
  color: string;
  inference: { p5: number; p50: number; p95: number };
  training: { p5: number; p50: number; p95: number };
  crossover: { p5: number; p50: number; p95: number };
}

/**
 * DiT-XL/2's training compute: the assumption dit_training_flops converted to hardware FLOP by
 * flops_per_mac, as dit_crossover_images does. Taken from the assumption summaries at
 * flops_per_mac's P50 (the two are independent, so the band is exact only when it is fixed).
 */
export function ditTrainingBand(result: RunResult): { p5: number; p50: number; p95: number } | undefined {
  const dit = result.assumptions.dit_training_flops;
  if (!dit) return undefined;
  const perMac = result.assumptions.flops_per_mac?.percentiles.p50 ?? 1;
  return { p5: dit.percentiles.p5 * perMac, p50: dit.percentiles.p50 * perMac, p95: dit.percentiles.p95 * perMac };
}

function seriesOf(result: RunResult): Series[] {
  const o = result.outputs;
  const series: Series[] = [];
  if (o.flops_per_video_minute && o.training_flops && o.crossover_video_minutes) {
    series.push({
      model: 'Sora',
      per: 'video minutes',
      color: ACCENT,
      inference: o.flops_per_video_minute.percentiles,
      training: o.training_flops.percentiles,
      crossover: o.crossover_video_minutes.percentiles,
    });
  }
  const ditTraining = ditTrainingBand(result);
  if (o.dit_flops_per_image && o.dit_crossover_images && ditTraining) {
    series.push({
      model: 'DiT-XL/2',
      per: 'images',
      color: SECOND,
      inference: o.dit_flops_per_image.percentiles,
      training: ditTraining,
      crossover: o.dit_crossover_images.percentiles,
    });
  }
  return series;
}

export function crossoverChart(result: RunResult): TopLevelSpec {
  const series = seriesOf(result);
  if (series.length === 0) throw new Error('crossover chart: the run lacks the training and inference outputs');
  const [x0, x1] = decadeDomain(
    Math.min(...series.map((s) => s.crossover.p5)),
    Math.max(...series.map((s) => s.crossover.p95)),
    1,
  );
  const [y0, y1] = decadeDomain(
    Math.min(...series.map((s) => Math.min(s.inference.p5 * x0, s.training.p5))),
    Math.max(...series.map((s) => Math.max(s.inference.p95 * x1, s.training.p95))),
  );
  const xAxis = axisFor(x0, x1, 'log', '', 'video minutes (Sora) or images (DiT-XL/2), log scale');
  const yAxis = axisFor(y0, y1, 'log', 'FLOP', 'cumulative FLOP, log scale');
  const x = { type: 'quantitative' as const, scale: { type: 'log' as const, domain: [x0, x1], nice: false }, axis: xAxis.axis };
  const y = { type: 'quantitative' as const, scale: { type: 'log' as const, domain: [y0, y1], nice: false }, axis: yAxis.axis };
  const color = {
    field: 'model',
    type: 'nominal' as const,
    scale: { domain: series.map((s) => s.model), range: series.map((s) => s.color) },
    legend: { title: null, symbolOpacity: 1 },
  };

  const training = series.map((s) => ({
    model: s.model,
    x0,
    x1,
    ...s.training,
    tooltip: `${s.model} training: P50 ${formatQuantity(s.training.p50, 'FLOP')} (P5–P95 ${formatQuantity(s.training.p5, 'FLOP')} to ${formatQuantity(s.training.p95, 'FLOP')})`,
  }));
  // Inference compute is linear in output, so two points per series draw it exactly.
  const inference = series.flatMap((s) =>
    [x0, x1].map((n) => ({
      model: s.model,
      n,
      lo: s.inference.p5 * n,
      mid: s.inference.p50 * n,
      hi: s.inference.p95 * n,
      tooltip: `${s.model} inference: ${formatQuantity(s.inference.p50, 'FLOP')} per ${s.per === 'images' ? 'image' : 'video minute'} at P50`,
    })),
  );
  const crossings = series.map((s, i) => ({
    model: s.model,
    ...s.crossover,
    y: s.training.p50,
    label: `${s.model} P50: ${formatQuantity(s.crossover.p50, '')} ${s.per === 'images' ? 'images' : 'min'}`,
    // The first series' label above its crossing, the second's below: they never share a line.
    dy: i === 0 ? -12 : 18,
    ...alignAway(axisFraction(s.crossover.p50, x0, x1, 'log'), 'center'),
    tooltip: `${s.model} crossover: P5 ${formatQuantity(s.crossover.p5, '')}, P50 ${formatQuantity(s.crossover.p50, '')}, P95 ${formatQuantity(s.crossover.p95, '')} ${s.per}`,
  }));

  const layers: Layer[] = [
    {
      data: { values: training },
      mark: { type: 'rect', opacity: 0.12 },
      encoding: { x: { field: 'x0', ...x }, x2: { field: 'x1' }, y: { field: 'p5', ...y }, y2: { field: 'p95' }, color, tooltip: { field: 'tooltip', type: 'nominal' } },
    },
    {
      data: { values: training },
      mark: { type: 'rule', strokeDash: [5, 3], strokeWidth: 1.5 },
      encoding: { x: { field: 'x0', ...x }, x2: { field: 'x1' }, y: { field: 'p50', ...y }, color },
    },
    {
      data: { values: inference },
      mark: { type: 'area', opacity: 0.22 },
      encoding: { x: { field: 'n', ...x }, y: { field: 'lo', ...y }, y2: { field: 'hi' }, color, detail: { field: 'model' } },
    },
    {
      data: { values: inference },
      mark: { type: 'line', strokeWidth: 2 },
      encoding: { x: { field: 'n', ...x }, y: { field: 'mid', ...y }, color, tooltip: { field: 'tooltip', type: 'nominal' } },
    },
    {
      data: { values: crossings },
      mark: { type: 'rule', strokeWidth: 3, opacity: 0.7 },
      encoding: { x: { field: 'p5', ...x }, x2: { field: 'p95' }, y: { field: 'y', ...y }, color },
    },
    {
      data: { values: crossings },
      mark: { type: 'point', filled: true, size: 70, stroke: '#ffffff', strokeWidth: 1.5, opacity: 1 },
      encoding: { x: { field: 'p50', ...x }, y: { field: 'y', ...y }, color, tooltip: { field: 'tooltip', type: 'nominal' } },
    },
    ...crossings.map(
      (c, i): Layer => ({
        data: { values: [c] },
        mark: { type: 'text', align: c.align, dx: c.dx, dy: c.dy, fontWeight: 'bold', color: series[i].color },
        encoding: { x: { field: 'p50', ...x }, y: { field: 'y', ...y }, text: { field: 'label' } },
      }),
    ),
  ];
  return { $schema: SCHEMA, config: CONFIG, width: 'container', height: 360, layer: layers };
}
