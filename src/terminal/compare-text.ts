/**
 * The terminal view of a comparison: every output's band per file with the ratio of medians,
 * the assumptions that differ in words, then what moved each key output's median.
 */
import type { Attribution, AttributionEntry, CompareResult } from '../compare/types.js';
import { formatNumber, formatQuantity, formatValue } from '../format.js';
import { OUTPUTS } from '../model/outputs.js';
import { specEquals } from '../scenario/index.js';
import { seedText, table } from './run-text.js';

/** Attribution entries of one output, one per file after the reference. */
export function attributionList(result: CompareResult, output: string): AttributionEntry[] {
  const entry = result.attribution[output];
  return Array.isArray(entry) ? entry : [entry];
}

const factor = (logRatio: number): string => formatQuantity(Math.exp(logRatio), '×');

function bands(result: CompareResult): string {
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
  return table(header, rows, (c) => c >= 2);
}

function assumptionDiff(result: CompareResult): string {
  if (!result.differing.length) return 'No assumption differs: every file resolves to the same specs.';
  const [ref] = result.files;
  const rows = result.differing.map((name) => {
    const perFile = result.assumptions[name];
    return [name, ...perFile.map((a, i) => (i > 0 && specEquals(a.spec, perFile[0].spec) ? `same as ${ref.label}` : a.describe))];
  });
  return [
    'Assumptions that differ, as each file resolves them (after extends):',
    table(['assumption', ...result.files.map((f) => f.label)], rows, () => false),
  ].join('\n');
}

function attributionBlock(result: CompareResult, output: string, entry: AttributionEntry, label: string): string {
  const ref = result.files[0].label;
  if (entry.method === 'none') return `${output}: ${entry.reason}.`;
  const a = entry as Attribution;
  const players = [...a.players].sort((x, y) => Math.abs(a.contributions[y]) - Math.abs(a.contributions[x]));
  const sampled = a.method === 'sampled';
  const how = !players.length
    ? 'no assumption it depends on differs'
    : sampled
      ? `estimated from ${a.permutations} random orders of ${players.length} assumptions; ± is one standard error`
      : `exact over ${players.length} assumption${players.length === 1 ? '' : 's'} (${a.coalitions} coalitions)`;
  const lines = [`${output}: ${label}'s P50 is ${factor(a.total_log_ratio)} ${ref}'s (log ratio ${formatNumber(a.total_log_ratio)}); ${how}`];
  if (players.length) {
    const rows = players.map((name) => {
      const c = a.contributions[name];
      return [name, factor(c), formatNumber(c), ...(sampled ? [`± ${formatNumber(a.standard_errors![name])}`] : [])];
    });
    rows.push(['total', factor(a.total_log_ratio), formatNumber(a.total_log_ratio), ...(sampled ? [''] : [])]);
    const body = table(['assumption', 'factor', 'log ratio', ...(sampled ? ['± SE'] : [])], rows, (c) => c > 0);
    lines.push(body.replace(/^/gm, '  '));
  }
  return lines.join('\n');
}

export function renderCompareText(result: CompareResult): string {
  const lines: string[] = [];
  lines.push(
    `Comparing ${result.files.length} scenarios: ${result.samples.toLocaleString('en-US')} samples each, seed ${seedText(result.seed)}, ` +
      'common random numbers, exact type-7 percentiles',
  );
  lines.push(
    table(
      ['', 'scenario', 'file'],
      result.files.map((f, i) => [f.label, f.name, f.file + (i === 0 ? ' (reference)' : '')]),
      () => false,
    ),
  );
  lines.push('', bands(result), '', assumptionDiff(result));
  result.files.slice(1).forEach((file, i) => {
    lines.push(
      '',
      `What moved the medians, ${file.label} against ${result.files[0].label}: Shapley shares of the log ratio of P50s; the factors multiply to the total.`,
    );
    for (const output of result.attributed) lines.push('', attributionBlock(result, output, attributionList(result, output)[i], file.label));
  });
  return lines.join('\n') + '\n';
}
