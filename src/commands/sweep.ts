/**
 * `sora-compute sweep FILE --vary NAME=FROM:TO[:STEPS]`: the scenario at each value of one
 * assumption, on common random numbers; a table per output or JSON, and a fan chart page.
 */
import { basename, extname, join } from 'node:path';
import { UserError } from '../errors.js';
import { PendingOutputs, writeOutputs } from '../io/output-files.js';
import { writeFileSync } from 'node:fs';
import { progressBar } from '../progress.js';
import { REPORT_MARKER } from '../report/page.js';
import { overflowMessage, overflows } from '../scenario/finite.js';
import { loadScenario } from '../scenario/index.js';
import { droppedCorrelations, sweepOutputs, sweepScenario, type SweepResult } from '../sweep/sweep.js';
import { parseVary, type Spacing } from '../sweep/vary.js';
import { layoutFor } from '../terminal/width.js';
import { renderSweepText } from '../terminal/sweep-text.js';
import { setSuffix, type Io } from './run.js';
import { type SamplingOptions, printResult } from './options.js';

export { DEFAULT_STEPS, MAX_STEPS } from '../sweep/vary.js';
export { DEFAULT_SWEEP_OUTPUTS } from '../sweep/sweep.js';

export interface SweepCommandOptions extends SamplingOptions {
  file: string;
  /** NAME=FROM:TO[:STEPS], as typed. */
  vary: string;
  spacing: Spacing;
  /** Outputs to show; empty for the defaults. */
  outputs: string[];
  sets: string[];
}

/** The --vary parser: a sweep moves one assumption, so a second --vary is refused, not ignored. */
export function oneVary(value: string, previous: string | undefined): string {
  if (previous !== undefined) {
    throw new UserError(`a sweep varies one assumption, but --vary was given for ${previous} and ${value}; fix the others with --set`, { field: '--vary' });
  }
  return value;
}

/** reports/<file-stem>-sweep-<assumption>.html, with run's -set-... suffix under --set. */
export function defaultSweepReportPath(file: string, vary: string, sets: readonly string[] = []): string {
  const name = vary.slice(0, Math.max(0, vary.indexOf('='))).trim() || 'assumption';
  return join('reports', `${basename(file, extname(file))}-sweep-${name}${setSuffix(sets)}.html`);
}

export async function sweepCommand(options: SweepCommandOptions, io: Io): Promise<SweepResult> {
  const vary = parseVary(options.vary, options.spacing);
  const outputs = sweepOutputs(options.outputs);
  if (options.sets.some((arg) => arg.slice(0, Math.max(0, arg.indexOf('='))).trim() === vary.name)) {
    throw new UserError(`--set and --vary both name ${vary.name}; the sweep fixes it at each point, so leave out the --set`, { field: '--set' });
  }
  const scenario = loadScenario(options.file, { sets: options.sets });
  // A fixed value is correlated with nothing: say which of the file's pairs the sweep drops.
  for (const { between, spearman } of droppedCorrelations(scenario, vary.name)) {
    io.stderr.write(`sora-compute: note: the sweep fixes ${vary.name} at each point, so it drops the correlation ${between.join(' ~ ')} (spearman ${spearman})\n`);
  }
  // A point the model cannot take to a finite answer is refused as a file's value would be.
  for (const value of [vary.from, vary.to]) {
    const specs = new Map(scenario.assumptions.map((a) => [a.name, a.name === vary.name ? ({ dist: 'fixed', value } as const) : a.spec]));
    const [overflow] = overflows(specs);
    if (overflow) throw new UserError(`'${options.vary}': ${overflowMessage(overflow)}`, { field: '--vary' });
  }
  // Refuse an unwritable report before spending any time sampling.
  const pages = PendingOutputs.prepare(
    options.report ? [{ path: options.report, flag: '--report', isOurs: (head) => head.includes(REPORT_MARKER) }] : [],
    scenario.files,
  );

  const progress = progressBar(io.stderr, `sweeping ${vary.name}`);
  const result = await sweepScenario(scenario, vary, outputs, {
    samples: options.samples,
    seed: options.seed,
    threads: options.threads,
    method: options.method,
    ...(options.json ? {} : { onProgress: progress }),
  });
  progress.end();

  const failure = await writeOutputs(pages, async () => {
    if (!options.report) return;
    // Loaded only when a report is written, as run does: vega-lite takes time to import.
    const { renderSweepReport } = await import('../report/sweep-report.js');
    const html = renderSweepReport(result, { command: options.commandLine });
    await pages.write('--report', (temp) => writeFileSync(temp, html));
  });
  printResult(io, options.json, result, () => renderSweepText(result, layoutFor(io.stdout)), [['report', options.report]], failure);
  return result;
}
