/** The run report's "What matters" section: per key output, a tornado and the top shares of variance, from the run's what_matters block. */
import type { RunResult } from '../engine/types.js';
import { KEY_OUTPUTS } from '../model/outputs.js';
import { spansDecades } from '../sensitivity/scale.js';
import { tornadoBars, tornadoChart } from './charts/tornado.js';
import { compileChart } from './compile.js';
import { escapeHtml } from './html.js';

const e = escapeHtml;

/** Assumptions listed with their share under each tornado. */
const SHARES_SHOWN = 5;

/** The section's HTML, adding its compiled charts to `specs`; empty when no key output varies. */
export function whatMattersSection(result: RunResult, specs: Record<string, unknown>): string {
  const wm = result.what_matters;
  if (!wm) return '';
  const figures = KEY_OUTPUTS.flatMap((name) => {
    const drivers = wm.outputs[name];
    const out = result.outputs[name];
    if (!drivers || drivers.p50 === undefined || !out) return [];
    const log = spansDecades(out.min, out.percentiles.p5, out.percentiles.p95);
    const bars = tornadoBars(drivers.inputs, log);
    if (!bars.length) return [];
    const id = `what-matters-${name}`;
    specs[id] = compileChart(tornadoChart(bars, drivers.p50, out.unit, log, name)).spec;
    const shares = Object.entries(drivers.inputs)
      .sort(([, a], [, b]) => b.contribution - a.contribution)
      .slice(0, SHARES_SHOWN)
      .map(([a, x]) => `<code>${e(a)}</code> ${(100 * x.contribution).toFixed(0)}%`);
    return [
      `<figure>
<h3>What moves the median of ${e(name)}</h3>
<div class="chart" data-chart="${e(id)}" role="img" aria-label="${e(`Tornado of ${name}`)}"></div>
<figcaption>Share of the variance: ${shares.join(', ')}.</figcaption>
</figure>`,
    ];
  });
  if (!figures.length) return '';
  return `<section><h2>What matters</h2>
<p>Which assumptions make each key output wide, measured on the run’s first ${e(wm.rows.toLocaleString('en-US'))} draws. Bars: the output’s P50 with one assumption held at its own P10 (light) and P90 (dark) while every other stays uncertain, on the same draws; the line is the P50 of those draws with all uncertain. Shares of variance are squared Spearman rank correlations, normalised (contribution to variance). <code>sora-compute sensitivity</code> adds Sobol indices and what knowing each assumption would buy.</p>
${figures.join('\n')}
</section>`;
}
