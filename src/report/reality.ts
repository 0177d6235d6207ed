/**
 * The run held against measured reality: for each of three outputs, the published figures of
 * data/measurements.yaml beside the run's P5 to P95 band, and where each falls in it. The report
 * draws them (charts/reality.ts) and says it in one sentence per chart.
 */
import { gpuSecondsPerVideoMinute, publishedMeasurements } from '../data/measurements.js';
import type { OutputSummary, RunResult } from '../engine/types.js';
import { formatQuantity } from '../format.js';
import { listWords } from '../scenario/suggest.js';

export type Placement = 'below P5' | 'inside' | 'above P95';

export interface RealityPoint {
  /** "Wan 2.1 T2V 14B (2025-02)" */
  label: string;
  value: number;
  source: string;
  date: string;
  placement: Placement;
  /** What the figure is, in a few words: "measured on 1 H100, 1280x720, ...". */
  detail: string;
}

export interface RealityCheck {
  id: string;
  output: string;
  title: string;
  unit: string;
  band: { p5: number; p50: number; p95: number; constant: boolean };
  points: RealityPoint[];
  /** One sentence: where the measurements fall in the band. */
  sentence: string;
  /** What the measurements are and are not, for the caption. */
  caveat: string;
}

export function placeInBand(value: number, band: { p5: number; p95: number }): Placement {
  return value < band.p5 ? 'below P5' : value > band.p95 ? 'above P95' : 'inside';
}

/**
 * "Of 3 open models' measured generation times, CogVideoX-5B (2024-08) falls below P5; Wan 2.1
 * T2V 14B (2025-02) and HunyuanVideo 13B (2024-12) fall inside this run's P5–P95 band." With a
 * constant output, "below", "equal to" or "above this run's figure".
 */
export function placementSentence(points: readonly RealityPoint[], what: string, constant: boolean): string {
  const parts = (['below P5', 'inside', 'above P95'] as const).flatMap((where) => {
    const names = points.filter((p) => p.placement === where).map((p) => p.label);
    if (names.length === 0) return [];
    const one = names.length === 1;
    const place = constant
      ? where === 'inside'
        ? `${one ? 'equals' : 'equal'} this run’s figure`
        : `${one ? 'falls' : 'fall'} ${where === 'below P5' ? 'below' : 'above'} this run’s figure`
      : `${one ? 'falls' : 'fall'} ${where === 'inside' ? 'inside this run’s P5–P95 band' : where}`;
    return [`${listWords(names)} ${place}`];
  });
  return `Of ${points.length} ${what}, ${parts.join('; ')}.`;
}

function band(out: OutputSummary) {
  const p = out.percentiles;
  return { p5: p.p5, p50: p.p50, p95: p.p95, constant: out.constant };
}

function check(
  result: RunResult,
  spec: { id: string; output: string; title: string; what: string; caveat: string },
  points: Omit<RealityPoint, 'placement'>[],
): RealityCheck | undefined {
  const out = result.outputs[spec.output];
  if (!out || points.length === 0) return undefined;
  const b = band(out);
  const placed = points.map((p) => ({ ...p, placement: placeInBand(p.value, b) }));
  return {
    id: spec.id,
    output: spec.output,
    title: spec.title,
    unit: out.unit,
    band: b,
    points: placed,
    sentence: placementSentence(placed, spec.what, b.constant),
    caveat: spec.caveat,
  };
}

/** The three reality checks of a run, each left out when the run lacks its output. */
export function realityChecks(result: RunResult): RealityCheck[] {
  const m = publishedMeasurements();
  const perMinute = (x: number) => `${formatQuantity(x, 'GPU-s/min')}, ${formatQuantity(3600 / x, 'min/GPU-h')}`;
  const checks = [
    check(
      result,
      {
        id: 'reality-inference',
        output: 'gpu_seconds_per_video_minute',
        title: 'GPU-seconds per minute of video, against open models measured on one H100',
        what: 'open models’ measured generation times',
        caveat:
          'Measured clips are 5 to 6 s long at 720p or less; attention spans the whole clip, so longer clips cost more per minute. ' +
          'Video minutes per GPU-hour are 3,600 divided by GPU-seconds per video minute.',
      },
      m.inference.map((x) => {
        const value = gpuSecondsPerVideoMinute(x);
        return {
          label: `${x.model} (${x.date})`,
          value,
          source: x.source,
          date: x.date,
          detail: `${x.configuration}: ${formatQuantity(x.seconds, 's')} on ${x.gpus} ${x.gpu}, ${perMinute(value)}`,
        };
      }),
    ),
    check(
      result,
      {
        id: 'reality-cost',
        output: 'cost_per_video_minute_usd',
        title: 'Cost per minute of video, against published API prices',
        what: 'published API prices',
        caveat: 'An API price includes the provider’s margin and everything besides GPU time, so it bounds the GPU cost from above.',
      },
      m.prices.map((x) => ({
        label: `${x.model} (${x.date})`,
        value: x.usd_per_second * 60,
        source: x.source,
        date: x.date,
        detail: `USD ${x.usd_per_second.toFixed(2)} per second of video, ${formatQuantity(x.usd_per_second * 60, 'USD/min')}`,
      })),
    ),
    check(
      result,
      {
        id: 'reality-training',
        output: 'training_gpu_hours',
        title: 'Training GPU-hours, against open models’ reported budgets',
        what: 'reported training budgets',
        caveat: 'These are open models of 7B to 11B parameters, not Sora; an H200 has the H100’s dense BF16 peak, so their GPU-hours compare directly.',
      },
      m.training.map((x) => ({
        label: `${x.model} (${x.date})`,
        value: x.gpu_hours,
        source: x.source,
        date: x.date,
        detail: `${formatQuantity(x.gpu_hours, 'GPU-h')} on ${x.gpu}`,
      })),
    ),
  ];
  return checks.filter((c): c is RealityCheck => c !== undefined);
}
