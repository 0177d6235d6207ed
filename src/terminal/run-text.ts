/** The terminal view of a run: a percentile table of every output, then the article's figures. */
import type { RunResult } from '../engine/types.js';
import { formatValue } from '../format.js';
import { articleRows, significantDigits } from '../model/article.js';
import { KEY_OUTPUTS, OUTPUTS } from '../model/outputs.js';

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

export function seedText(seed: RunResult['seed']): string {
  return typeof seed === 'number' ? String(seed) : JSON.stringify(seed);
}

export function renderRunText(result: RunResult): string {
  const lines: string[] = [];
  const method = result.percentile_method.exact
    ? 'exact type-7 percentiles'
    : `type-7 percentiles within ${result.percentile_method.max_relative_error.toExponential(1)} relative error`;
  lines.push(`${result.scenario.name} (${result.file})`);
  lines.push(`${result.samples.toLocaleString('en-US')} samples, seed ${seedText(result.seed)}, ${method}`);
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
      // At the article's own precision (4,211 GPUs, 15.27M minutes), so the check is visible.
      const digits = Math.max(3, significantDigits(r.printed), r.consistent ? significantDigits(r.consistent) : 0);
      const f = (x: number): string => formatValue(x, r.unit, digits);
      const printed = r.consistent !== undefined ? `${f(r.printed)} (consistent: ${f(r.consistent)})` : f(r.printed);
      const ours = r.p5 === r.p95 ? f(r.p50) : `${f(r.p50)} [${f(r.p5)} to ${f(r.p95)}]`;
      const mark = r.reproduced === undefined ? '' : r.reproduced ? 'reproduced' : 'differs';
      return [r.output + (r.label ? ` (${r.label})` : ''), printed, ours, mark];
    });
    lines.push(table(['output', 'article', 'this run: P50 [P5 to P95]', ''], aRows, () => false));
    const notes = [...new Set(article.map((r) => r.note).filter((n): n is string => Boolean(n)))];
    for (const note of notes) lines.push('', `Why two figures: ${note}`);
  }
  lines.push(...whatMattersLines(result));
  return lines.join('\n') + '\n';
}


/** Assumptions named per key output in the "what matters" block. */
export const WHAT_MATTERS_TOP = 3;

/** The key outputs' top drivers by contribution to variance; nothing when none varies. */
export function whatMattersLines(result: RunResult): string[] {
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
    `What matters: each assumption's share of the variance (squared Spearman rank correlations, normalised), on the run's first ${wm.rows.toLocaleString('en-US')} draws.`,
    'Run `sora-compute sensitivity` for Sobol indices, tornadoes and what knowing each assumption would buy.',
    table(['output', 'top assumptions'], rows, () => false),
  ];
}
