/**
 * Every chart of a run report, each a vega-lite spec built by one function from the RunResult,
 * with the words the page shows around it.
 */
import type { RunResult } from '../../engine/types.js';
import { assumptionChart } from './assumption.js';
import { crossoverChart } from './crossover.js';
import { cdfChart, histogramChart } from './distribution.js';
import { modalitiesChart } from './modalities.js';
import { percentileBandsChart } from './percentile-bands.js';
import type { TopLevelSpec } from './types.js';

export { assumptionChart, cdfChart, crossoverChart, histogramChart, modalitiesChart, percentileBandsChart };
export type { TopLevelSpec };

export interface Chart {
  /** Unique within a report; also the key of its compiled spec in the page. */
  id: string;
  title: string;
  caption: string;
  spec: TopLevelSpec;
}

/** The outputs whose whole distribution is drawn. */
export const DISTRIBUTION_OUTPUTS = ['gpus_peak', 'crossover_video_minutes'] as const;

export function mainCharts(result: RunResult): Chart[] {
  const charts: Chart[] = [
    {
      id: 'bands',
      title: 'How wide is each key output?',
      caption:
        'Each output divided by its own P50, so outputs in different units share one axis. ' +
        'Thin line: P5 to P95; thick bar: P25 to P75; tick: P50.',
      spec: percentileBandsChart(result),
    },
  ];
  for (const name of DISTRIBUTION_OUTPUTS) {
    if (!result.outputs[name]) continue;
    charts.push(
      {
        id: `histogram-${name}`,
        title: `Distribution of ${name}`,
        caption: 'Share of draws per bin, over the central 99.8% of draws, with P5, P50 and P95.',
        spec: histogramChart(result, name),
      },
      {
        id: `cdf-${name}`,
        title: `Cumulative distribution of ${name}`,
        caption: 'Share of draws at or below each value. Dashed orange lines: the figures the seed article printed.',
        spec: cdfChart(result, name),
      },
    );
  }
  charts.push(
    {
      id: 'crossover',
      title: 'When does inference compute overtake training compute?',
      caption:
        'The seed article’s first chart with uncertainty. Shaded horizontal band: training compute, P5 to P95 (dashed: P50). ' +
        'Rising band: cumulative inference compute, P5 to P95 per unit times the amount generated (line: P50). ' +
        'Dot and bar: the crossover, P50 and P5 to P95. DiT-XL/2’s training band is dit_training_flops times flops_per_mac at its P50, ' +
        'from the assumption summaries.',
      spec: crossoverChart(result),
    },
    {
      id: 'modalities',
      title: 'Inference compute per unit of output',
      caption:
        'The seed article’s second chart. Blue dot: this run’s P50; blue line: P5 to P95; orange diamond: the figure the article printed.',
      spec: modalitiesChart(result),
    },
  );
  return charts;
}

/** Small histograms of the uncertain assumptions, by assumption name. */
export function assumptionCharts(result: RunResult): Map<string, Chart> {
  const charts = new Map<string, Chart>();
  for (const [name, summary] of Object.entries(result.assumptions)) {
    const spec = assumptionChart(name, summary);
    if (spec) charts.set(name, { id: `assumption-${name}`, title: name, caption: summary.describe, spec });
  }
  return charts;
}
