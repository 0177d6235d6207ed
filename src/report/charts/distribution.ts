/**
 * One output's distribution in two charts stacked on the page: its display histogram (share of
 * all draws per bin; bins are equal widths on the axis drawn, log or linear, so bar heights read
 * as density) and its CDF, with P5/P50/P95 marked and the seed article's figures beside them.
 */
import type { OutputSummary, RunResult } from '../../engine/types.js';
import { formatQuantity } from '../../format.js';
import { findOutput } from '../../model/outputs.js';
import { alignAway, axisFor, axisFraction, shareAxis } from './axis.js';
import { ACCENT, ACCENT_LIGHT, ARTICLE, CONFIG, INK, MUTED } from './theme.js';
import { SCHEMA, type Axis, type Layer, type TopLevelSpec } from './types.js';

/** Points of the cumulative share of draws at each bin edge. */
/** The draws an output's summaries are made from: under evidence, those accepted. */
export function drawsOf(result: RunResult): number {
  return result.conditioning?.accepted ?? result.samples;
}

export function cdfPoints(out: OutputSummary, samples: number): { x: number; share: number }[] {
  const { edges, counts } = out.histogram;
  const inside = counts.reduce((s, c) => s + c, 0);
  // The display bins cover P0.1..P99.9; the draws left out are split evenly between the tails.
  let cum = Math.max(0, samples - inside) / 2;
  const points = [{ x: edges[0], share: cum / samples }];
  counts.forEach((c, k) => {
    cum += c;
    points.push({ x: edges[k + 1], share: cum / samples });
  });
  return points;
}

/** Article figures for an output, labelled for the chart. */
function articleMarks(name: string): { x: number; label: string }[] {
  const info = findOutput(name);
  if (!info) return [];
  return info.article.flatMap((a) => {
    const tag = a.dataMultiplier ? ` (data ×${a.dataMultiplier})` : '';
    const printed = { x: a.printed, label: `article ${formatQuantity(a.printed, info.unit)}${tag}` };
    return a.consistent === undefined
      ? [printed]
      : [printed, { x: a.consistent, label: `consistent ${formatQuantity(a.consistent, info.unit)}` }];
  });
}

/** What the histogram and the CDF of one output share: the x axis and the marked values. */
function frame(result: RunResult, name: string) {
  const out = result.outputs[name];
  if (!out) throw new Error(`no output ${name} in this run`);
  const { edges, scale } = out.histogram;
  const lo = edges[0];
  const hi = edges[edges.length - 1];
  const q = (x: number) => formatQuantity(x, out.unit);
  const scaleLabel = scale === 'log' ? ', log scale' : '';
  const { axis } = axisFor(lo, hi, scale, out.unit, `${name} (${out.unit}${scaleLabel})`);
  const x: X = { type: 'quantitative', scale: { type: scale, domain: [lo, hi], nice: false }, axis };
  const p = out.percentiles;
  const at = (v: number, preferred: 'left' | 'center' | 'right') => alignAway(axisFraction(v, lo, hi, scale), preferred);
  // One line each above the plot, so labels never collide however narrow the chart.
  const marks: Mark[] = [
    { x: p.p95, label: `P95 ${q(p.p95)}`, ...at(p.p95, 'right'), dy: -28 },
    { x: p.p50, label: `P50 ${q(p.p50)}`, ...at(p.p50, 'center'), dy: -15 },
    { x: p.p5, label: `P5 ${q(p.p5)}`, ...at(p.p5, 'left'), dy: -2 },
  ];
  return { out, q, lo, hi, scale, x, marks, constant: out.constant || !(hi > lo) };
}

/**
 * Histogram bars from bins with `lo`, `hi`, `tooltip` and the `y` field: shared by output and
 * assumption histograms, so bins look the same everywhere.
 */
export function binBarsLayer(bins: object[], x: object, y: object): Layer {
  return {
    data: { values: bins },
    mark: { type: 'rect', color: ACCENT_LIGHT, stroke: '#ffffff', strokeWidth: 0.5 },
    encoding: {
      x: { field: 'lo', ...x },
      x2: { field: 'hi' },
      y,
      tooltip: { field: 'tooltip', type: 'nominal' },
    },
  } as Layer;
}

/** Same width for every y axis, so a histogram and its CDF stacked on the page line up. */
const Y_EXTENT = { minExtent: 46, maxExtent: 46 };

export function histogramChart(result: RunResult, name: string): TopLevelSpec {
  const { out, q, x, marks, constant } = frame(result, name);
  if (constant) return constantChart(name, out);
  const { edges, counts } = out.histogram;
  const bins = counts.map((c, k) => ({
    lo: edges[k],
    hi: edges[k + 1],
    share: c / drawsOf(result),
    tooltip: `${q(edges[k])} to ${q(edges[k + 1])}: ${formatQuantity((100 * c) / drawsOf(result), '')}% of draws`,
  }));
  const share = shareAxis(Math.max(...bins.map((b) => b.share)), 'share of draws per bin');
  return {
    $schema: SCHEMA,
    config: CONFIG,
    width: 'container',
    height: 150,
    layer: [
      binBarsLayer(bins, x, {
        field: 'share',
        type: 'quantitative',
        scale: { domain: [0, share.ticks[share.ticks.length - 1]] },
        axis: { ...share.axis, ...Y_EXTENT },
      }),
      ...percentileLayers(marks, x),
    ],
  };
}

export function cdfChart(result: RunResult, name: string): TopLevelSpec {
  const { out, lo, hi, scale, x, marks, constant } = frame(result, name);
  if (constant) return constantChart(name, out);
  const article = articleMarks(name)
    .filter((a) => a.x >= lo && a.x <= hi)
    .map((a) => ({ ...a, ...alignAway(axisFraction(a.x, lo, hi, scale), 'left') }));
  return {
    $schema: SCHEMA,
    config: CONFIG,
    width: 'container',
    height: 120,
    layer: [
      {
        data: { values: cdfPoints(out, drawsOf(result)) },
        mark: { type: 'line', color: ACCENT, strokeWidth: 2 },
        encoding: {
          x: { field: 'x', ...x },
          y: {
            field: 'share',
            type: 'quantitative',
            scale: { domain: [0, 1] },
            axis: { ...shareAxis(1, 'share of draws at or below').axis, ...Y_EXTENT },
          },
        },
      },
      ...percentileLayers(marks, x, false),
      ...(article.length ? articleLayers(article, x) : []),
    ],
  };
}

type X = { type: 'quantitative'; scale: { type: 'log' | 'linear'; domain: number[]; nice: boolean }; axis: Axis | null };
type Mark = { x: number; label: string; align: 'left' | 'center' | 'right'; dx: number; dy: number };

function percentileLayers(marks: Mark[], x: X, labels = true): Layer[] {
  const rule: Layer = {
    data: { values: marks },
    mark: { type: 'rule', color: ACCENT, strokeWidth: 1.5, opacity: labels ? 0.9 : 0.35 },
    encoding: { x: { field: 'x', ...x } },
  };
  if (!labels) return [rule];
  return [
    rule,
    ...marks.map(
      (m): Layer => ({
        data: { values: [m] },
        mark: {
          type: 'text',
          align: m.align,
          baseline: 'bottom',
          dx: m.dx,
          dy: m.dy,
          color: INK,
        },
        encoding: { x: { field: 'x', ...x }, y: { value: 0 }, text: { field: 'label' } },
      }),
    ),
  ];
}

function articleLayers(marks: { x: number; label: string; align: 'left' | 'center' | 'right'; dx: number }[], x: X): Layer[] {
  return [
    {
      data: { values: marks },
      mark: { type: 'rule', color: ARTICLE, strokeDash: [4, 3], strokeWidth: 1.5 },
      encoding: { x: { field: 'x', ...x } },
    },
    // Stacked up from the bottom, right of their rules, so neighbouring figures stay apart.
    ...marks.map(
      (m, i): Layer => ({
        data: { values: [m] },
        mark: { type: 'text', align: m.align, dx: m.dx, dy: -4 - 14 * i, baseline: 'bottom', color: ARTICLE },
        encoding: { x: { field: 'x', ...x }, y: { value: 'height' }, text: { field: 'label' } },
      }),
    ),
  ];
}

/** An output every draw agrees on: one value, drawn as one rule. */
function constantChart(name: string, out: OutputSummary): TopLevelSpec {
  const v = out.percentiles.p50;
  return {
    $schema: SCHEMA,
    config: CONFIG,
    width: 'container',
    height: 40,
    data: { values: [{ v, label: `${name} is constant in this scenario: ${formatQuantity(v, out.unit)}` }] },
    layer: [{ mark: { type: 'text', align: 'left', color: MUTED }, encoding: { x: { value: 0 }, y: { value: 20 }, text: { field: 'label' } } }],
  };
}
