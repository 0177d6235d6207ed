/**
 * The terminal view of a comparison: every output's band per file with the ratio of medians,
 * the assumptions that differ in words, then what moved each key output's median.
 */
import type { Attribution, AttributionEntry, CompareResult } from '../compare/types.js';
import { formatNumber, formatQuantity, formatValue } from '../format.js';
import { OUTPUTS } from '../model/outputs.js';
import { specEquals } from '../scenario/index.js';
import { finish, fitTable, paragraph, table } from './layout.js';
import { percent, percentileMethodText, samplesText, seedText } from './run-text.js';
import { METHOD_NAMES } from '../sampling/design.js';
import type { Layout } from './width.js';
import { describeObservation } from '../scenario/evidence.js';

/** Attribution entries of one output, one per file after the reference. */
export function attributionList(result: CompareResult, output: string): AttributionEntry[] {
  const entry = result.attribution[output];
  return Array.isArray(entry) ? entry : [entry];
}

const factor = (logRatio: number): string => formatQuantity(Math.exp(logRatio), '×');

function bands(result: CompareResult, width: number | undefined): string {
  const [ref, ...others] = result.files;
  const header = ['output', 'unit', ...result.files.map((f) => `${f.label}: P50 [P5 to P95]`), ...others.map((f) => `${f.label}÷${ref.label} P50`)];
  const rows = OUTPUTS.map((info) => {
    const perFile = result.outputs[info.name];
    const f = (x: number): string => formatValue(x, info.unit);
    const cells = perFile.map(({ percentiles: p }) => (p.p5 === p.p95 ? f(p.p50) : `${f(p.p50)} [${f(p.p5)} to ${f(p.p95)}]`));
    const r = perFile[0].percentiles;
    const ratios = perFile.slice(1).map(({ percentiles: p, ratio_p50 }) => {
      // Common random numbers make an untouched output bit-identical; say so rather than "1×".
      if (p.p5 === r.p5 && p.p50 === r.p50 && p.p95 === r.p95) return 'same';
      return ratio_p50 === null ? 'n/a' : formatQuantity(ratio_p50, '×');
    });
    return [info.name, info.unit, ...cells, ...ratios];
  });
  // Too narrow for a column per file: a row per file under each output, its band and its ratio to the reference.
  const perFile = (): string => {
    const n = result.files.length;
    const blocks = OUTPUTS.map((info, k) => {
      const row = rows[k];
      const fileRows = result.files.map((f, i) => [f.label, row[2 + i], i === 0 ? '' : row[2 + n + i - 1]]);
      return { title: `${info.name} [${info.unit}]`, fileRows };
    });
    const sub = table(['', 'P50 [P5 to P95]', `÷${ref.label} P50`], blocks.flatMap((b) => b.fileRows), (c) => c === 2).split('\n');
    const lines = ['output [unit]', ...sub.slice(0, 2).map((l) => `  ${l}`)];
    let at = 2;
    for (const b of blocks) {
      lines.push(...paragraph(b.title, width, '    '));
      for (let i = 0; i < b.fileRows.length; i++) lines.push(`  ${sub[at++]}`);
    }
    return lines.join('\n');
  };
  return fitTable(header, rows, (c) => c >= 2, width, { title: [0, 1], titleText: ([name, unit]) => `${name} [${unit}]`, header: 'output [unit]', narrow: perFile });
}

function assumptionDiff(result: CompareResult, width: number | undefined): string {
  if (!result.differing.length) return 'No assumption differs: every file resolves to the same specs.';
  const [ref] = result.files;
  const rows = result.differing.map((name) => {
    const perFile = result.assumptions[name];
    return [name, ...perFile.map((a, i) => (i > 0 && specEquals(a.spec, perFile[0].spec) ? `same as ${ref.label}` : a.describe))];
  });
  return [
    ...paragraph('Assumptions that differ, as each file resolves them (after extends):', width),
    fitTable(['assumption', ...result.files.map((f) => f.label)], rows, () => false, width, { title: [0] }),
  ].join('\n');
}

function attributionBlock(result: CompareResult, output: string, entry: AttributionEntry, label: string, width: number | undefined): string {
  const ref = result.files[0].label;
  if (entry.method === 'none') return paragraph(`${output}: ${entry.reason}.`, width, '  ').join('\n');
  const a = entry as Attribution;
  const players = [...a.players].sort((x, y) => Math.abs(a.contributions[y]) - Math.abs(a.contributions[x]));
  const sampled = a.method === 'sampled';
  const how = !players.length
    ? 'no assumption it depends on differs'
    : sampled
      ? `estimated from ${a.permutations} random orders of ${players.length} assumptions; ± is one standard error`
      : `exact over ${players.length} assumption${players.length === 1 ? '' : 's'} (${a.coalitions} coalitions)`;
  const lines = paragraph(`${output}: ${label}'s P50 is ${factor(a.total_log_ratio)} ${ref}'s (log ratio ${formatNumber(a.total_log_ratio)}); ${how}`, width, '  ');
  if (players.length) {
    const rows = players.map((name) => {
      const c = a.contributions[name];
      return [name, factor(c), formatNumber(c), ...(sampled ? [`± ${formatNumber(a.standard_errors![name])}`] : [])];
    });
    rows.push(['total', factor(a.total_log_ratio), formatNumber(a.total_log_ratio), ...(sampled ? [''] : [])]);
    const body = fitTable(['assumption', 'factor', 'log ratio', ...(sampled ? ['± SE'] : [])], rows, (c) => c > 0, width === undefined ? undefined : width - 2, { title: [0] });
    lines.push(body.replace(/^/gm, '  '));
  }
  return lines.join('\n');
}

/** The --precision line: what was asked, reached, and what independent runs would have needed. */
export function comparePrecisionText(p: NonNullable<CompareResult['precision']>): string {
  const widest = p.ratios.reduce((a, b) => (b.half_width > a.half_width ? b : a), p.ratios[0]);
  return (
    `precision: 95% intervals of the key ratios of P50s within ±${percent(p.reached)} (asked ±${percent(p.target)})` +
    (widest ? `, widest: ${widest.output}, ${widest.file}` : '') +
    `; two independent runs would need ${formatNumber(p.independent_over_paired, 2)} times the samples (${p.samples_if_independent.toLocaleString('en-US')} each)`
  );
}

export function renderCompareText(result: CompareResult, layout: Layout = { colour: false }): string {
  const { width } = layout;
  const lines: string[] = [];
  lines.push(
    ...paragraph(
      `Comparing ${result.files.length} scenarios: ${samplesText(result.samples, ' each')}, seed ${seedText(result.seed)}, ` +
        `common random numbers, ${percentileMethodText({ definition: 'type7', exact: true, max_relative_error: 0 })}`,
      width,
      '  ',
    ),
  );
  if (result.sampling_method) lines.push(...paragraph(`design: ${METHOD_NAMES[result.sampling_method]}`, width, '  '));
  if (result.precision) lines.push(...paragraph(comparePrecisionText(result.precision), width, '  '));
  lines.push(
    fitTable(
      ['', 'scenario', 'file'],
      result.files.map((f, i) => [f.label, f.name, f.file + (i === 0 ? ' (reference)' : '')]),
      () => false,
      width,
      { title: [0, 1], titleText: ([label, name]) => `${label}: ${name}`, header: 'scenario' },
    ),
  );
  if (result.evidence) {
    const observed = result.evidence.map((o) => describeObservation({ name: o.name, low: o.low ?? -Infinity, high: o.high ?? Infinity }));
    lines.push(
      '',
      `Every file conditioned on ${observed.join(' and ')}: bands and medians are over the draws that meet it ` +
        `(${result.files.map((f) => `${f.label} ${formatNumber(f.accepted ?? 0)}`).join(', ')} of ${formatNumber(result.samples)}).`,
    );
  }
  lines.push('', bands(result, width), '', assumptionDiff(result, width));
  result.files.slice(1).forEach((file, i) => {
    lines.push(
      '',
      ...paragraph(`What moved the medians, ${file.label} against ${result.files[0].label}: Shapley shares of the log ratio of P50s; the factors multiply to the total.`, width, '  '),
    );
    for (const output of result.attributed) lines.push('', attributionBlock(result, output, attributionList(result, output)[i], file.label, width));
  });
  return finish(lines, layout);
}
