/**
 * `sensitivity` as one self-contained HTML page, under the run report's rules (Vega runtime and
 * compiled charts inlined, nothing requested, same result and command giving the same bytes):
 * per output, what to research first, a tornado, the Sobol indices with their intervals, and a
 * table of every measure.
 */
import { formatQuantity } from '../format.js';
import { findOutput } from '../model/outputs.js';
import type { OutputSensitivity, SensitivityResult } from '../sensitivity/types.js';
import { LOG_SCALE_RULE } from '../sensitivity/scale.js';
import { bandText, ranked, researchSentence } from '../terminal/sensitivity-text.js';
import { sobolChart, tornadoBars, tornadoChart } from './charts/tornado.js';
import type { TopLevelSpec } from './charts/types.js';
import { compileChart } from './compile.js';
import { designMeta, escapeHtml, quantity } from './html.js';
import { renderPage, reproduceSection } from './page.js';
import type { ReportMeta } from './run-report.js';

const e = escapeHtml;

function figure(id: string, title: string, caption: string): string {
  return `<figure>
<h3>${e(title)}</h3>
<div class="chart" data-chart="${e(id)}" role="img" aria-label="${e(title)}"></div>
<figcaption>${e(caption)}</figcaption>
</figure>`;
}

function table(name: string, o: OutputSensitivity, independent: boolean): string {
  const f = (x: number, attrs: Record<string, string>) => quantity(x, o.unit, { output: name, ...attrs });
  const index = (x: number | null, ci: [number, number] | null) => `${x!.toFixed(3)} [${ci!.map((v) => v.toFixed(3)).join(', ')}]`;
  const rows = ranked(o).map(
    ([a, x]) => `<tr><td class="text"><code>${e(a)}</code></td><td>${x.spearman.toFixed(3)}</td><td>${(100 * x.contribution).toFixed(1)}%</td>
<td>${f(x.tornado.low, { assumption: a, tornado: 'low' })}</td><td>${f(x.tornado.high, { assumption: a, tornado: 'high' })}</td>${
      independent
        ? `
<td>${index(x.sobol_first, x.sobol_first_ci95)}</td>
<td>${index(x.sobol_total, x.sobol_total_ci95)}</td>
<td>${e(bandText(o, x.band_if_known!))}</td>`
        : ''
    }</tr>`,
  );
  const sobolHeads = independent ? '<th>Sobol first [95%]</th><th>Sobol total [95%]</th><th>band if known</th>' : '';
  return `<div class="scroll"><table>
<thead><tr><th class="text">assumption</th><th>Spearman</th><th>share of variance</th><th>P50 at its P10</th><th>P50 at its P90</th>${sobolHeads}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></div>`;
}

function outputSection(name: string, o: OutputSensitivity, specs: Record<string, unknown>, independent: boolean): string {
  const bars = tornadoBars(o.inputs, o.log_scale);
  const tornadoId = `tornado-${name}`;
  const sobolId = `sobol-${name}`;
  specs[tornadoId] = compileChart(tornadoChart(bars, o.p50, o.unit, o.log_scale, name)).spec;
  if (independent) {
    const sobolRows = ranked(o).map(([assumption, x]) => ({
      assumption,
      first: x.sobol_first!,
      first_ci95: x.sobol_first_ci95!,
      total: x.sobol_total!,
      total_ci95: x.sobol_total_ci95!,
    }));
    specs[sobolId] = compileChart(sobolChart(sobolRows) as TopLevelSpec).spec;
  }
  return `<section><h2><code>${e(name)}</code></h2>
<p class="lede">${e(findOutput(name)?.meaning ?? '')}: P50 ${quantity(o.p50, o.unit, { output: name, percentile: 'p50' })}, 90% of draws from ${quantity(o.p5, o.unit, { output: name, percentile: 'p5' })} to ${quantity(o.p95, o.unit, { output: name, percentile: 'p95' })} (${e(bandText(o, o.band))}).</p>
<p class="research"><strong>${e(researchSentence(name, o))}</strong></p>
${figure(tornadoId, `What moves the median of ${name}`, `The P50 of ${name} with each assumption held at its own P10 (light) and P90 (dark) while every other stays uncertain, on the same draws; the line is the P50 with all uncertain. Largest swing on top.`)}
${independent ? figure(sobolId, `Share of the variance of ${name}${o.log_scale ? '’s log' : ''}`, 'Sobol indices: first order (the assumption alone) and total effect (with its interactions), with bootstrap 95% intervals as whiskers.') : ''}
${table(name, o, independent)}
</section>`;
}

export function renderSensitivityReport(result: SensitivityResult, meta: ReportMeta): string {
  const specs: Record<string, unknown> = {};
  const m = result.method;
  const sections = Object.entries(result.outputs).map(([name, o]) => outputSection(name, o, specs, !result.independence));
  const independence = result.independence
    ? `<p class="warning"><strong>Correlated assumptions</strong> (${e(result.independence.correlations.map((c) => `${c.between.join(' ~ ')} ${c.spearman}`).join(', '))}): ${e(result.independence.note)}</p>\n`
    : '';
  const body = `<header>
<h1>Sora compute: which guess matters in ${e(result.scenario.name)}</h1>
${result.scenario.description ? `<p class="lede">${e(result.scenario.description)}</p>\n` : ''}<p class="meta">Scenario file <code>${e(result.file)}</code> · ${e(formatQuantity(m.rows, ''))} draws in each of two matrices · seed <code>${e(String(result.seed))}</code>${designMeta(result.sampling_method)} · sora-compute ${e(result.version)}</p>
${meta.generatedAt !== undefined ? `<p class="generated">Generated ${e(meta.generatedAt)}</p>\n` : ''}${independence}</header>
${sections.join('\n')}
<section><h2>Methods</h2>
<p>Spearman: rank correlation of each assumption with the output, ties at their average rank; share of variance: the squared coefficients normalised to add up to 1 (contribution to variance, as @RISK computes it). Tornado: the output’s P50 with one assumption held at its own P10 and P90, every other drawn as in the run (common random numbers). Sobol indices: Saltelli (2010) first order and Jansen (1999) total effect, from two independent matrices of ${e(m.rows.toLocaleString('en-US'))} draws and one hybrid per assumption; 95% intervals are percentiles of ${m.bootstrap_resamples} bootstrap resamples of the rows. An output is analysed on its log when ${e(LOG_SCALE_RULE)}; its band is then the ratio P95/P5, else the width P95 − P5. Band if known: the band with the assumption held at each of ${m.known_grid} equally likely quantiles of its own distribution, averaged. An assumption an output does not depend on is 0 on every measure, exactly.</p>
${result.constant.length ? `<p>Constant in this scenario, so not analysed: ${result.constant.map((n) => `<code>${e(n)}</code>`).join(', ')}.</p>` : ''}
</section>
${reproduceSection(result, meta.command, [
  ['scenario file', `<code>${e(result.file)}</code>`],
  ['input SHA-256', `<code>${e(result.input_sha256)}</code>`],
  ['model evaluations', e(m.model_evaluations.toLocaleString('en-US'))],
])}`;
  return renderPage(`Sora compute: sensitivity of ${result.scenario.name}`, body, specs);
}
