/**
 * The terminal view of a sweep: per output, one row per value of the varied assumption with
 * P5 to P95; an output the assumption cannot move gets one row and a line saying so.
 */
import { formatValue } from '../format.js';
import { findOutput } from '../model/outputs.js';
import type { SweepResult } from '../sweep/sweep.js';
import { seedText, table } from './run-text.js';

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

export function renderSweepText(result: SweepResult): string {
  const lines: string[] = [];
  const method = result.percentile_method.exact
    ? 'exact type-7 percentiles'
    : `type-7 percentiles within ${result.percentile_method.max_relative_error.toExponential(1)} relative error`;
  const spaced = result.spacing === 'log' ? 'geometrically spaced' : 'evenly spaced';
  const unit = result.vary_unit;
  lines.push(`${result.scenario.name} (${result.file})`);
  lines.push(`${result.vary} [${unit}]: ${result.steps} ${spaced} points from ${formatValue(result.from, unit)} to ${formatValue(result.to, unit)}`);
  lines.push(`each point fixes it, in place of the scenario's own (${result.replaces.describe}, set by ${result.replaces.from})`);
  lines.push(
    `${result.samples.toLocaleString('en-US')} samples per point, seed ${seedText(result.seed)}, ${method}; ` +
      'every point takes the same draws of the other assumptions',
  );

  for (const [name, { unit: outUnit, depends_on_vary }] of Object.entries(result.outputs)) {
    const f = (x: number): string => formatValue(x, outUnit);
    const cells = (i: number): string[] => KEYS.map((k) => f(result.points[i].outputs[name].percentiles[k]));
    lines.push('', `${name} [${outUnit}]: ${findOutput(name)?.meaning ?? ''}`);
    if (!depends_on_vary) {
      lines.push(`does not depend on ${result.vary}: the same at every point`);
      lines.push(table(['', ...HEADER], [['every point', ...cells(0)]], (c) => c >= 1));
      continue;
    }
    const labels = valueLabels(result.points.map((p) => p.value), unit);
    const rows = result.points.map((_, i) => [labels[i], ...cells(i)]);
    lines.push(table([result.vary, ...HEADER], rows, () => true));
  }
  return lines.join('\n') + '\n';
}
