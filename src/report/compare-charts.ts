/**
 * The charts of a comparison page, each a vega-lite spec built by one function from the
 * CompareResult (and, for the curves, the draws' shapes in CompareDetail). Files are told
 * apart by colour, in command-line order, the reference first.
 */
import type { Attribution, CompareDetail, CompareResult } from '../compare/types.js';
import { formatNumber, formatQuantity } from '../format.js';
import { findOutput } from '../model/outputs.js';
import { axisFor, labelExpr, logTicks, ratioAxis, shareAxis } from './charts/axis.js';
import { ACCENT, ARTICLE, CONFIG, INK, MUTED, RULE, SECOND } from './charts/theme.js';
import { SCHEMA, type TopLevelSpec } from './charts/types.js';

/** Waterfall bars: apart from every file colour, so a bar is never read as a file. */
const RAISES = '#a8322d';
const LOWERS = '#2f6f4f';

export const FILE_COLORS = [ACCENT, ARTICLE, SECOND, '#7b4f9d', '#c23b5a', '#2a9d8f', '#8c6d1f', '#555f6b'] as const;

/** "A: Baseline": how a file is named in legends. */
export function fileKey(result: CompareResult, f: number): string {
  return `${result.files[f].label}: ${result.files[f].name}`;
}

function colorOf(result: CompareResult) {
  return {
    field: 'file',
    type: 'nominal' as const,
    sort: null,
    scale: { domain: result.files.map((_, f) => fileKey(result, f)), range: FILE_COLORS.slice(0, result.files.length) },
    legend: { title: null, labelLimit: 320 },
  };
}

function unitOf(output: string): string {
  return findOutput(output)?.unit ?? '';
}

/** An output every file's draws agree on: said in words, since a curve would be a point. */
function constantChart(output: string, value: number): TopLevelSpec {
  return {
    $schema: SCHEMA,
    config: CONFIG,
    width: 'container',
    height: 30,
    data: { values: [{ label: `${output} is ${formatQuantity(value, unitOf(output))} in every draw of every file` }] },
    mark: { type: 'text', align: 'left', color: MUTED },
    encoding: { x: { value: 0 }, y: { value: 15 }, text: { field: 'label' } },
  };
}

/** The x axis the CDF and the density of one output share. */
function valueAxis(output: string, shape: CompareDetail['outputs'][string]) {
  const { edges, scale } = shape.density;
  const lo = edges[0];
  const hi = edges[edges.length - 1];
  const unit = unitOf(output);
  const { axis } = axisFor(lo, hi, scale, unit, `${output} (${unit}${scale === 'log' ? ', log scale' : ''})`);
  return { lo, hi, x: { type: 'quantitative' as const, scale: { type: scale, domain: [lo, hi], nice: false }, axis } };
}

/** Overlaid CDFs of one output, one line per file, from P0.1 to P99.9. */
export function cdfOverlayChart(result: CompareResult, detail: CompareDetail, output: string, ps: readonly number[]): TopLevelSpec {
  const shape = detail.outputs[output];
  const { lo, hi, x } = valueAxis(output, shape);
  if (!(hi > lo)) return constantChart(output, lo);
  const unit = unitOf(output);
  const values = shape.quantiles.flatMap((qs, f) =>
    qs.map((v, k) => ({
      file: fileKey(result, f),
      x: v,
      p: ps[k],
      tooltip: `${fileKey(result, f)}: P${formatNumber(100 * ps[k])} = ${formatQuantity(v, unit)}`,
    })),
  );
  return {
    $schema: SCHEMA,
    config: CONFIG,
    width: 'container',
    height: 170,
    data: { values },
    mark: { type: 'line', strokeWidth: 2, interpolate: 'linear' },
    encoding: {
      x: { field: 'x', ...x },
      y: { field: 'p', type: 'quantitative', scale: { domain: [0, 1] }, axis: shareAxis(1, 'share of draws at or below').axis },
      color: colorOf(result),
      detail: { field: 'file', type: 'nominal' },
      tooltip: { field: 'tooltip', type: 'nominal' },
    },
  };
}

/** Overlaid densities of one output: the share of draws per bin, bins shared by all files. */
export function densityOverlayChart(result: CompareResult, detail: CompareDetail, output: string): TopLevelSpec {
  const shape = detail.outputs[output];
  const { lo, hi, x } = valueAxis(output, shape);
  if (!(hi > lo)) return constantChart(output, lo);
  const { edges, shares } = shape.density;
  const unit = unitOf(output);
  const values = shares.flatMap((perBin, f) => [
    ...perBin.map((share, k) => ({
      file: fileKey(result, f),
      x: edges[k],
      share,
      tooltip: `${fileKey(result, f)}: ${formatQuantity(edges[k], unit)} to ${formatQuantity(edges[k + 1], unit)}, ${formatNumber(100 * share)}% of draws`,
    })),
    // The last bin's step needs its right edge.
    { file: fileKey(result, f), x: edges[edges.length - 1], share: perBin[perBin.length - 1], tooltip: '' },
  ]);
  const top = Math.max(...shares.flat());
  const y = shareAxis(top, 'share of draws per bin');
  return {
    $schema: SCHEMA,
    config: CONFIG,
    width: 'container',
    height: 150,
    data: { values },
    mark: { type: 'line', strokeWidth: 1.75, interpolate: 'step-after' },
    encoding: {
      x: { field: 'x', ...x },
      y: { field: 'share', type: 'quantitative', scale: { domain: [0, y.ticks[y.ticks.length - 1]] }, axis: y.axis },
      color: colorOf(result),
      detail: { field: 'file', type: 'nominal' },
      tooltip: { field: 'tooltip', type: 'nominal' },
    },
  };
}

/**
 * Each attributed output's band in every file, side by side, divided by the reference's P50 so
 * outputs in different units share one axis. Thin line P5 to P95, bar P25 to P75, tick P50.
 */
export function percentileBandsCompareChart(result: CompareResult): TopLevelSpec {
  const rows = result.attributed.flatMap((output) => {
    const perFile = result.outputs[output];
    const ref = perFile[0].percentiles.p50;
    if (!(ref > 0)) return [];
    const unit = unitOf(output);
    return perFile.map(({ percentiles: p }, f) => ({
      output,
      file: fileKey(result, f),
      p5: p.p5 / ref,
      p25: p.p25 / ref,
      p50: p.p50 / ref,
      p75: p.p75 / ref,
      p95: p.p95 / ref,
      tooltip: `${output}, ${fileKey(result, f)}: P5 ${formatQuantity(p.p5, unit)}, P25 ${formatQuantity(p.p25, unit)}, P50 ${formatQuantity(p.p50, unit)}, P75 ${formatQuantity(p.p75, unit)}, P95 ${formatQuantity(p.p95, unit)}`,
    }));
  });
  const positive = rows.filter((r) => r.p5 > 0);
  const x = ratioAxis(positive, `value ÷ ${result.files[0].label}'s P50 (log scale)`);
  const color = colorOf(result);
  return {
    $schema: SCHEMA,
    config: CONFIG,
    width: 'container',
    height: Math.max(1, result.attributed.length) * (result.files.length * 16 + 18),
    data: { values: positive },
    encoding: {
      y: { field: 'output', type: 'nominal', sort: null, axis: { title: null, labelLimit: 220 } },
      yOffset: { field: 'file', type: 'nominal', sort: null, scale: { domain: color.scale.domain, paddingOuter: 0.4 } },
      color,
      tooltip: { field: 'tooltip', type: 'nominal' },
    },
    layer: [
      { mark: { type: 'rule', strokeWidth: 2, opacity: 0.6 }, encoding: { x: { field: 'p5', ...x }, x2: { field: 'p95' } } },
      { mark: { type: 'bar', height: 8, opacity: 0.6 }, encoding: { x: { field: 'p25', ...x }, x2: { field: 'p75' } } },
      { mark: { type: 'tick', thickness: 3, size: 12 }, encoding: { x: { field: 'p50', ...x } } },
    ],
  };
}

/**
 * The attribution of one output's change as a waterfall on a log axis labelled in factors:
 * each assumption's bar runs from the log ratio before it to the log ratio after it, largest
 * first, and the last bar is the total. Sampled attributions carry ±1 standard error.
 */
export function waterfallChart(result: CompareResult, output: string, a: Attribution): TopLevelSpec {
  const f = result.files.findIndex((x, i) => i > 0 && x.file === a.file);
  const who = `${fileKey(result, f)} against ${fileKey(result, 0)}`;
  const players = [...a.players].sort((x, y) => Math.abs(a.contributions[y]) - Math.abs(a.contributions[x]));
  let at = 0;
  const steps = players.map((name) => {
    const c = a.contributions[name];
    const se = a.standard_errors?.[name];
    const step = {
      step: name,
      start: at,
      end: at + c,
      kind: c >= 0 ? 'raises' : 'lowers',
      lo: at + c - (se ?? 0),
      hi: at + c + (se ?? 0),
      tooltip: `${name}: ${formatQuantity(Math.exp(c), '×')} (log ratio ${formatNumber(c)}${se !== undefined ? ` ± ${formatNumber(se)}` : ''})`,
    };
    at += c;
    return step;
  });
  const total = a.total_log_ratio;
  steps.push({
    step: 'total',
    start: 0,
    end: total,
    kind: 'total',
    lo: total,
    hi: total,
    tooltip: `${output}: ${who}, P50 ${formatQuantity(Math.exp(total), '×')} (log ratio ${formatNumber(total)})`,
  });
  const ends = steps.flatMap((s) => [s.start, s.end, s.lo, s.hi]);
  let lo = Math.min(0, ...ends);
  let hi = Math.max(0, ...ends);
  const pad = Math.max((hi - lo) * 0.06, 0.02);
  lo -= pad;
  hi += pad;
  const ticks = logTicks(Math.exp(lo), Math.exp(hi)).map((t) => Math.log(t));
  const x = {
    type: 'quantitative' as const,
    scale: { domain: [lo, hi], nice: false, zero: false },
    axis: {
      title: `factor on ${output}'s P50 (log scale)`,
      values: ticks,
      labelExpr: labelExpr(ticks, (t) => formatQuantity(Math.exp(t), '×')),
    },
  };
  const y = { field: 'step', type: 'nominal' as const, sort: null, axis: { title: null, labelLimit: 220 } };
  return {
    $schema: SCHEMA,
    config: CONFIG,
    width: 'container',
    height: steps.length * 24,
    data: { values: steps },
    layer: [
      {
        mark: { type: 'bar', height: 14 },
        encoding: {
          y,
          tooltip: { field: 'tooltip', type: 'nominal' },
          x: { field: 'start', ...x },
          x2: { field: 'end' },
          color: {
            field: 'kind',
            type: 'nominal',
            scale: { domain: ['raises', 'lowers', 'total'], range: [RAISES, LOWERS, INK] },
            legend: { title: null },
          },
        },
      },
      ...(a.method === 'sampled'
        ? [{ mark: { type: 'rule' as const, color: INK, strokeWidth: 1 }, encoding: { y, x: { field: 'lo', ...x }, x2: { field: 'hi' } } }]
        : []),
      // No change: the reference's median.
      { data: { values: [{ v: 0 }] }, mark: { type: 'rule', color: RULE, strokeDash: [3, 3] }, encoding: { x: { field: 'v', ...x } } },
    ],
  };
}
