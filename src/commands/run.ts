/** `sora-compute run FILE`: load, simulate, print a table or JSON, write the report and CSV. */
import { createHash } from 'node:crypto';
import { statfsSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { estimateCsvBytes, writeSamplesCsv, CSV_HEADER } from '../engine/csv.js';
import { UserError } from '../errors.js';
import { formatBytes, printable } from '../format.js';
import { runScenario, runToPrecision, scenarioPlan } from '../engine/run.js';
import type { RunResult } from '../engine/types.js';
import { PendingOutputs, writeOutputs } from '../io/output-files.js';
import { progressBar } from '../progress.js';
import { REPORT_MARKER } from '../report/page.js';
import { type SamplingOptions, printResult } from './options.js';
import { loadScenario, type Scenario } from '../scenario/index.js';
import { layoutFor } from '../terminal/width.js';
import { percent, renderRunText } from '../terminal/run-text.js';

export interface RunCommandOptions extends SamplingOptions {
  file: string;
  sets: string[];
  /** `--observe NAME=LOW:HIGH`, added to the file's evidence. */
  observe?: string[];
  /** Under evidence, the most draws to make while too few meet it. */
  maxSamples?: number;
  csv?: string;
  exact: boolean;
  /** `--precision`: the relative half-width wanted; maxSamples then caps the samples. */
  precision?: number;
}

/**
 * reports/<file-stem>.html; with --set, reports/<file-stem>-set-<name>-<value>.html (a digest of
 * the --set arguments when that would be long), so a what-if never replaces the plain run's page.
 */
export function defaultReportPath(file: string, sets: readonly string[] = []): string {
  return join('reports', `${basename(file, extname(file))}${setSuffix(sets)}.html`);
}

/** '' without --set; else -set-data_multiplier-10 (or -set-<10 hex digits> past 60 characters). */
export function setSuffix(sets: readonly string[]): string {
  if (!sets.length) return '';
  const slug = sets
    .map((arg) => arg.replace(/[^A-Za-z0-9._]+/g, '-').replace(/^-+|-+$/g, ''))
    .join('--');
  return slug.length <= 60 ? `-set-${slug}` : `-set-${createHash('sha256').update(sets.join('\0')).digest('hex').slice(0, 10)}`;
}

/** A CSV past this size is announced on stderr before the run starts. */
export const ANNOUNCED_CSV_BYTES = 100e6;

/**
 * States the CSV's expected size before sampling when it is large, and refuses one that the
 * disk it goes to cannot hold (no run ends, minutes later, in a full disk).
 */
function announceCsv(options: RunCommandOptions, scenario: Scenario, io: Io): void {
  const path = options.csv!;
  const bytes = estimateCsvBytes(scenarioPlan(scenario, options));
  const size = `about ${formatBytes(bytes)} for ${options.samples.toLocaleString('en-US')} samples`;
  let free = Infinity;
  try {
    const fs = statfsSync(dirname(resolve(path)));
    free = fs.bavail * fs.bsize;
  } catch {
    // A file system that cannot say how much room it has is tried as it is.
  }
  if (bytes > free) {
    throw new UserError(`${path} would hold ${size}, but its disk has ${formatBytes(free)} free; write fewer --samples, or the CSV elsewhere`, { field: '--csv' });
  }
  if (bytes >= ANNOUNCED_CSV_BYTES) io.stderr.write(`--csv ${printable(path)}: ${size} (${formatBytes(free)} free there)\n`);
}

export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream;
}

export async function runCommand(options: RunCommandOptions, io: Io): Promise<RunResult> {
  const scenario = loadScenario(options.file, { sets: options.sets, observe: options.observe });
  if (options.precision !== undefined && scenario.evidence.length) {
    // The posterior's sample count is set by how many draws meet the evidence, not by precision.
    throw new UserError('--precision does not work under evidence yet: give --samples (and --max-samples for the draws it may add)', { field: '--precision' });
  }
  // Every output gets its temp file now, so an unwritable path is refused before any sampling.
  const outputs = PendingOutputs.prepare(
    [
      ...(options.report ? [{ path: options.report, flag: '--report', isOurs: (head: string) => head.includes(REPORT_MARKER) }] : []),
      ...(options.csv ? [{ path: options.csv, flag: '--csv', isOurs: (head: string) => head.startsWith(CSV_HEADER) }] : []),
    ],
    scenario.files,
  );

  try {
    if (options.csv) announceCsv(options, scenario, io);
  } catch (error) {
    outputs.abandon();
    throw error;
  }

  const progress = progressBar(io.stderr, 'sampling');
  const showProgress = !options.json;
  const run = {
    seed: options.seed,
    threads: options.threads,
    exact: options.exact,
    method: options.method,
    ...(options.maxSamples !== undefined ? { maxSamples: options.maxSamples } : {}),
    ...(showProgress ? { onProgress: progress } : {}),
  };
  const result =
    options.precision === undefined
      ? await runScenario(scenario, { samples: options.samples, ...run })
      : await runToPrecision(scenario, run, { target: options.precision, maxSamples: options.maxSamples! });
  progress.end();
  const precision = result.precision;
  if (precision?.stopped === 'max_samples') {
    io.stderr.write(
      `warning: --max-samples (${precision.max_samples.toLocaleString('en-US')}) came before --precision ${percent(precision.target)}: ` +
        `the widest 95% interval is ±${percent(precision.reached)}${precision.widest ? ` (${precision.widest.percentile.toUpperCase()} of ${precision.widest.output})` : ''}\n`,
    );
  }

  // Outputs are written to their temp files and put in place together; if one fails, none
  // is, and the results still reach the terminal before the error.
  const failure = await writeOutputs(outputs, async () => {
    if (options.csv) {
      const csvProgress = progressBar(io.stderr, `writing ${printable(options.csv)}`);
      await outputs.write('--csv', (temp) =>
        writeSamplesCsv(
          temp,
          scenarioPlan(scenario, { ...options, samples: result.samples }),
          showProgress ? csvProgress : undefined,
        ),
      );
      csvProgress.end();
    }
    if (options.report) {
      // Loaded only when a report is written: with vega-lite, 20 ms to import from the bundle
      // (scripts/bundle-cli.mjs), 150 ms from node_modules.
      const { renderRunReport } = await import('../report/run-report.js');
      const html = renderRunReport(result, { command: options.commandLine });
      await outputs.write('--report', (temp) => writeFileSync(temp, html));
    }
  });

  printResult(io, options.json, result, () => renderRunText(result, layoutFor(io.stdout)), [['samples', options.csv], ['report', options.report]], failure);
  return result;
}
