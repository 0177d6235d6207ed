/**
 * A comparison as one self-contained HTML page, under the run report's rules: the Vega
 * runtime and the compiled charts inlined, nothing requested (its CSP forbids it), the same
 * result and command giving the same bytes.
 */
import { DETAIL_PS } from '../compare/compare.js';
import type { Attribution, CompareDetail, CompareResult } from '../compare/types.js';
import { describeObservation } from '../scenario/evidence.js';
import { PERCENTILES, type PercentileKey } from '../engine/types.js';
import { formatNumber, formatQuantity } from '../format.js';
import { OUTPUTS, findOutput } from '../model/outputs.js';
import { specEquals } from '../scenario/index.js';
import { attributionList, comparePrecisionText } from '../terminal/compare-text.js';
import { bareQuantity } from './charts/axis.js';
import type { TopLevelSpec } from './charts/types.js';
import { cdfOverlayChart, densityOverlayChart, fileKey, FILE_COLORS, percentileBandsCompareChart, waterfallChart } from './compare-charts.js';
import { compileChart } from './compile.js';
import { designMeta, escapeHtml, quantity } from './html.js';
import type { ReportMeta } from './run-report.js';
import { renderPage, reproduceSection } from './page.js';

const e = escapeHtml;

export interface Chart {
  id: string;
  title: string;
  caption: string;
  spec: TopLevelSpec;
}


function figure(chart: Chart): string {
  return `<figure>
<h3>${e(chart.title)}</h3>
<div class="chart" data-chart="${e(chart.id)}" role="img" aria-label="${e(chart.title)}"></div>
<figcaption>${e(chart.caption)}</figcaption>
</figure>`;
}

function swatch(f: number): string {
  return `<span style="display:inline-block;width:10px;height:10px;border-radius:2px;background:${FILE_COLORS[f]}"></span>`;
}

/** Under evidence: what every file is conditioned on, and how many of each file's draws met it. */
function evidenceNote(result: CompareResult): string {
  if (!result.evidence) return '';
  const observed = result.evidence.map((o) => `<code>${e(describeObservation({ name: o.name, low: o.low ?? -Infinity, high: o.high ?? Infinity }))}</code>`).join(' and ');
  const counts = result.files.map((f) => `${e(f.label)} ${e(formatQuantity(f.accepted ?? 0, ''))}`).join(', ');
  return `<p class="lede">Every file, and every mix of files the attribution evaluates, is conditioned on ${observed}: the bands and medians below are over the draws that meet it (${counts} of ${e(formatQuantity(result.samples, ''))}).</p>\n`;
}

function header(result: CompareResult, meta: ReportMeta): string {
  const rows = result.files.map(
    (f, i) => `<tr><td class="text">${swatch(i)} ${e(f.label)}</td><td class="text">${e(f.name)}${f.description ? `<span class="meaning">${e(f.description)}</span>` : ''}</td><td class="text"><code>${e(f.file)}</code>${i === 0 ? ' (reference)' : ''}</td></tr>`,
  );
  return `<header>
<h1>Sora compute: ${e(result.files.map((f) => f.name).join(' vs '))}</h1>
<p class="lede">${result.files.length} scenarios drawn on common random numbers: every assumption takes the same uniforms in every file, so any difference below comes from the assumptions that differ, not from sampling noise.</p>
<p class="meta">${e(formatQuantity(result.samples, ''))} draws per file · seed <code>${e(String(result.seed))}</code>${designMeta(result.sampling_method)} · sora-compute ${e(result.version)}</p>
${result.precision ? precisionTable(result.precision) : ''}
${evidenceNote(result)}${meta.generatedAt !== undefined ? `<p class="generated">Generated ${e(meta.generatedAt)}</p>` : ''}
<div class="scroll"><table><thead><tr><th></th><th class="text">scenario</th><th class="text">file</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table></div>
</header>`;
}

function diffTable(result: CompareResult): string {
  if (!result.differing.length) return `<section><h2>Assumptions that differ</h2><p>None: every file resolves to the same specs.</p></section>`;
  const head = `<tr><th class="text">assumption</th>${result.files.map((f, i) => `<th class="text">${swatch(i)} ${e(f.label)}</th>`).join('')}</tr>`;
  const rows = result.differing.map((name) => {
    const perFile = result.assumptions[name];
    const cells = perFile.map((a, i) => {
      if (i > 0 && specEquals(a.spec, perFile[0].spec)) return `<td class="text meta">same as ${e(result.files[0].label)}</td>`;
      const why = [a.source && `Source: ${a.source}`, a.note && `Note: ${a.note}`].filter(Boolean).join(' ');
      return `<td class="text">${e(a.describe)}<span class="meaning">set by ${e(a.from)}${why ? `. ${e(why)}` : ''}</span></td>`;
    });
    return `<tr><td class="text"><code>${e(name)}</code></td>${cells.join('')}</tr>`;
  });
  return `<section><h2>Assumptions that differ</h2>
<p>Each as the file resolves it, after <code>extends</code>. Every other assumption is the same in all files.</p>
<div class="scroll"><table><thead>${head}</thead><tbody>
${rows.join('\n')}
</tbody></table></div></section>`;
}

function attributionTable(output: string, a: Attribution): string {
  const unitless = (x: number) => e(formatNumber(x));
  const players = [...a.players].sort((x, y) => Math.abs(a.contributions[y]) - Math.abs(a.contributions[x]));
  const sampled = a.method === 'sampled';
  const rows = players.map(
    (name) =>
      `<tr><td><code>${e(name)}</code></td><td>${e(formatQuantity(Math.exp(a.contributions[name]), '×'))}</td><td><span data-attribution="${e(output)}" data-assumption="${e(name)}" data-value="${String(a.contributions[name])}">${unitless(a.contributions[name])}</span></td>${sampled ? `<td>± ${unitless(a.standard_errors![name])}</td>` : ''}</tr>`,
  );
  rows.push(
    `<tr><td>total</td><td>${e(formatQuantity(Math.exp(a.total_log_ratio), '×'))}</td><td>${unitless(a.total_log_ratio)}</td>${sampled ? '<td></td>' : ''}</tr>`,
  );
  return `<div class="scroll"><table><thead><tr><th>assumption</th><th>factor</th><th>log ratio</th>${sampled ? '<th>± SE</th>' : ''}</tr></thead><tbody>
${rows.join('\n')}
</tbody></table></div>`;
}

function howAttributed(a: Attribution): string {
  if (!a.players.length) return 'No assumption this output depends on differs, so its median cannot move.';
  return a.method === 'sampled'
    ? `Shapley values estimated from ${a.permutations} random orders of the ${a.players.length} differing assumptions this output depends on (unbiased; ± is one standard error).`
    : `Exact Shapley values over the ${a.players.length} differing assumption${a.players.length === 1 ? '' : 's'} this output depends on (${a.coalitions} coalitions, each evaluated on the same draws).`;
}

function outputSection(result: CompareResult, output: string, charts: ReadonlyMap<string, Chart>): string {
  const info = findOutput(output);
  const parts = [figure(charts.get(`cdf-${output}`)!), figure(charts.get(`density-${output}`)!)];
  attributionList(result, output).forEach((entry, i) => {
    if (entry.method === 'none') {
      parts.push(`<p class="note">${e(fileKey(result, i + 1))} against ${e(fileKey(result, 0))}: ${e(entry.reason)}.</p>`);
    } else {
      parts.push(figure(charts.get(waterfallId(result, output, i + 1))!), attributionTable(output, entry));
    }
  });
  return `<section><h2><code>${e(output)}</code></h2>
${info ? `<p class="meta">${e(info.meaning)} [${e(info.unit)}]</p>` : ''}
${parts.join('\n')}
</section>`;
}

function waterfallId(result: CompareResult, output: string, f: number): string {
  return `waterfall-${output}-${result.files[f].label}`;
}

/** Every chart of the page, by id, in page order. */
/** compare --precision: the line, then each key ratio of P50s with its 95% interval. */
function precisionTable(p: NonNullable<CompareResult['precision']>): string {
  const rows = p.ratios.map(
    (r) =>
      `<tr><td class="text"><code>${e(r.output)}</code></td><td class="text"><code>${e(r.file)}</code></td><td>${e(r.ratio_p50 === null ? '–' : formatNumber(r.ratio_p50, 4))}×</td><td>${e(r.ci95.map((x) => (x === null ? '–' : formatNumber(x, 4))).join(' to '))}</td><td>±${e((100 * r.half_width).toFixed(2))}%</td></tr>`,
  );
  return `<p class="meta">${e(comparePrecisionText(p))}</p>
<div class="scroll"><table class="precision">
<caption>Each key output's ratio of P50s (file ÷ reference) with its 95% interval (${e(p.method)})</caption>
<thead><tr><th class="text">output</th><th class="text">file</th><th>ratio of P50s</th><th>95% interval</th><th>half-width</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></div>`;
}

export function comparisonCharts(result: CompareResult, detail: CompareDetail): Map<string, Chart> {
  const charts: Chart[] = [
    {
      id: 'bands',
      title: 'The key outputs in every file',
      caption: `Each output divided by ${result.files[0].label}'s P50, so outputs in different units share one axis. Thin line: P5 to P95; bar: P25 to P75; tick: P50.`,
      spec: percentileBandsCompareChart(result),
    },
  ];
  for (const output of result.attributed) {
    charts.push(
      {
        id: `cdf-${output}`,
        title: `${output}: share of draws at or below each value`,
        caption: 'One line per file, from P0.1 to P99.9 of its draws. A curve to the right means larger values.',
        spec: cdfOverlayChart(result, detail, output, DETAIL_PS),
      },
      {
        id: `density-${output}`,
        title: `${output}: share of draws per bin`,
        caption: 'Bins shared by all files, of equal width on the axis drawn, so heights compare as densities.',
        spec: densityOverlayChart(result, detail, output),
      },
    );
    attributionList(result, output).forEach((entry, i) => {
      if (entry.method === 'none') return;
      charts.push({
        id: waterfallId(result, output, i + 1),
        title: `What moved the P50 of ${output}: ${fileKey(result, i + 1)} against ${fileKey(result, 0)}`,
        caption: `${howAttributed(entry)} Bars run from the log ratio before each assumption to the one after it, largest first; the factors multiply to the total.`,
        spec: waterfallChart(result, output, entry),
      });
    });
  }
  return new Map(charts.map((c) => [c.id, c]));
}

function outputsTable(result: CompareResult): string {
  const keys: PercentileKey[] = ['p5', 'p50', 'p95'];
  const head = `<tr><th>output</th><th class="text">unit</th>${result.files
    .map((f) => keys.map((k) => `<th>${e(f.label)} ${k.toUpperCase()}</th>`).join(''))
    .join('')}${result.files
    .slice(1)
    .map((f) => `<th>${e(f.label)}÷${e(result.files[0].label)} P50</th>`)
    .join('')}</tr>`;
  const rows = OUTPUTS.map((info) => {
    const perFile = result.outputs[info.name];
    const cells = perFile
      .map((o, i) =>
        keys
          .map((k) => `<td>${quantity(o.percentiles[k], info.unit, { output: info.name, file: result.files[i].label, percentile: k }, bareQuantity(o.percentiles[k], info.unit))}</td>`)
          .join(''),
      )
      .join('');
    const ratios = perFile
      .slice(1)
      .map((o) => `<td>${o.ratio_p50 === null ? 'n/a' : e(formatQuantity(o.ratio_p50, '×'))}</td>`)
      .join('');
    return `<tr><td><code>${e(info.name)}</code></td><td class="text">${e(info.unit)}</td>${cells}${ratios}</tr>`;
  });
  return `<section><h2>Every output</h2>
<p>Type-7 percentiles, exact order statistics of all draws; <code>--json</code> also gives ${e(PERCENTILES.map((p) => `P${p}`).join(', '))}.</p>
<div class="scroll"><table><thead>${head}</thead><tbody>
${rows.join('\n')}
</tbody></table></div></section>`;
}

function reproduce(result: CompareResult, meta: ReportMeta): string {
  return reproduceSection(
    result,
    meta.command,
    result.files.map((f) => [`${f.label} input SHA-256`, `<code>${e(f.input_sha256)}</code>`]),
  );
}

export function renderCompareReport(result: CompareResult, detail: CompareDetail, meta: ReportMeta): string {
  const charts = comparisonCharts(result, detail);
  const specs: Record<string, unknown> = {};
  for (const [id, chart] of charts) specs[id] = compileChart(chart.spec).spec;

  const body = `${header(result, meta)}
<section><h2>Key outputs</h2>
${figure(charts.get('bands')!)}
</section>
${diffTable(result)}
${result.attributed.map((output) => outputSection(result, output, charts)).join('\n')}
${outputsTable(result)}
${reproduce(result, meta)}`;
  return renderPage(`Sora compute: ${result.files.map((f) => f.name).join(' vs ')}`, body, specs);
}
