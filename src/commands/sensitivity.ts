/**
 * `sora-compute sensitivity FILE`: which uncertain assumptions make each chosen output's band
 * wide, and what knowing each would buy. Prints a ranked table per output (or JSON) and writes
 * the sensitivity page.
 */
import { basename, extname, join } from 'node:path';
import { UserError } from '../errors.js';
import { checkWritable, writeFileAtomic } from '../io/output-files.js';
import { KEY_OUTPUTS, OUTPUT_NAMES, findOutput } from '../model/outputs.js';
import { REPORT_MARKER } from '../report/page.js';
import { analyzeSensitivityOn } from '../sensitivity/analyze.js';
import type { SensitivityResult } from '../sensitivity/types.js';
import { loadScenario } from '../scenario/index.js';
import { didYouMean } from '../scenario/suggest.js';
import { renderSensitivityText } from '../terminal/sensitivity-text.js';
import { layoutFor } from '../terminal/width.js';
import type { SamplingOptions } from './options.js';
import type { Io } from './run.js';

/** Rows of each of A and B when --samples is not given: the baseline's analysis in about a second. */
export const DEFAULT_SENSITIVITY_SAMPLES = 1 << 15;
/** Every per-assumption evaluation is kept until the estimators run, so the count is bounded. */
export const MAX_SENSITIVITY_SAMPLES = 1 << 20;
export const MIN_SENSITIVITY_SAMPLES = 100;

/**
 * Below this many samples one thread is faster: a worker's start and its own draws of the
 * matrices cost more than its share saves. Measured on 2 cores: at 32,768 samples 1.75 s on one
 * thread against 2.05 s on two; at 131,072, 5.4 s against 3.4 s.
 */
export const MIN_SAMPLES_FOR_THREADS = 1 << 16;

/** The thread count when none is given: the cores for a large analysis, else one. */
export function defaultSensitivityThreads(samples: number, cores: number): number {
  return samples >= MIN_SAMPLES_FOR_THREADS ? cores : 1;
}

export interface SensitivityCommandOptions extends SamplingOptions {
  file: string;
  /** Outputs to analyse (--output); empty for KEY_OUTPUTS. */
  outputs: string[];
}

export function defaultSensitivityReportPath(file: string): string {
  return join('reports', `${basename(file, extname(file))}-sensitivity.html`);
}

/** The named outputs, each once, in the order given (KEY_OUTPUTS when none); an unknown name is a UserError. */
export function chosenOutputs(named: readonly string[]): string[] {
  for (const name of named) {
    if (!findOutput(name)) {
      throw new UserError(`'${name}' is not an output${didYouMean(name, OUTPUT_NAMES)}; outputs are ${OUTPUT_NAMES.join(', ')}`, { field: '--output' });
    }
  }
  return [...new Set<string>(named.length ? named : KEY_OUTPUTS)];
}

export async function sensitivityCommand(options: SensitivityCommandOptions, io: Io): Promise<SensitivityResult> {
  const outputs = chosenOutputs(options.outputs);
  if (options.samples < MIN_SENSITIVITY_SAMPLES || options.samples > MAX_SENSITIVITY_SAMPLES) {
    throw new UserError(
      `sensitivity takes ${MIN_SENSITIVITY_SAMPLES} to ${MAX_SENSITIVITY_SAMPLES.toLocaleString('en-US')} samples (rows of each of its two matrices), got ${options.samples.toLocaleString('en-US')}`,
      { field: '--samples' },
    );
  }
  const scenario = loadScenario(options.file);
  if (options.report) checkWritable(options.report, '--report', (head) => head.includes(REPORT_MARKER), scenario.files);

  const result = await analyzeSensitivityOn(scenario, { samples: options.samples, seed: options.seed, outputs, method: options.method }, options.threads);
  if (Object.keys(result.outputs).length === 0) {
    throw new UserError(`no uncertain assumption moves ${outputs.join(', ')} in this scenario: there is nothing to analyse`, { file: options.file });
  }

  if (options.report) {
    // Loaded only when a page is written, as run does: vega-lite is large.
    const { renderSensitivityReport } = await import('../report/sensitivity-report.js');
    writeFileAtomic(options.report, renderSensitivityReport(result, { command: options.commandLine }));
  }
  if (options.json) {
    io.stdout.write(JSON.stringify(result, null, 2) + '\n');
  } else {
    io.stdout.write(renderSensitivityText(result, layoutFor(io.stdout)));
    if (options.report) io.stdout.write(`\nreport: ${options.report}\n`);
  }
  return result;
}
