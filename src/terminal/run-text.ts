/**
 * The terminal view of a run: a percentile table of every output, then the article's figures.
 * Fits `layout.width` (see layout.ts): at 80 columns each output's name stands above its numbers.
 */
import type { RunResult } from '../engine/types.js';
import { formatNumber, formatValue } from '../format.js';
import { articleRows, significantDigits } from '../model/article.js';
import { KEY_OUTPUTS, OUTPUTS } from '../model/outputs.js';
import { describeObservation } from '../scenario/evidence.js';
import { finish, fitTable, paragraph, table } from './layout.js';
import type { Layout } from './width.js';
import { METHOD_NAMES } from '../sampling/design.js';
import { BLOCK_SIZE } from '../engine/chunks.js';

export { table };

/** "1 sample", "100,000 samples". */
export function samplesText(samples: number, each = ''): string {
  return `${samples.toLocaleString('en-US')} sample${samples === 1 ? '' : 's'}${each}`;
}

export function seedText(seed: RunResult['seed']): string {
  return typeof seed === 'number' ? String(seed) : JSON.stringify(seed);
}

export function percentileMethodText(method: RunResult['percentile_method']): string {
  return method.exact ? 'exact type-7 percentiles' : `type-7 percentiles within ${method.max_relative_error.toExponential(1)} relative error`;
}

export function renderRunText(result: RunResult, layout: Layout = { colour: false }): string {
  const { width } = layout;
  const lines: string[] = [];
  lines.push(...paragraph(`${result.scenario.name} (${result.file})`, width, '  '));
  lines.push(...paragraph(`${samplesText(result.samples)}, seed ${seedText(result.seed)}, ${percentileMethodText(result.percentile_method)}`, width, '  '));
  if (result.precision) lines.push(...paragraph(precisionText(result.precision), width, '  '));
  for (const o of result.set ?? []) lines.push(...paragraph(`--set ${o.set}, in place of ${o.replaces} (${o.replaces_from})`, width, '  '));
  if (result.small_sample_note) lines.push(...paragraph(`note: ${result.small_sample_note}`, width, '  '));
  if (result.sampling_method) lines.push(...paragraph(`design: ${METHOD_NAMES[result.sampling_method]}, a replicate every ${BLOCK_SIZE.toLocaleString('en-US')} rows`, width, '  '));
  for (const c of result.correlations ?? []) {
    lines.push(...paragraph(`correlated: ${c.between.join(' ~ ')}, Spearman ${c.spearman} asked, ${c.achieved.toFixed(3)} achieved`, width, '  '));
  }
  if (result.conditioning && result.evidence) for (const line of evidenceLines(result)) lines.push(...paragraph(line, width, '    '));
  lines.push('');
  const header = ['output', 'unit', 'mean', 'P5', 'P25', 'P50', 'P75', 'P95'];
  const rows = OUTPUTS.map((info) => {
    const o = result.outputs[info.name];
    const f = (x: number): string => formatValue(x, o.unit);
    const p = o.percentiles;
    return [info.name, o.unit, f(o.mean), f(p.p5), f(p.p25), f(p.p50), f(p.p75), f(p.p95)];
  });
  lines.push(fitTable(header, rows, (c) => c >= 2, width, { title: [0, 1], titleText: ([name, unit]) => `${name} [${unit}]`, header: 'output [unit]' }));

  if (result.prior) lines.push('', ...priorBeside(result, width));

  const article = articleRows(result);
  if (article.length) {
    lines.push('', ...paragraph('The seed article (Plappert, 2024) beside this run:', width));
    const aRows = article.map((r) => {
      // The article's figures as it printed them (4,211, 15.27M); this run's with the table's
      // three digits, so one quantity reads one way, except where the run is a single value:
      // there at the article's precision, so that the check is visible (4,211 against 4,211).
      const own = (x: number): string => formatValue(x, r.unit, Math.max(3, significantDigits(x)));
      const printed = r.consistent !== undefined ? `${own(r.printed)} (consistent: ${own(r.consistent)})` : own(r.printed);
      const digits = Math.max(3, significantDigits(r.printed), r.consistent ? significantDigits(r.consistent) : 0);
      const ours = r.p5 === r.p95 ? formatValue(r.p50, r.unit, digits) : `${formatValue(r.p50, r.unit)} [${formatValue(r.p5, r.unit)} to ${formatValue(r.p95, r.unit)}]`;
      const mark = r.reproduced === undefined ? '' : r.reproduced ? 'reproduced' : 'differs';
      return [r.output + (r.label ? ` (${r.label})` : ''), printed, ours, mark];
    });
    lines.push(
      fitTable(['output', 'article', 'this run: P50 [P5 to P95]', ''], aRows, () => false, width, {
        title: [0, 3],
        titleText: ([output, mark]) => (mark ? `${output}: ${mark}` : output),
        header: 'output',
      }),
    );
    const notes = [...new Set(article.map((r) => r.note).filter((n): n is string => Boolean(n)))];
    for (const note of notes) lines.push('', ...paragraph(`Why two figures: ${note}`, width));
  }
  lines.push(...whatMattersLines(result, width));
  return finish(lines, layout, [
    [/\breproduced$/, 'green'],
    [/\bdiffers$/, 'yellow'],
  ]);
}

/** 0.0123 as "1.23%": three significant digits, as tables print values. */
export function percent(x: number): string {
  return Number.isFinite(x) ? `${Number((100 * x).toPrecision(3))}%` : '∞';
}

/** What --precision reached, and after how many samples. */
export function precisionText(p: NonNullable<RunResult['precision']>): string {
  const pct = percent;
  const where = p.widest ? `, widest: ${p.widest.percentile.toUpperCase()} of ${p.widest.output}` : '';
  const stages = `stages of ${p.stages.map((n) => n.toLocaleString('en-US')).join(', ')} samples`;
  return p.stopped === 'target'
    ? `precision: 95% intervals of P5, P50 and P95 of the key outputs within ±${pct(p.reached)} (asked ±${pct(p.target)})${where}; ${stages}`
    : `precision NOT reached: --max-samples (${p.max_samples.toLocaleString('en-US')}) came first at ±${pct(p.reached)} (asked ±${pct(p.target)})${where}; ${stages}`;
}

/** Under evidence: what was observed, how many draws met it, and whether more were drawn. */
function evidenceLines(result: RunResult): string[] {
  const c = result.conditioning!;
  const observed = result.evidence!.map(
    (o) => `  ${describeObservation({ name: o.name, low: o.low ?? -Infinity, high: o.high ?? Infinity })}: ${formatNumber(o.accepted)} of ${formatNumber(c.drawn)} draws meet it alone (${o.from})`,
  );
  const kept = `Conditioned on the evidence: ${formatNumber(c.accepted)} of ${formatNumber(c.drawn)} draws accepted; the table shows the posterior, summaries of those.`;
  const more = c.extended
    ? c.accepted >= c.min_accepted
      ? [`  Fewer than ${formatNumber(c.min_accepted)} met it in ${formatNumber(result.samples)} samples, so it drew on, chunk by chunk, to ${formatNumber(c.drawn)}.`]
      : [`  Fewer than ${formatNumber(c.min_accepted)} met it; it drew on to --max-samples (${formatNumber(c.max_samples)}) and stopped: the posterior rests on ${formatNumber(c.accepted)} draws.`]
    : c.accepted < c.min_accepted
      ? [`  Only ${formatNumber(c.accepted)} met it: raise --max-samples above ${formatNumber(c.max_samples)} to draw more.`]
      : [];
  return [kept, ...observed, ...more];
}

/** Prior and posterior P50 [P5 to P95] of every output and uncertain assumption. */
function priorBeside(result: RunResult, width: number | undefined): string[] {
  const band = (p: { p5: number; p50: number; p95: number }, unit: string): string => {
    const f = (x: number): string => formatValue(x, unit);
    return p.p5 === p.p95 ? f(p.p50) : `${f(p.p50)} [${f(p.p5)} to ${f(p.p95)}]`;
  };
  const rows = [
    ...OUTPUTS.map((info) => [info.name, band(result.prior![info.name].percentiles, info.unit), band(result.outputs[info.name].percentiles, info.unit)]),
    ...Object.entries(result.assumptions)
      .filter(([, a]) => a.posterior)
      .map(([name, a]) => [name, band(a.percentiles, a.unit), band(a.posterior!.percentiles, a.unit)]),
  ];
  return [
    ...paragraph('Prior and posterior, P50 [P5 to P95]:', width),
    fitTable(['output or assumption', 'prior', 'posterior'], rows, () => false, width, { title: [0], header: 'output or assumption' }),
  ];
}

/** Assumptions named per key output in the "what matters" block. */
export const WHAT_MATTERS_TOP = 3;

/** The key outputs' top drivers by contribution to variance; nothing when none varies. */
export function whatMattersLines(result: RunResult, width?: number): string[] {
  const wm = result.what_matters;
  const rows = KEY_OUTPUTS.flatMap((name) => {
    const drivers = wm?.outputs[name];
    if (!drivers) return [];
    const top = Object.entries(drivers.inputs)
      .sort(([, x], [, y]) => y.contribution - x.contribution)
      .slice(0, WHAT_MATTERS_TOP)
      .map(([a, x]) => `${a} ${Math.round(100 * x.contribution)}%`);
    return [[name, top.join(', ')]];
  });
  if (!wm || rows.length === 0) return [];
  return [
    '',
    ...paragraph(`What matters: each assumption's share of the variance (squared Spearman rank correlations, normalised), on the run's first ${wm.rows.toLocaleString('en-US')} draws.`, width),
    ...paragraph('Run `sora-compute sensitivity` for Sobol indices, tornadoes and what knowing each assumption would buy.', width),
    fitTable(['output', 'top assumptions'], rows, () => false, width, { title: [0], header: 'output' }),
  ];
}
