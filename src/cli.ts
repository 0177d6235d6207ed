#!/usr/bin/env node
/**
 * The command line: declarations only. Each command is a plain function in src/commands.
 * Exit codes: 0 success; 2 bad input (one clear message, no stack); 1 a bug (stack).
 */
import { Command, CommanderError, Option } from 'commander';
import { UserError } from './errors.js';
import { exitLeavingNoTemp } from './io/output-files.js';
import { parseMethod, parsePrecision, parseSamples, parseSeed, parseThreads } from './commands/options.js';
import { defaultReportPath, runCommand } from './commands/run.js';
import { validateCommand } from './commands/validate.js';
import { listCommand } from './commands/list.js';
import { compareCommand, defaultComparePath, defaultCompareThreads, MAX_COMPARE_SAMPLES } from './commands/compare.js';
import { DEFAULT_SENSITIVITY_SAMPLES, defaultSensitivityReportPath, defaultSensitivityThreads, sensitivityCommand } from './commands/sensitivity.js';
import { DEFAULT_PRECISION_MAX_SAMPLES, DEFAULT_SAMPLES, DEFAULT_SEED, VERSION } from './engine/run.js';
import { defaultThreads } from './engine/simulate.js';
import { DEFAULT_STEPS, DEFAULT_SWEEP_OUTPUTS, defaultSweepReportPath, MAX_STEPS, oneVary, sweepCommand } from './commands/sweep.js';
import { DEFAULT_MAX_SAMPLES, MIN_ACCEPTED } from './engine/condition.js';
import { availableParallelism } from 'node:os';

const io = { stdout: process.stdout, stderr: process.stderr };

// A reader that went away (`| head`) ends the run quietly, as it does any Unix tool, with
// no temp file left behind; outputs already in place are whole, as every write is atomic.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') exitLeavingNoTemp(0);
    throw error;
  });
}
// Repeatable flags start undefined rather than [], so that --help prints no `(default: [])`.
const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];
const commandLine = ['sora-compute', ...process.argv.slice(2)].map((a) => (/^[\w./=:@,+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');

const program = new Command()
  .name('sora-compute')
  .description('Monte Carlo uncertainty bands for the compute cost of training and serving a Sora-class video model')
  .version(VERSION)
  .exitOverride()
  .configureOutput({ outputError: () => {} });

/** The flags every sampling command shares, declared once so they mean the same everywhere. */
interface SamplingFlags {
  samples?: string;
  seed?: string;
  threads?: string;
  method?: string;
  json?: boolean;
  report: string | boolean;
}

/** --precision parsed, and refused beside --samples (it decides the count): run's and compare's. */
function precisionFlag(opts: { precision?: string; samples?: string }): number | undefined {
  const precision = opts.precision === undefined ? undefined : parsePrecision(opts.precision);
  if (precision !== undefined && opts.samples !== undefined) {
    throw new UserError('--precision decides the sample count: give --samples or --precision, not both', { field: '--precision' });
  }
  return precision;
}

function withSamplingFlags(command: Command, what: string, reportDefault: string, samplesDefault = DEFAULT_SAMPLES): Command {
  return command
    .option('-n, --samples <n>', `number of samples${what} (default ${samplesDefault.toLocaleString('en-US')}; 1e6 and 1_000_000 work)`)
    .option('--seed <seed>', `integer or string seed (default ${DEFAULT_SEED})`)
    .option('--threads <n>', 'worker threads (default: the cores, fewer for short runs); results never depend on it')
    .option('--method <design>', 'sampling design: mc (plain Monte Carlo, default), lhs (Latin hypercube) or qmc (scrambled Sobol)')
    .option('--json', 'print only JSON on stdout')
    .option('--report <path>', `where to write the HTML report (default ${reportDefault})`)
    .option('--no-report', 'write no HTML report');
}

/**
 * Parsed shared flags; `reportPath` is the command's default page when neither report flag is
 * given. A command whose work scales differently (sensitivity) gives its own defaults.
 */
function samplingOptions(
  opts: SamplingFlags,
  reportPath: string,
  defaults: { samples: number; threads: (samples: number, cores: number) => number } = { samples: DEFAULT_SAMPLES, threads: defaultThreads },
) {
  const samples = opts.samples === undefined ? defaults.samples : parseSamples(opts.samples);
  return {
    samples,
    seed: opts.seed === undefined ? DEFAULT_SEED : parseSeed(opts.seed),
    threads: opts.threads === undefined ? defaults.threads(samples, availableParallelism()) : parseThreads(opts.threads),
    method: parseMethod(opts.method),
    json: Boolean(opts.json),
    report: opts.report === false ? (false as const) : typeof opts.report === 'string' ? opts.report : reportPath,
    commandLine,
  };
}

withSamplingFlags(
  program
    .command('run')
    .description('sample a scenario and print percentile bands for every output')
    .argument('<file>', 'assumption file (YAML or JSON), e.g. distributions/baseline.yaml'),
  '',
  'reports/<file-stem>.html; with --set, reports/<file-stem>-set-<name>-<value>.html',
)
  .option('--set <name=value>', "fix or replace an assumption: data_multiplier=10, 'diffusion_steps={dist: uniform, min: 20, max: 250}' (repeatable; the names: sora-compute list)", collect)
  .option('--csv <path>', 'write every sample (assumptions and outputs) as CSV')
  .addOption(new Option('--exact', 'exact percentiles above 2,097,152 samples too, by sampling twice'))
  .option('--observe <name=low:high>', 'condition on an output or assumption observed in a range, e.g. gpu_seconds_per_clip=1000:3000 (repeatable; either side may be empty)', collect)
  .option('--precision <percent>', 'sample until the 95% intervals of P5, P50 and P95 of the key outputs are within this of the value, e.g. 1% (instead of --samples)')
  .option('--max-samples <n>', `under evidence, draw at most this many while fewer than ${MIN_ACCEPTED.toLocaleString('en-US')} meet it (default ${DEFAULT_MAX_SAMPLES.toLocaleString('en-US')}); with --precision, stop there (default ${DEFAULT_PRECISION_MAX_SAMPLES.toLocaleString('en-US')})`)
  .action(async (file: string, opts: SamplingFlags & { set?: string[]; csv?: string; exact?: boolean; observe?: string[]; maxSamples?: string; precision?: string }) => {
    const precision = precisionFlag(opts);
    const maxSamples =
      opts.maxSamples === undefined ? (precision === undefined ? DEFAULT_MAX_SAMPLES : DEFAULT_PRECISION_MAX_SAMPLES) : parseSamples(opts.maxSamples, '--max-samples');
    if (precision !== undefined && opts.csv !== undefined) {
      throw new UserError('--csv needs the sample count before sampling: run --precision first, then --csv with --samples set to the samples it used', { field: '--precision' });
    }
    const sampling = samplingOptions(opts, defaultReportPath(file, opts.set ?? []));
    // A precision run may reach --max-samples: by default it uses every core (results never depend on it).
    if (precision !== undefined && opts.threads === undefined) sampling.threads = availableParallelism();
    await runCommand(
      { file, ...sampling, sets: opts.set ?? [], observe: opts.observe ?? [], maxSamples, csv: opts.csv, exact: Boolean(opts.exact), ...(precision !== undefined ? { precision } : {}) },
      io,
    );
  });
program
  .command('list')
  .description('every assumption and output: name, unit, meaning, valid range, the seed article\'s value, and each output\'s formula')
  .argument('[names...]', 'only these assumptions or outputs, e.g. sora_params gpus_peak')
  .option('--json', 'print only JSON on stdout')
  .action((names: string[], opts: { json?: boolean }) => {
    listCommand({ names, json: Boolean(opts.json) }, io);
  });

program
  .command('validate')
  .description('check assumption files without sampling; exit 0 if all are valid, 2 if not')
  .argument('<files...>', 'assumption files')
  .action((files: string[]) => {
    validateCommand(files, io);
  });

withSamplingFlags(
  program
    .command('compare')
    .description('compare 2 to 8 scenarios on common random numbers: bands per file, the assumptions that differ, and what moved each key median')
    .argument('<files...>', 'assumption files; the first is the reference, e.g. distributions/seed-article.yaml distributions/baseline.yaml'),
  ' per file',
  'reports/compare-<stem>-vs-<stem>.html',
)
  .option('--output <name>', 'also attribute this output, besides gpus_peak, crossover_video_minutes, training_flops and cost_per_video_minute_usd (repeatable; the names: sora-compute list)', collect)
  .option('--observe <name=low:high>', 'condition every file on an output or assumption observed in a range, e.g. gpu_seconds_per_clip=1000:3000 (repeatable)', collect)
  .option('--precision <percent>', 'sample until the 95% interval of each key output\'s ratio of P50s (file against the reference) is within this of the ratio, e.g. 1% (instead of --samples)')
  .option('--max-samples <n>', `with --precision, stop there (default and most ${MAX_COMPARE_SAMPLES.toLocaleString('en-US')})`)
  .action(async (files: string[], opts: SamplingFlags & { output?: string[]; observe?: string[]; precision?: string; maxSamples?: string }) => {
    const precision = precisionFlag(opts);
    if (opts.maxSamples !== undefined && precision === undefined) {
      throw new UserError('--max-samples bounds a --precision comparison: give --precision too, or --samples alone', { field: '--max-samples' });
    }
    const maxSamples = opts.maxSamples === undefined ? MAX_COMPARE_SAMPLES : parseSamples(opts.maxSamples, '--max-samples');
    await compareCommand(
      {
        files,
        ...samplingOptions(opts, defaultComparePath(files), { samples: DEFAULT_SAMPLES, threads: defaultCompareThreads }),
        outputs: opts.output ?? [],
        observe: opts.observe ?? [],
        ...(precision !== undefined ? { precision, maxSamples } : {}),
      },
      io,
    );
  });

withSamplingFlags(
  program
    .command('sweep')
    .description("run a scenario across values of one assumption and show how the chosen outputs' P5 to P95 move, on common random numbers")
    .argument('<file>', 'assumption file (YAML or JSON), e.g. distributions/baseline.yaml'),
  ' per point',
  'reports/<file-stem>-sweep-<name>.html',
)
  .requiredOption('--vary <name=from:to[:steps]>', `the assumption and its values, e.g. tiktok_ai_share=0:1:11; STEPS (points, ends included) defaults to ${DEFAULT_STEPS}, at most ${MAX_STEPS}`, oneVary)
  .option('--log', 'space the points geometrically (FROM and TO must be greater than 0)')
  .option('--output <name>', `an output to show (repeatable; default ${DEFAULT_SWEEP_OUTPUTS.join(', ')})`, collect)
  .option('--set <name=value>', 'fix or replace another assumption, as run does (repeatable)', collect)
  .action(async (file: string, opts: SamplingFlags & { vary: string; log?: boolean; output?: string[]; set?: string[] }) => {
    await sweepCommand(
      { file, ...samplingOptions(opts, defaultSweepReportPath(file, opts.vary, opts.set ?? [])), vary: opts.vary, spacing: opts.log ? 'log' : 'linear', outputs: opts.output ?? [], sets: opts.set ?? [] },
      io,
    );
  });


withSamplingFlags(
  program
    .command('sensitivity')
    .description('which uncertain assumptions make each key output wide: Spearman shares, tornado, Sobol indices, and what knowing each would buy')
    .argument('<file>', 'assumption file (YAML or JSON), e.g. distributions/baseline.yaml'),
  ' in each of the two Sobol sample matrices',
  'reports/<file-stem>-sensitivity.html',
  DEFAULT_SENSITIVITY_SAMPLES,
)
  .option('--output <name>', 'analyse this output instead of gpus_peak, crossover_video_minutes, training_flops and cost_per_video_minute_usd (repeatable)', collect)
  .action(async (file: string, opts: SamplingFlags & { output?: string[] }) => {
    const defaults = { samples: DEFAULT_SENSITIVITY_SAMPLES, threads: defaultSensitivityThreads };
    await sensitivityCommand({ file, ...samplingOptions(opts, defaultSensitivityReportPath(file), defaults), outputs: opts.output ?? [] }, io);
  });

async function main(): Promise<number> {
  try {
    await program.parseAsync(process.argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
      // No command given: commander has shown the help already; it is still a usage error.
      if (error.code === 'commander.help') return 2;
      process.stderr.write(`${error.message.replace(/^error: /, 'sora-compute: ')}\n`);
      return 2;
    }
    if (error instanceof UserError) {
      process.stderr.write(error.format() + '\n');
      return error.exitCode;
    }
    process.stderr.write(`sora-compute: internal error (a bug; please report it with this output)\n${(error as Error)?.stack ?? String(error)}\n`);
    return 1;
  }
}

process.exitCode = await main();
