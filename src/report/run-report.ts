/**
 * One run as one self-contained HTML page: the Vega runtime and the compiled charts are inlined
 * and the page requests nothing (its CSP forbids it). The same RunResult and command give the
 * same bytes; the only varying line, "Generated ...", appears only when asked for.
 */
import type { AssumptionSummary, OutputSummary, PercentileKey, RunResult } from '../engine/types.js';
import { PERCENTILES, relativeHalfWidth, WIDE_INTERVAL } from '../engine/types.js';
import { formatQuantity } from '../format.js';
import { findAssumption, describeDomain } from '../model/assumptions.js';
import { OUTPUTS, SLIP_NOTE, findOutput } from '../model/outputs.js';
import { bareQuantity } from './charts/axis.js';
import { assumptionCharts, mainCharts, type Chart } from './charts/index.js';
import { compileChart } from './compile.js';
import { realityChart } from './charts/reality.js';
import { realityChecks, type RealityCheck } from './reality.js';
import { movement, posteriorChart } from './charts/posterior.js';
import { describeObservation } from '../scenario/evidence.js';
import { designMeta, escapeHtml, quantity } from './html.js';
import { renderPage, reproduceSection } from './page.js';
import { whatMattersSection } from './what-matters.js';
import { ACHIEVED_ROWS } from '../engine/run.js';
import { precisionText } from '../terminal/run-text.js';


export const HEADLINE_OUTPUTS = [
  'gpus_peak',
  'crossover_video_minutes',
  'training_flops',
  'training_gpus',
  'cost_per_video_minute_usd',
] as const;

export interface ReportMeta {
  /** The command line as typed, shown under "Reproduce". */
  command: string;
  /** When given, one line says when the report was generated; omit it for byte-identical reports. */
  generatedAt?: string;
}


const e = escapeHtml;

function outputHook(name: string, key: string, x: number, unit: string): string {
  return quantity(x, unit, { output: name, percentile: key });
}

/** The correlations: targets beside what the draws achieved. */
function correlationsTable(result: RunResult): string {
  if (!result.correlations?.length) return '';
  const rows = result.correlations.map(
    (c) => `<tr><td class="text"><code>${e(c.between[0])}</code> ~ <code>${e(c.between[1])}</code></td><td>${e(String(c.spearman))}</td><td>${e(c.achieved.toFixed(3))}</td><td class="text">${e(c.note ?? c.source ?? '')}</td></tr>`,
  );
  return `<div class="scroll"><table class="correlations">
<caption>Correlated assumptions: target Spearman rank correlations (Iman-Conover, block by block) and those the run's first ${e(Math.min(ACHIEVED_ROWS, result.samples).toLocaleString('en-US'))} draws achieved</caption>
<thead><tr><th class="text">pair</th><th>target</th><th>achieved</th><th class="text">why</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></div>
`;
}

function header(result: RunResult, meta: ReportMeta): string {
  const { name, description } = result.scenario;
  return `<header>
<h1>Sora compute: ${e(name)}</h1>
${description ? `<p class="lede">${e(description)}</p>\n` : ''}<p class="meta">Scenario file <code>${e(result.file)}</code> · ${e(formatQuantity(result.samples, ''))} draws · seed <code>${e(String(result.seed))}</code>${designMeta(result.sampling_method)} · sora-compute ${e(result.version)}</p>
${result.precision ? `<p class="meta">${e(precisionText(result.precision))}</p>\n` : ''}${(result.set ?? []).map((o) => `<p class="meta">What-if: <code>--set ${e(o.set)}</code>, in place of ${e(o.replaces)} (${e(o.replaces_from)})</p>\n`).join('')}${correlationsTable(result)}${result.small_sample_note ? `<p class="meta">Note: ${e(result.small_sample_note)}</p>\n` : ''}${meta.generatedAt !== undefined ? `<p class="generated">Generated ${e(meta.generatedAt)}</p>\n` : ''}</header>`;
}

function headlineCards(result: RunResult): string {
  const cards = HEADLINE_OUTPUTS.flatMap((name) => {
    const out = result.outputs[name];
    if (!out) return [];
    const p = out.percentiles;
    return [
      `<div class="card">
<div class="label">${e(findOutput(name)?.meaning ?? name)}</div>
<div class="name">${e(name)}</div>
<span class="big">${outputHook(name, 'p50', p.p50, out.unit)}</span>
<div class="band">${out.constant ? 'constant in this scenario' : `P5–P95: ${outputHook(name, 'p5', p.p5, out.unit)} to ${outputHook(name, 'p95', p.p95, out.unit)}`}</div>
</div>`,
    ];
  });
  return `<section aria-label="Headline figures"><div class="cards">\n${cards.join('\n')}\n</div>
<p class="meta">Big numbers are medians (P50) over all draws; below each, the range holding the middle 90% of draws.</p></section>`;
}

function chartDiv(chart: Chart): string {
  return `<div class="chart" data-chart="${e(chart.id)}" role="img" aria-label="${e(chart.title)}"></div>`;
}

function chartsSection(charts: Chart[]): string {
  const figures = charts.map(
    (c) => `<figure>
<h3>${e(c.title)}</h3>
${chartDiv(c)}
<figcaption>${e(c.caption)}</figcaption>
</figure>`,
  );
  return `<section><h2>Charts</h2>\n${figures.join('\n')}\n</section>`;
}

/** Assumptions whose posterior the page overlays on the prior: the ones the evidence moved most. */
export const MOVED_SHOWN = 4;

function evidenceSection(result: RunResult): { html: string; charts: Chart[] } {
  const c = result.conditioning;
  if (!c || !result.evidence || !result.prior) return { html: '', charts: [] };
  const observations = result.evidence
    .map((o) => {
      const range = describeObservation({ name: o.name, low: o.low ?? -Infinity, high: o.high ?? Infinity });
      return `<li><code>${e(range)}</code> (${e(o.kind)}, from ${e(o.from)}): ${e(formatQuantity(o.accepted, ''))} of ${e(formatQuantity(c.drawn, ''))} draws meet it alone${o.source ? `. Source: ${e(o.source)}` : ''}${o.note ? `. Note: ${e(o.note)}` : ''}</li>`;
    })
    .join('\n');
  const more = c.extended
    ? ` Fewer than ${e(formatQuantity(c.min_accepted, ''))} met it in the run’s ${e(formatQuantity(result.samples, ''))} samples, so it drew on, chunk by chunk, to ${e(formatQuantity(c.drawn, ''))}${c.accepted < c.min_accepted ? ', where --max-samples stopped it' : ''}.`
    : '';
  const band = (p: { p5: number; p50: number; p95: number }, unit: string) =>
    p.p5 === p.p95 ? e(formatQuantity(p.p50, unit)) : `${e(formatQuantity(p.p50, unit))} <span class="meta">[${e(formatQuantity(p.p5, unit))} to ${e(formatQuantity(p.p95, unit))}]</span>`;
  const outputRows = Object.entries(result.outputs).map(
    ([name, out]) => `<tr><td><code>${e(name)}</code></td><td>${band(result.prior![name].percentiles, out.unit)}</td><td>${band(out.percentiles, out.unit)}</td></tr>`,
  );
  const uncertain = Object.entries(result.assumptions).filter(([, a]) => a.posterior);
  const assumptionRows = uncertain.map(
    ([name, a]) => `<tr><td><code>${e(name)}</code></td><td>${band(a.percentiles, a.unit)}</td><td>${band(a.posterior!.percentiles, a.unit)}</td></tr>`,
  );
  const moved = uncertain
    .map(([name, a]) => ({ name, a, by: movement(a) }))
    .filter((m) => m.by > 0)
    .sort((x, y) => y.by - x.by)
    .slice(0, MOVED_SHOWN);
  const charts = moved.flatMap(({ name, a }) => {
    const spec = posteriorChart(name, a);
    return spec ? [{ id: `posterior-${name}`, title: name, caption: '', spec }] : [];
  });
  const figures = charts.map(
    (chart) => `<figure class="assumption">
<h3><code>${e(chart.title)}</code></h3>
${chartDiv(chart)}
</figure>`,
  );
  const html = `<section><h2>Evidence</h2>
<p>This run is conditioned on what was observed: of ${e(formatQuantity(c.drawn, ''))} draws, the ${e(formatQuantity(c.accepted, ''))} that meet every observation (rejection sampling) make the posterior, which every figure and chart above and below shows; the prior is the run without evidence.${more}</p>
<ul>
${observations}
</ul>
${charts.length ? `<h3 class="subhead">The assumptions the evidence moved most</h3>
<p>Light bars: the prior’s probability per bin; orange outline: the posterior’s; lines: the two medians.</p>
<div class="assumptions">
${figures.join('\n')}
</div>` : ''}
<h3 class="subhead">Prior and posterior, P50 [P5 to P95]</h3>
<div class="scroll"><table>
<thead><tr><th class="text">output or assumption</th><th>prior</th><th>posterior</th></tr></thead>
<tbody>
${[...outputRows, ...assumptionRows].join('\n')}
</tbody></table></div>
</section>`;
  return { html, charts };
}

function realitySection(checks: readonly RealityCheck[]): string {
  if (checks.length === 0) return '';
  const figures = checks.map((c) => {
    const b = c.band;
    const bandText = b.constant
      ? `This run: ${quantity(b.p50, c.unit, { output: c.output, percentile: 'p50' })} (constant).`
      : `This run: P50 ${quantity(b.p50, c.unit, { output: c.output, percentile: 'p50' })}, P5–P95 ${quantity(b.p5, c.unit, { output: c.output, percentile: 'p5' })} to ${quantity(b.p95, c.unit, { output: c.output, percentile: 'p95' })}.`;
    const sources = c.points
      .map((p) => `<li data-placement="${e(p.placement)}"><strong>${e(p.label)}</strong>, ${e(p.placement)}: ${e(p.detail)}. Source: ${e(p.source)}</li>`)
      .join('\n');
    return `<figure>
<h3>${e(c.title)}</h3>
<p class="reality-sentence">${e(c.sentence)}</p>
<div class="chart" data-chart="${e(c.id)}" role="img" aria-label="${e(c.title)}"></div>
<figcaption>${bandText} Shaded: this run’s P5 to P95 of <code>${e(c.output)}</code>; tick: its P50; orange diamonds: published figures. ${e(c.caveat)}</figcaption>
<ul class="sources">
${sources}
</ul>
</figure>`;
  });
  return `<section><h2>Reality check</h2>
<p>This run’s bands beside what open models measured and what APIs charge (data/measurements.yaml), each figure with its source and date. See docs/model.md, “Calibrated inference”.</p>
${figures.join('\n')}
</section>`;
}

function assumptionCard(name: string, a: AssumptionSummary, chart: Chart | undefined): string {
  const info = findAssumption(name);
  const hook = (key: 'p5' | 'p50' | 'p95') => quantity(a.percentiles[key], a.unit, { assumption: name, percentile: key });
  const ps = a.fixed
    ? `value ${hook('p50')}`
    : `P5 ${hook('p5')} · P50 ${hook('p50')} · P95 ${hook('p95')}`;
  const source = a.source ?? (a.from === 'model.md' ? info?.source : undefined);
  return `<article class="assumption">
<h3><code>${e(name)}</code>${a.unit ? ` <span class="meta">[${e(a.unit)}]</span>` : ''}</h3>
${info ? `<span class="meaning">${e(info.meaning)}; valid: ${e(describeDomain(info.domain))}</span>` : ''}
<p class="describe">${e(a.describe)}</p>
<p class="ps">${ps}</p>
${chart ? chartDiv(chart) : ''}
${source ? `<p class="source">Source: ${e(source)}</p>` : ''}
${a.note ? `<p class="source">Note: ${e(a.note)}</p>` : ''}
<p class="from">Set by ${e(a.from)}</p>
</article>`;
}

function assumptionsSection(result: RunResult, charts: Map<string, Chart>): string {
  const entries = Object.entries(result.assumptions);
  const uncertain = entries.filter(([, a]) => !a.fixed);
  const fixed = entries.filter(([, a]) => a.fixed);
  const cards = (list: typeof entries) => list.map(([name, a]) => assumptionCard(name, a, charts.get(name))).join('\n');
  return `<section><h2>Assumptions</h2>
<p>${uncertain.length} uncertain and ${fixed.length} fixed. Percentiles of assumptions are exact, from each distribution itself; the histograms show the probability of each bin, with the median as a line.</p>
<div class="assumptions">\n${cards(uncertain)}\n</div>
${fixed.length ? `<h3 class="subhead">Fixed</h3>\n<div class="assumptions">\n${cards(fixed)}\n</div>` : ''}
</section>`;
}

function outputsTable(result: RunResult): string {
  const keys = PERCENTILES.map((p) => `p${p}` as PercentileKey);
  const head = `<tr><th>output</th><th class="text">unit</th><th>mean</th>${keys.map((k) => `<th>${k.toUpperCase()}</th>`).join('')}</tr>`;
  let flagged = 0;
  const rows = Object.entries(result.outputs).map(([name, out]: [string, OutputSummary]) => {
    // The unit column names the unit once, so cells stay narrow enough for 1200px.
    const cell = (k: string, x: number, ci = '', wide = false) =>
      `<td${wide ? ' class="wide"' : ''}>${quantity(x, out.unit, { output: name, percentile: k }, bareQuantity(x, out.unit))}${ci}</td>`;
    const cells = keys
      .map((k) => {
        const x = out.percentiles[k];
        const interval = out.ci95?.[k];
        if (!interval || out.constant) return cell(k, x);
        const wide = relativeHalfWidth(x, interval) > WIDE_INTERVAL;
        const ci = `<span class="ci">${e(bareQuantity(interval[0], out.unit))}–${e(bareQuantity(interval[1], out.unit))}${wide ? ' wide' : ''}</span>`;
        if (wide) flagged++;
        return cell(k, x, ci, wide);
      })
      .join('');
    const info = findOutput(name);
    const meaning = info ? `${info.meaning} = ${info.formula}` : undefined;
    return `<tr${out.constant ? ' class="constant"' : ''}><td><code>${e(name)}</code>${meaning ? `<span class="meaning">${e(meaning)}${out.constant ? ' (constant in this scenario)' : ''}</span>` : ''}</td><td class="text">${e(out.unit)}</td>${cell('mean', out.mean)}${cells}</tr>`;
  });
  return `<section><h2>Every output</h2>
<p>Percentiles over all draws: ${e(percentileMethodText(result))}</p>
${intervalsNote(result, flagged)}
<div class="scroll"><table>
<thead>${head}</thead>
<tbody>
${rows.join('\n')}
</tbody></table></div></section>`;
}

/** What the small figures under each percentile are, and how many are flagged wide. */
function intervalsNote(result: RunResult, flagged: number): string {
  if (!Object.values(result.outputs).some((o) => o.ci95)) return '';
  const wide = flagged
    ? ` ${flagged} ${flagged === 1 ? 'is' : 'are'} marked <span class="wide-mark">wide</span>: half the interval is more than ${100 * WIDE_INTERVAL}% of the percentile, so its second significant digit is not settled; more samples (or <code>--precision</code>) narrow it.`
    : ` None is wider than ±${100 * WIDE_INTERVAL}% of its percentile.`;
  return `<p class="meta">Under each percentile, its 95% confidence interval: the range that holds the percentile of the distribution itself, not just of these draws, 95 times in 100 (order statistics at binomial ranks, Hahn &amp; Meeker).${wide}</p>`;
}

function articleSection(result: RunResult): string {
  const rows: string[] = [];
  let slipped = false;
  for (const info of OUTPUTS) {
    const out = result.outputs[info.name];
    if (!out || info.article.length === 0) continue;
    for (const figure of info.article) {
      const scenario =
        figure.dataMultiplier === 4
          ? 'data multiplier 4 (conservative)'
          : figure.dataMultiplier === 10
            ? 'data multiplier 10 (optimistic)'
            : '';
      if (figure.note === SLIP_NOTE) slipped = true;
      const p = out.percentiles;
      const ratio = figure.printed !== 0 ? p.p50 / figure.printed : NaN;
      rows.push(`<tr><td><code>${e(info.name)}</code>${scenario ? `<span class="meaning">${e(scenario)}</span>` : ''}</td>
<td class="printed">${quantity(figure.printed, info.unit, { article: info.name, figure: 'printed' })}${figure.note === SLIP_NOTE ? ' *' : ''}</td>
<td>${figure.consistent !== undefined ? quantity(figure.consistent, info.unit, { article: info.name, figure: 'consistent' }) : ''}</td>
<td>${outputHook(info.name, 'p50', p.p50, out.unit)}</td>
<td>${out.constant ? 'constant' : `${outputHook(info.name, 'p5', p.p5, out.unit)} to ${outputHook(info.name, 'p95', p.p95, out.unit)}`}</td>
<td>${e(formatQuantity(ratio, '×'))}</td></tr>`);
    }
  }
  if (rows.length === 0) return '';
  return `<section><h2>Against the seed article</h2>
<p>The figures Matthias Plappert’s March 2024 estimate printed, beside this run’s. Where the article gives a conservative and an optimistic figure (data multiplier 4 and 10), both are shown.</p>
<div class="scroll"><table>
<thead><tr><th>output</th><th>article printed</th><th>consistent</th><th>this run P50</th><th>this run P5–P95</th><th>P50 ÷ printed</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></div>
${slipped ? `<p class="note">* ${e(SLIP_NOTE)} The “consistent” column gives the figure the article’s own arithmetic implies; this model computes the consistent figures.</p>` : ''}
</section>`;
}

function percentileMethodText(result: RunResult): string {
  const m = result.percentile_method;
  const how = m.exact
    ? 'exact order statistics of all draws'
    : `from a log-linear histogram of all draws, relative error at most ${formatQuantity(m.max_relative_error, '')}`;
  return `type 7 (linear interpolation between order statistics at (n − 1)p, as R and numpy by default), ${how}.`;
}

function reproduce(result: RunResult, meta: ReportMeta): string {
  return reproduceSection(result, meta.command, [
    ['scenario file', `<code>${e(result.file)}</code>`],
    ['input SHA-256', `<code>${e(result.input_sha256)}</code>`],
    ['percentiles', e(percentileMethodText(result))],
  ]);
}

export function renderRunReport(result: RunResult, meta: ReportMeta): string {
  const charts = mainCharts(result);
  const small = assumptionCharts(result);
  const reality = realityChecks(result);
  const evidence = evidenceSection(result);
  const specs: Record<string, unknown> = {};
  for (const chart of [...charts, ...small.values(), ...evidence.charts]) specs[chart.id] = compileChart(chart.spec).spec;
  for (const check of reality) specs[check.id] = compileChart(realityChart(check)).spec;

  const drivers = whatMattersSection(result, specs);
  const body = `${header(result, meta)}
${headlineCards(result)}
${evidence.html ? `${evidence.html}\n` : ''}${chartsSection(charts)}
${drivers}
${realitySection(reality)}
${assumptionsSection(result, small)}
${outputsTable(result)}
${articleSection(result)}
${reproduce(result, meta)}`;
  return renderPage(`Sora compute: ${result.scenario.name}`, body, specs);
}
