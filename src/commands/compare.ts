/**
 * `sora-compute compare A B [C...]`: load every file, draw them on common random numbers,
 * print the bands, the differing assumptions and the attribution (or JSON), and write the
 * comparison page when asked.
 */
import { attributedOutputs, checkSameCorrelations, compareScenarios, MAX_FILES, MIN_FILES } from '../compare/compare.js';
import { precisionRecord, probeRatioVariances, samplesFor, type PrecisionPlan } from '../compare/precision.js';
import { percent } from '../terminal/run-text.js';
import type { CompareResult } from '../compare/types.js';
import { EXACT_LIMIT } from '../engine/simulate.js';
import { UserError } from '../errors.js';
import { PendingOutputs, writeOutputs } from '../io/output-files.js';
import { writeFileSync } from 'node:fs';
import { REPORT_MARKER } from '../report/page.js';
import { loadScenario } from '../scenario/index.js';
import { warmThreads } from '../engine/workers.js';
import { layoutFor } from '../terminal/width.js';
import { progressBar } from '../progress.js';
import { renderCompareText } from '../terminal/compare-text.js';
import type { Io } from './run.js';
import { type SamplingOptions, printResult } from './options.js';
import { basename, extname, join } from 'node:path';

/**
 * Every percentile of a comparison is exact, as run's are up to the same count. Memory stays
 * bounded below it (windows of a few thousand draws a coalition; at the most, two files with
 * their page took 0.41 GB and 21 s on two cores: docs/performance.md).
 */
export const MAX_COMPARE_SAMPLES = EXACT_LIMIT;

/** reports/compare-<first stem>-vs-<second stem>[-vs-...].html, beside run's reports/<stem>.html. */
export function defaultComparePath(files: string[]): string {
  return join('reports', `compare-${files.map((file) => basename(file, extname(file))).join('-vs-')}.html`);
}

/**
 * The thread count when none is given: every core. The threads share out the evaluations (the
 * files and the attributions' coalitions, some 1,900 for the README's example), not the chunks,
 * so even the default 100,000 samples (two chunks) keep every core busy.
 */
export function defaultCompareThreads(_samples: number, cores: number): number {
  return Math.max(1, cores);
}

export interface CompareCommandOptions extends SamplingOptions {
  /** The first is the reference. */
  files: string[];
  /** Outputs to attribute besides the key ones (--output). */
  outputs: string[];
  /** `--observe NAME=LOW:HIGH`: evidence every file is conditioned on. */
  observe?: string[];
  /** `--precision`: the relative half-width wanted of every key ratio of P50s (0.01 for 1%). */
  precision?: number;
  /** With --precision: the most samples it may take. */
  maxSamples?: number;
}

export async function compareCommand(options: CompareCommandOptions, io: Io): Promise<CompareResult> {
  const count = options.files.length;
  if (count < MIN_FILES || count > MAX_FILES) {
    throw new UserError(
      `compare takes ${MIN_FILES} to ${MAX_FILES} scenario files (the first is the reference), got ${count}`,
    );
  }
  if (options.samples > MAX_COMPARE_SAMPLES) {
    throw new UserError(
      `compare takes at most ${MAX_COMPARE_SAMPLES.toLocaleString('en-US')} samples a file (its percentiles are exact, as run's are up to there), got ${options.samples.toLocaleString('en-US')}`,
      { field: '--samples' },
    );
  }
  const outputs = attributedOutputs(options.outputs);
  // The threads load their modules while the files load (and are left idle if a file is refused).
  warmThreads(Math.max(0, options.threads - 1));
  // Any invalid file stops the comparison with the error `run` gives, naming the file.
  const scenarios = options.files.map((file) => loadScenario(file, { observe: options.observe }));
  checkSameCorrelations(scenarios);
  // The page's temp file is created now, so an unwritable path is refused before any sampling.
  const pages = PendingOutputs.prepare(
    options.report ? [{ path: options.report, flag: '--report', isOurs: (head) => head.includes(REPORT_MARKER) }] : [],
    scenarios.flatMap((s) => s.files),
  );

  // --precision: the sample count from the probe's batch variances, then one comparison.
  let samples = options.samples;
  let precisionPlan: PrecisionPlan | undefined;
  if (options.precision !== undefined) {
    if (scenarios.some((s) => s.evidence.length)) {
      throw new UserError('--precision does not work under evidence yet: give --samples', { field: '--precision' });
    }
    precisionPlan = probeRatioVariances(scenarios, { seed: options.seed, method: options.method });
    samples = Math.min(samplesFor(precisionPlan, options.precision), Math.min(options.maxSamples ?? MAX_COMPARE_SAMPLES, MAX_COMPARE_SAMPLES));
  }

  // The page's module (with vega-lite: 20 ms to import from the bundle, scripts/bundle-cli.mjs;
  // 150 ms from node_modules) loads while the main thread waits for the other threads to finish
  // their share; awaited, and any failure thrown, only where it is used.
  const renderer = options.report ? import('../report/compare-report.js') : null;
  renderer?.catch(() => {});
  // On a terminal only, and never with --json, as run's bar.
  const progress = progressBar(io.stderr, 'sampling');
  const { result, detail } = await compareScenarios(scenarios, {
    samples,
    seed: options.seed,
    outputs,
    threads: options.threads,
    method: options.method,
    detail: Boolean(options.report),
    ...(options.json ? {} : { onProgress: progress }),
  });
  progress.end();
  if (precisionPlan) {
    result.precision = precisionRecord(precisionPlan, result, options.precision!, Math.min(options.maxSamples ?? MAX_COMPARE_SAMPLES, MAX_COMPARE_SAMPLES));
    if (result.precision.stopped === 'max_samples') {
      io.stderr.write(
        `warning: --max-samples (${result.precision.max_samples.toLocaleString('en-US')}) came before --precision ${percent(result.precision.target)}: ` +
          `the widest 95% interval of a ratio of P50s is ±${percent(result.precision.reached)}\n`,
      );
    }
  }

  const failure = await writeOutputs(pages, async () => {
    if (!options.report) return;
    // Imported before sampling (above), only when a report is written.
    const { renderCompareReport } = await renderer!;
    const html = renderCompareReport(result, detail!, { command: options.commandLine });
    await pages.write('--report', (temp) => writeFileSync(temp, html));
  });
  printResult(io, options.json, result, () => renderCompareText(result, layoutFor(io.stdout)), [['report', options.report]], failure);
  return result;
}
