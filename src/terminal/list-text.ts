/**
 * `list` in the terminal: per assumption its name and unit, meaning, valid range and the seed
 * article's value; per output its formula and the article's figures. Stacked, one entry a few
 * lines, so it reads the same at any width; wrapped to the terminal's.
 */
import { formatNumber, formatValue, printable } from '../format.js';
import type { AssumptionDoc, OutputDoc } from '../model/catalogue.js';
import { paint, wrap, type Layout } from './width.js';

function articleFigures(o: OutputDoc): string {
  if (!o.seed_article.length) return 'not in the article';
  return o.seed_article
    .map((f) => {
      const value = formatValue(f.value, o.unit, 4);
      const consistent = f.consistent !== undefined ? ` (consistent: ${formatValue(f.consistent, o.unit, 4)})` : '';
      return `${value}${consistent}${f.data_multiplier ? ` (data multiplier ${f.data_multiplier})` : ''}`;
    })
    .join(', ');
}

export function renderListText(assumptions: readonly AssumptionDoc[], outputs: readonly OutputDoc[], layout: Layout): string {
  const { bold } = paint(layout);
  const lines: string[] = [];
  const entry = (head: string, ...rest: string[]): void => {
    const [first, ...more] = wrap(head, layout.width, '    ');
    lines.push(bold(first), ...more);
    for (const line of rest) lines.push(...wrap(`  ${line}`, layout.width, '    '));
  };
  if (assumptions.length) {
    lines.push(...wrap(`Assumptions (${assumptions.length}): set in a scenario file or with --set NAME=VALUE; any left out keeps its default`, layout.width));
    for (const a of assumptions) {
      const article = a.seed_article_value === null ? `not in the article; default ${formatNumber(a.default, 4)}` : `seed article ${formatNumber(a.default, 4)}`;
      lines.push('');
      entry(`${a.name} [${a.unit}]: ${a.meaning}`, `valid: ${a.valid}; ${article}`, ...(a.source ? [`source: ${a.source}`] : []));
    }
  }
  if (outputs.length) {
    if (lines.length) lines.push('');
    lines.push(...wrap(`Outputs (${outputs.length}): computed from the assumptions on every sample`, layout.width));
    for (const o of outputs) {
      lines.push('');
      entry(`${o.name} [${o.unit}]: ${o.meaning}`, `= ${o.formula}`, `seed article: ${articleFigures(o)}`);
    }
  }
  return lines.map(printable).join('\n') + '\n';
}
