/**
 * The terminal view of a sweep: per output, one row per value of the varied assumption with
 * P5 to P95; an output the assumption cannot move gets one row and a line saying so.
 */
import { formatValue } from '../format.js';
import { findOutput } from '../model/outputs.js';
import type { SweepResult } from '../sweep/sweep.js';
import { finish, fitTable, paragraph } from './layout.js';
import { percentileMethodText, samplesText, seedText } from './run-text.js';
import type { Layout } from './width.js';

const KEYS = ['p5', 'p25', 'p50', 'p75', 'p95'] as const;
const HEADER = KEYS.map((k) => k.toUpperCase());

/** The varied values at 3 significant digits, or as many more as it takes to tell them apart. */
export function valueLabels(values: readonly number[], unit: string): string[] {
  for (let digits = 3; digits < 12; digits++) {
    const labels = values.map((x) => formatValue(x, unit, digits));
    if (new Set(labels).size === labels.length) return labels;
  }
  return values.map(String);
}

export function renderSweepText(result: SweepResult, layout: Layout = { colour: false }): string {
  const { width } = layout;
  const lines: string[] = [];
  const method = percentileMethodText(result.percentile_method);
  const spaced = result.spacing === 'log' ? 'geometrically spaced' : 'evenly spaced';
  const unit = result.vary_unit;
  const say = (text: string): void => void lines.push(...paragraph(text, width, '  '));
  say(`${result.scenario.name} (${result.file})`);
  say(`${result.vary} [${unit}]: ${result.steps} ${spaced} points from ${formatValue(result.from, unit)} to ${formatValue(result.to, unit)}`);
  say(`each point fixes it, in place of the scenario's own (${result.replaces.describe}, set by ${result.replaces.from})`);
  say(
    `${samplesText(result.samples, ' per point')}, seed ${seedText(result.seed)}, ${method}; ` +
      'every point takes the same draws of the other assumptions',
  );

  for (const [name, { unit: outUnit, depends_on_vary }] of Object.entries(result.outputs)) {
    const f = (x: number): string => formatValue(x, outUnit);
    const cells = (i: number): string[] => KEYS.map((k) => f(result.points[i].outputs[name].percentiles[k]));
    lines.push('');
    say(`${name} [${outUnit}]: ${findOutput(name)?.meaning ?? ''}`);
    if (!depends_on_vary) {
      say(`does not depend on ${result.vary}: the same at every point`);
      lines.push(fitTable(['', ...HEADER], [['every point', ...cells(0)]], (c) => c >= 1, width, { title: [0] }));
      continue;
    }
    const labels = valueLabels(result.points.map((p) => p.value), unit);
    const rows = result.points.map((_, i) => [labels[i], ...cells(i)]);
    lines.push(fitTable([result.vary, ...HEADER], rows, () => true, width, { title: [0] }));
  }
  return finish(lines, layout);
}
