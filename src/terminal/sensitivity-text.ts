/** The terminal view of `sensitivity`: per output, a table of its assumptions ranked by total effect, and what to research first. */
import { formatNumber, formatQuantity, formatValue } from '../format.js';
import type { InputSensitivity, OutputSensitivity, SensitivityResult } from '../sensitivity/types.js';
import { finish, fitTable, paragraph } from './layout.js';
import { seedText } from './run-text.js';
import type { Layout } from './width.js';
import { METHOD_NAMES } from '../sampling/design.js';

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
    .filter(([, x]) => (x.sobol_total ?? 0) !== 0 || x.spearman !== 0 || x.tornado.low !== x.tornado.high)
    .sort(([, a], [, b]) => (b.sobol_total ?? 0) - (a.sobol_total ?? 0) || b.contribution - a.contribution);
}

/** One sentence: which assumption to research first, and why. */
export function researchSentence(name: string, output: OutputSensitivity): string {
  const first = output.research_first;
  if (Object.values(output.inputs).some((x) => x.band_if_known === null)) {
    return `What to research first for ${name} is left out: it assumes independent assumptions, and this scenario correlates some.`;
  }
  if (!first) return `No single assumption, known exactly, would narrow the 90% band of ${name}.`;
  const x = output.inputs[first];
  const known = x.band_if_known!;
  const exact = output.log_scale ? known <= 1 + 1e-9 : known <= 1e-9 * Math.abs(output.band);
  if (exact) return `Research ${first} first: it is the only uncertain assumption ${name} depends on here, so knowing it would fix ${name} exactly.`;
  return (
    `Research ${first} first: knowing it exactly would narrow the 90% band of ${name} from ${output.log_scale ? '' : 'a width of '}${bandText(output, output.band)} ` +
    `to about ${bandText(output, known)}, more than knowing any other assumption; it carries ${percent(x.sobol_total!)} of the variance` +
    `${output.log_scale ? ` of log ${name}` : ''} (total Sobol index).`
  );
}

/** Fits `layout.width` as run's table does: narrow, each assumption's name stands above its figures. */
export function renderSensitivityText(result: SensitivityResult, layout: Layout = { colour: false }): string {
  const { width } = layout;
  const m = result.method;
  const lines = [
    ...paragraph(`${result.scenario.name} (${result.file})`, width, '  '),
    ...paragraph(
      result.independence
        ? `${m.rows.toLocaleString('en-US')} correlated draws, seed ${seedText(result.seed)}, ${m.model_evaluations} model evaluations`
        : `${m.rows.toLocaleString('en-US')} draws in each of matrices A and B, seed ${seedText(result.seed)}, ${m.model_evaluations} model evaluations; ` +
          `Sobol intervals from ${m.bootstrap_resamples} bootstrap resamples`,
      width,
      '  ',
    ),
  ];
  if (result.sampling_method) lines.push(...paragraph(`design: ${METHOD_NAMES[result.sampling_method]}`, width, '  '));
  for (const [name, o] of Object.entries(result.outputs)) {
    const f = (x: number) => formatValue(x, o.unit);
    lines.push(
      '',
      ...paragraph(
        `${name} [${o.unit}]: P50 ${f(o.p50)}, 90% band ${f(o.p5)} to ${f(o.p95)} (${bandText(o, o.band)})` +
          (result.independence ? '' : o.log_scale ? '; Sobol indices of its log' : '; Sobol indices of its values'),
        width,
        '  ',
      ),
    );
    const independent = !result.independence;
    const rows = ranked(o).map(([a, x]) => [
      a,
      (x.spearman >= 0 ? '+' : '') + x.spearman.toFixed(2),
      percent(x.contribution),
      `${f(x.tornado.low)} to ${f(x.tornado.high)}`,
      ...(independent ? [`${index(x.sobol_first!)} ${ci(x.sobol_first_ci95!)}`, `${index(x.sobol_total!)} ${ci(x.sobol_total_ci95!)}`, bandText(o, x.band_if_known!)] : []),
    ]);
    const header = ['assumption', 'spearman', 'share', 'P50 at its P10 to P90', ...(independent ? ['Sobol first [95%]', 'total [95%]', 'band if known'] : [])];
    // Narrower than the stacked table: two short lines under each assumption's name.
    const narrow = (): string =>
      rows
        .map(([a, rho, share, tornado, first, total, band]) =>
          [
            a,
            ...paragraph(`spearman ${rho}, share ${share}; P50 at its P10 to P90: ${tornado}`, width, '    ').map((l) => `  ${l}`),
            ...(independent ? paragraph(`Sobol first ${first}, total ${total}; band if known ${band}`, width, '    ').map((l) => `  ${l}`) : []),
          ].join('\n'),
        )
        .join('\n');
    lines.push(fitTable(header, rows, (c) => c > 0, width, { title: [0], narrow }));
    lines.push(...paragraph(researchSentence(name, o), width));
  }
  if (result.independence) {
    const pairs = result.independence.correlations.map((c) => `${c.between.join(' ~ ')} ${c.spearman}`).join(', ');
    lines.push('', ...paragraph(`Correlated (${pairs}): ${result.independence.note}`, width));
  }
  if (result.constant.length) lines.push('', ...paragraph(`Constant in this scenario (no uncertain assumption moves them): ${result.constant.join(', ')}`, width));
  lines.push(
    '',
    ...paragraph(
      'share: squared Spearman coefficients, normalised (contribution to variance). band if known: the expected 90% band if the ' +
        'assumption were known exactly, averaged over its distribution. Assumptions an output does not depend on are left out.',
      width,
    ),
  );
  return finish(lines, layout);
}
