/**
 * The seed article's printed figures beside a run's: one list of rows that the terminal and
 * the reports both show, so they never disagree on what the article said.
 */
import type { RunResult } from '../engine/types.js';
import { OUTPUTS } from './outputs.js';

export interface ArticleRow {
  output: string;
  unit: string;
  /** "data multiplier 4" where the article gave one figure per scenario. */
  label?: string;
  printed: number;
  consistent?: number;
  note?: string;
  p5: number;
  p50: number;
  p95: number;
  /**
   * For a fixed output: whether it equals the figure the article should have printed (the
   * consistent one where the article slipped) to the printed number of significant digits.
   */
  reproduced?: boolean;
}

/** Significant digits of a printed figure: 4211 has 4, 1.08e25 has 3, 720000 has 2. */
export function significantDigits(x: number): number {
  const digits = x.toExponential().split('e')[0].replace('-', '').replace('.', '');
  return Math.max(1, digits.replace(/0+$/, '').length);
}

export function roundsTo(x: number, figure: number): boolean {
  const digits = significantDigits(figure);
  return Number(x.toPrecision(digits)) === Number(figure.toPrecision(digits));
}

export function articleRows(result: RunResult): ArticleRow[] {
  const multiplier = result.assumptions.data_multiplier;
  const fixedMultiplier = multiplier?.fixed ? multiplier.percentiles.p50 : undefined;
  const rows: ArticleRow[] = [];
  for (const info of OUTPUTS) {
    const out = result.outputs[info.name];
    if (!out) continue;
    for (const figure of info.article) {
      // With a fixed data multiplier of 4 or 10, only that scenario's figure applies.
      if (figure.dataMultiplier && fixedMultiplier !== undefined && [4, 10].includes(fixedMultiplier) && figure.dataMultiplier !== fixedMultiplier) continue;
      const target = figure.consistent ?? figure.printed;
      rows.push({
        output: info.name,
        unit: info.unit,
        ...(figure.dataMultiplier ? { label: `data multiplier ${figure.dataMultiplier}` } : {}),
        printed: figure.printed,
        ...(figure.consistent !== undefined ? { consistent: figure.consistent } : {}),
        ...(figure.note ? { note: figure.note } : {}),
        p5: out.percentiles.p5,
        p50: out.percentiles.p50,
        p95: out.percentiles.p95,
        ...(out.constant ? { reproduced: roundsTo(out.percentiles.p50, target) } : {}),
      });
    }
  }
  return rows;
}
