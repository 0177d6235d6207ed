/**
 * A sweep as one self-contained HTML page, under the run report's rules: the Vega runtime and
 * the compiled fan charts inlined, nothing requested, the same result and command giving the
 * same bytes.
 */
import { formatQuantity } from '../format.js';
import { findOutput } from '../model/outputs.js';
import type { SweepResult } from '../sweep/sweep.js';
import { valueLabels } from '../terminal/sweep-text.js';
import { bareQuantity } from './charts/axis.js';
import { fanChart } from './charts/fan.js';
import { compileChart } from './compile.js';
import { designMeta, escapeHtml, quantity } from './html.js';
import { renderPage, reproduceSection } from './page.js';
import type { ReportMeta } from './run-report.js';

const e = escapeHtml;
const KEYS = ['p5', 'p25', 'p50', 'p75', 'p95'] as const;

function header(result: SweepResult, meta: ReportMeta): string {
  const { name, description } = result.scenario;
  const r = result.replaces;
  return `<header>
<h1>Sora compute: ${e(name)}, across ${e(result.vary)}</h1>
${description ? `<p class="lede">${e(description)}</p>\n` : ''}<p>${e(result.vary)} from ${e(formatQuantity(result.from, result.vary_unit))} to ${e(formatQuantity(result.to, result.vary_unit))} in ${result.steps} ${result.spacing === 'log' ? 'geometrically' : 'evenly'} spaced points. At each point it is fixed at that value, in place of the scenario’s own (${e(r.describe)}, set by ${e(r.from)}); every other assumption keeps its distribution and takes the same draws at every point, so the bands move with ${e(result.vary)} alone, not with sampling noise.</p>
<p class="meta">Scenario file <code>${e(result.file)}</code> · ${e(formatQuantity(result.samples, ''))} draws per point · seed <code>${e(String(result.seed))}</code>${designMeta(result.sampling_method)} · sora-compute ${e(result.version)}</p>
${meta.generatedAt !== undefined ? `<p class="generated">Generated ${e(meta.generatedAt)}</p>\n` : ''}</header>`;
}

function pointsTable(result: SweepResult, output: string): string {
  const unit = result.outputs[output].unit;
  const labels = valueLabels(result.points.map((p) => p.value), result.vary_unit);
  const rows = result.points.map((point, i) => {
    const cells = KEYS.map((k) => {
      const x = point.outputs[output].percentiles[k];
      return `<td>${quantity(x, unit, { output, at: String(point.value), percentile: k }, bareQuantity(x, unit))}</td>`;
    });
    return `<tr><td>${e(labels[i])}</td>${cells.join('')}</tr>`;
  });
  return `<div class="scroll"><table><thead><tr><th>${e(result.vary)}</th>${KEYS.map((k) => `<th>${k.toUpperCase()}</th>`).join('')}</tr></thead><tbody>
${rows.join('\n')}
</tbody></table></div>`;
}

function outputSection(result: SweepResult, output: string): string {
  const { unit, depends_on_vary } = result.outputs[output];
  const caption =
    'Light band: P5 to P95; darker band: P25 to P75; line and dots: P50 at each point.' +
    (result.replaces.median >= Math.min(result.from, result.to) && result.replaces.median <= Math.max(result.from, result.to)
      ? ` Dashed line: the scenario’s own median ${result.vary}.`
      : '');
  return `<section><h2><code>${e(output)}</code></h2>
<p class="meta">${e(findOutput(output)?.meaning ?? '')} [${e(unit)}]</p>
${depends_on_vary ? '' : `<p class="note">${e(output)} does not depend on ${e(result.vary)}: the same at every point.</p>\n`}<figure>
<div class="chart" data-chart="fan-${e(output)}" role="img" aria-label="${e(`${output} across ${result.vary}`)}"></div>
<figcaption>${e(caption)}</figcaption>
</figure>
${pointsTable(result, output)}
</section>`;
}

export function renderSweepReport(result: SweepResult, meta: ReportMeta): string {
  const outputs = Object.keys(result.outputs);
  const specs: Record<string, unknown> = {};
  for (const output of outputs) specs[`fan-${output}`] = compileChart(fanChart(result, output)).spec;
  const body = `${header(result, meta)}
${outputs.map((output) => outputSection(result, output)).join('\n')}
${reproduceSection(result, meta.command, [
  ['scenario file', `<code>${e(result.file)}</code>`],
  ['input SHA-256', `<code>${e(result.input_sha256)}</code>`],
])}`;
  return renderPage(`Sora compute: ${result.scenario.name} across ${result.vary}`, body, specs);
}
