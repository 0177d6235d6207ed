/** `sora-compute run FILE`: load, simulate, print a table or JSON, write the report and CSV. */
import { basename, extname, join } from 'node:path';
import { writeSamplesCsv, CSV_HEADER } from '../engine/csv.js';
import { runScenario } from '../engine/run.js';
import type { RunResult } from '../engine/types.js';
import { checkWritable, writeAtomically, writeFileAtomic } from '../io/output-files.js';
import { progressBar } from '../progress.js';
import type { Seed } from '../random/streams.js';
import { REPORT_MARKER } from '../report/page.js';
import { loadScenario } from '../scenario/index.js';
import { renderRunText } from '../terminal/run-text.js';

export interface RunCommandOptions {
  file: string;
  samples: number;
  seed: Seed;
  threads: number;
  sets: string[];
  json: boolean;
  csv?: string;
  /** Path of the HTML report, or false for none. */
  report: string | false;
  exact: boolean;
  /** The command line as typed, for the report's "reproduce" section. */
  commandLine: string;
}

export function defaultReportPath(file: string): string {
  return join('reports', `${basename(file, extname(file))}.html`);
}

export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream;
}

export async function runCommand(options: RunCommandOptions, io: Io): Promise<RunResult> {
  const scenario = loadScenario(options.file, { sets: options.sets });
  // Refuse unwritable outputs before spending any time sampling.
  if (options.report) checkWritable(options.report, '--report', (head) => head.includes(REPORT_MARKER), scenario.files);
  if (options.csv) checkWritable(options.csv, '--csv', (head) => head.startsWith(CSV_HEADER), scenario.files);

  const progress = progressBar(io.stderr, 'sampling');
  const showProgress = !options.json;
  const result = await runScenario(scenario, {
    samples: options.samples,
    seed: options.seed,
    threads: options.threads,
    exact: options.exact,
    ...(showProgress ? { onProgress: progress } : {}),
  });
  progress.end();

  if (options.csv) {
    const csv = options.csv;
    await writeAtomically(csv, (temp) =>
      writeSamplesCsv(temp, {
        seed: options.seed,
        samples: options.samples,
        assumptions: scenario.assumptions.map(({ name, spec }) => ({ name, spec })),
      }),
    );
  }
  if (options.report) {
    // Loaded only when a report is written: with vega-lite, 20 ms to import from the bundle
    // (scripts/bundle-cli.mjs), 150 ms from node_modules.
    const { renderRunReport } = await import('../report/run-report.js');
    const html = renderRunReport(result, { command: options.commandLine });
    writeFileAtomic(options.report, html);
  }

  if (options.json) {
    io.stdout.write(JSON.stringify(result, null, 2) + '\n');
  } else {
    io.stdout.write(renderRunText(result));
    if (options.csv) io.stdout.write(`\nsamples: ${options.csv}\n`);
    if (options.report) io.stdout.write(`\nreport: ${options.report}\n`);
  }
  return result;
}
