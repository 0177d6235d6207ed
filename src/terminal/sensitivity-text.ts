/** The terminal view of `sensitivity`: per output, a table of its assumptions ranked by total effect, and what to research first. */
import { formatNumber, formatQuantity, formatValue } from '../format.js';
import type { InputSensitivity, OutputSensitivity, SensitivityResult } from '../sensitivity/types.js';
import { seedText, table } from './run-text.js';

/** A band as a ratio ("66×") on a log scale, else as a width in the output's unit. */
export function bandText(output: OutputSensitivity, band: number): string {
  return output.log_scale ? `${formatNumber(band, 2)}×` : formatQuantity(band, output.unit);
}

const percent = (x: number): string => `${Math.round(100 * x)}%`;
const index = (x: number): string => (Math.abs(x) < 0.005 ? 0 : x).toFixed(2);
const ci = ([lo, hi]: [number, number]): string => `[${index(lo)}, ${index(hi)}]`;

/** Assumptions the output depends on, largest total effect first (then by contribution). */
export function ranked(output: OutputSensitivity): [string, InputSensitivity][] {
  return Object.entries(output.inputs)
    .filter(([, x]) => x.sobol_total !== 0 || x.spearman !== 0 || x.tornado.low !== x.tornado.high)
    .sort(([, a], [, b]) => b.sobol_total - a.sobol_total || b.contribution - a.contribution);
}

/** One sentence: which assumption to research first, and why. */
export function researchSentence(name: string, output: OutputSensitivity): string {
  const first = output.research_first;
  if (!first) return `No single assumption, known exactly, would narrow the 90% band of ${name}.`;
  const x = output.inputs[first];
  const exact = output.log_scale ? x.band_if_known <= 1 + 1e-9 : x.band_if_known <= 1e-9 * Math.abs(output.band);
  if (exact) return `Research ${first} first: it is the only uncertain assumption ${name} depends on here, so knowing it would fix ${name} exactly.`;
  return (
    `Research ${first} first: knowing it exactly would narrow the 90% band of ${name} from ${output.log_scale ? '' : 'a width of '}${bandText(output, output.band)} ` +
    `to about ${bandText(output, x.band_if_known)}, more than knowing any other assumption; it carries ${percent(x.sobol_total)} of the variance` +
    `${output.log_scale ? ` of log ${name}` : ''} (total Sobol index).`
  );
}

export function renderSensitivityText(result: SensitivityResult): string {
  const m = result.method;
  const lines = [
    `${result.scenario.name} (${result.file})`,
    `${m.rows.toLocaleString('en-US')} draws in each of matrices A and B, seed ${seedText(result.seed)}, ${m.model_evaluations} model evaluations; ` +
      `Sobol intervals from ${m.bootstrap_resamples} bootstrap resamples`,
  ];
  for (const [name, o] of Object.entries(result.outputs)) {
    const f = (x: number) => formatValue(x, o.unit);
    lines.push(
      '',
      `${name} [${o.unit}]: P50 ${f(o.p50)}, 90% band ${f(o.p5)} to ${f(o.p95)} (${bandText(o, o.band)})` +
        (o.log_scale ? '; Sobol indices of its log' : '; Sobol indices of its values'),
    );
    const rows = ranked(o).map(([a, x]) => [
      a,
      (x.spearman >= 0 ? '+' : '') + x.spearman.toFixed(2),
      percent(x.contribution),
      `${f(x.tornado.low)} to ${f(x.tornado.high)}`,
      `${index(x.sobol_first)} ${ci(x.sobol_first_ci95)}`,
      `${index(x.sobol_total)} ${ci(x.sobol_total_ci95)}`,
      bandText(o, x.band_if_known),
    ]);
    lines.push(table(['assumption', 'spearman', 'share', 'P50 at its P10 to P90', 'Sobol first [95%]', 'total [95%]', 'band if known'], rows, (c) => c > 0));
    lines.push(researchSentence(name, o));
  }
  if (result.constant.length) lines.push('', `Constant in this scenario (no uncertain assumption moves them): ${result.constant.join(', ')}`);
  lines.push(
    '',
    'share: squared Spearman coefficients, normalised (contribution to variance). band if known: the expected 90% band if the',
    'assumption were known exactly, averaged over its distribution. Assumptions an output does not depend on are left out.',
  );
  return lines.join('\n') + '\n';
}
