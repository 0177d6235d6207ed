/** The terminal view of a run: a percentile table of every output, then the article's figures. */
import type { RunResult } from '../engine/types.js';
import { formatValue, printable } from '../format.js';
import { articleRows, significantDigits } from '../model/article.js';
import { OUTPUTS } from '../model/outputs.js';

export function table(header: string[], rows: string[][], rightAligned: (col: number) => boolean): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => [...r[c]].length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, c) => {
        const pad = ' '.repeat(widths[c] - [...cell].length);
        return rightAligned(c) ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The lines as text, each made printable: names and paths come from files and the command line. */
export function safeLines(lines: readonly string[]): string {
  return lines.join('\n').split('\n').map(printable).join('\n') + '\n';
}

/** "1 sample", "100,000 samples". */
export function samplesText(samples: number, each = ''): string {
  return `${samples.toLocaleString('en-US')} sample${samples === 1 ? '' : 's'}${each}`;
}

export function seedText(seed: RunResult['seed']): string {
  return typeof seed === 'number' ? String(seed) : JSON.stringify(seed);
}

export function renderRunText(result: RunResult): string {
  const lines: string[] = [];
  const method = result.percentile_method.exact
    ? 'exact type-7 percentiles'
    : `type-7 percentiles within ${result.percentile_method.max_relative_error.toExponential(1)} relative error`;
  lines.push(`${result.scenario.name} (${result.file})`);
  lines.push(`${samplesText(result.samples)}, seed ${seedText(result.seed)}, ${method}`);
  for (const o of result.set ?? []) lines.push(`--set ${o.set}, in place of ${o.replaces} (${o.replaces_from})`);
  if (result.small_sample_note) lines.push(`note: ${result.small_sample_note}`);
  lines.push('');
  const header = ['output', 'unit', 'mean', 'P5', 'P25', 'P50', 'P75', 'P95'];
  const rows = OUTPUTS.map((info) => {
    const o = result.outputs[info.name];
    const f = (x: number): string => formatValue(x, o.unit);
    const p = o.percentiles;
    return [info.name, o.unit, f(o.mean), f(p.p5), f(p.p25), f(p.p50), f(p.p75), f(p.p95)];
  });
  lines.push(table(header, rows, (c) => c >= 2));

  const article = articleRows(result);
  if (article.length) {
    lines.push('', 'The seed article (Plappert, 2024) beside this run:');
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
    lines.push(table(['output', 'article', 'this run: P50 [P5 to P95]', ''], aRows, () => false));
    const notes = [...new Set(article.map((r) => r.note).filter((n): n is string => Boolean(n)))];
    for (const note of notes) lines.push('', `Why two figures: ${note}`);
  }
  return safeLines(lines);
}

