#!/usr/bin/env node
/**
 * The command line: declarations only. Each command is a plain function in src/commands.
 * Exit codes: 0 success; 2 bad input (one clear message, no stack); 1 a bug (stack).
 */
import { Command, CommanderError, Option } from 'commander';
import { UserError } from './errors.js';
import { parseSamples, parseSeed, parseThreads } from './commands/options.js';
import { defaultReportPath, runCommand } from './commands/run.js';
import { validateCommand } from './commands/validate.js';
import { compareCommand } from './commands/compare.js';
import { DEFAULT_SENSITIVITY_SAMPLES, defaultSensitivityReportPath, defaultSensitivityThreads, MIN_SAMPLES_FOR_THREADS, sensitivityCommand } from './commands/sensitivity.js';
import { DEFAULT_SAMPLES, DEFAULT_SEED, VERSION } from './engine/run.js';
import { defaultThreads } from './engine/simulate.js';
import { availableParallelism } from 'node:os';

const io = { stdout: process.stdout, stderr: process.stderr };
const collect = (value: string, previous: string[]): string[] => [...previous, value];
const commandLine = ['sora-compute', ...process.argv.slice(2)].map((a) => (/^[\w./=:@,+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');

const program = new Command()
  .name('sora-compute')
  .description('Monte Carlo uncertainty bands for the compute cost of training and serving a Sora-class video model')
  .version(VERSION)
  .exitOverride()
  .configureOutput({ outputError: () => {} });

program
  .command('run')
  .description('sample a scenario and print percentile bands for every output')
  .argument('<file>', 'assumption file (YAML or JSON), e.g. distributions/baseline.yaml')
  .option('-n, --samples <n>', `number of samples (default ${DEFAULT_SAMPLES.toLocaleString('en-US')})`)
  .option('--seed <seed>', `integer or string seed (default ${DEFAULT_SEED})`)
  .option('--set <name=value>', "fix or replace an assumption: data_multiplier=10, 'diffusion_steps={dist: uniform, min: 20, max: 250}' (repeatable)", collect, [])
  .option('--json', 'print only JSON on stdout')
  .option('--csv <path>', 'write every sample (assumptions and outputs) as CSV')
  .option('--report <path>', 'where to write the HTML report (default reports/<file-stem>.html)')
  .option('--no-report', 'do not write an HTML report')
  .option('--threads <n>', 'worker threads (default: the number of cores, fewer for runs under 8 chunks of 65,536 samples a core); results do not depend on it')
  .addOption(new Option('--exact', 'exact percentiles above 2,097,152 samples too, by sampling twice'))
  .action(async (file: string, opts: { samples?: string; seed?: string; set: string[]; json?: boolean; csv?: string; report: string | boolean; threads?: string; exact?: boolean }) => {
    const samples = opts.samples === undefined ? DEFAULT_SAMPLES : parseSamples(opts.samples);
    const seed = opts.seed === undefined ? DEFAULT_SEED : parseSeed(opts.seed);
    const threads = opts.threads === undefined ? defaultThreads(samples, availableParallelism()) : parseThreads(opts.threads);
    const report = opts.report === false ? false : typeof opts.report === 'string' ? opts.report : defaultReportPath(file);
    await runCommand(
      { file, samples, seed, threads, sets: opts.set, json: Boolean(opts.json), csv: opts.csv, report, exact: Boolean(opts.exact), commandLine },
      io,
    );
  });

program
  .command('validate')
  .description('check assumption files without sampling; exit 0 if all are valid, 2 if not')
  .argument('<files...>', 'assumption files')
  .action((files: string[]) => {
    validateCommand(files, io);
  });

// --- compare (src/commands/compare.ts) ---
program
  .command('compare')
  .description('compare 2 to 8 scenarios on common random numbers: bands per file, the assumptions that differ, and what moved each key median')
  .argument('<files...>', 'assumption files; the first is the reference, e.g. distributions/seed-article.yaml distributions/baseline.yaml')
  .option('-n, --samples <n>', `number of samples per file (default ${DEFAULT_SAMPLES.toLocaleString('en-US')})`)
  .option('--seed <seed>', `integer or string seed (default ${DEFAULT_SEED})`)
  .option('--json', 'print only JSON on stdout')
  .option('--report <path>', 'write an HTML comparison page to this path (default: no page)')
  .option('--output <name>', 'also attribute this output, besides gpus_peak, crossover_video_minutes, training_flops and cost_per_video_minute_usd (repeatable)', collect, [])
  .option('--threads <n>', 'worker threads (default: the number of cores); results do not depend on it')
  .action(async (files: string[], opts: { samples?: string; seed?: string; json?: boolean; report?: string; output: string[]; threads?: string }) => {
    const samples = opts.samples === undefined ? DEFAULT_SAMPLES : parseSamples(opts.samples);
    const seed = opts.seed === undefined ? DEFAULT_SEED : parseSeed(opts.seed);
    const threads = parseThreads(opts.threads);
    await compareCommand(
      { files, samples, seed, threads, json: Boolean(opts.json), report: opts.report ?? false, outputs: opts.output, commandLine },
      io,
    );
  });
// --- end compare ---

// --- sensitivity (src/commands/sensitivity.ts) ---
program
  .command('sensitivity')
  .description('which uncertain assumptions make each key output wide: Spearman shares, tornado, Sobol indices, and what knowing each would buy')
  .argument('<file>', 'assumption file (YAML or JSON), e.g. distributions/baseline.yaml')
  .option('--output <name>', 'analyse this output instead of gpus_peak, crossover_video_minutes, training_flops and cost_per_video_minute_usd (repeatable)', collect, [])
  .option('-n, --samples <n>', `draws in each of the two sample matrices (default ${DEFAULT_SENSITIVITY_SAMPLES.toLocaleString('en-US')})`)
  .option('--seed <seed>', `integer or string seed (default ${DEFAULT_SEED})`)
  .option('--json', 'print only JSON on stdout')
  .option('--report <path>', 'where to write the HTML page (default reports/<file-stem>-sensitivity.html)')
  .option('--no-report', 'do not write an HTML page')
  .option('--threads <n>', `threads to deal the outputs over (default: the number of cores from ${MIN_SAMPLES_FOR_THREADS.toLocaleString('en-US')} samples, else 1); results do not depend on it`)
  .action(async (file: string, opts: { output: string[]; samples?: string; seed?: string; json?: boolean; report: string | boolean; threads?: string }) => {
    const samples = opts.samples === undefined ? DEFAULT_SENSITIVITY_SAMPLES : parseSamples(opts.samples);
    const seed = opts.seed === undefined ? DEFAULT_SEED : parseSeed(opts.seed);
    const threads = opts.threads === undefined ? defaultSensitivityThreads(samples, availableParallelism()) : parseThreads(opts.threads);
    const report = opts.report === false ? false : typeof opts.report === 'string' ? opts.report : defaultSensitivityReportPath(file);
    await sensitivityCommand({ file, outputs: opts.output, samples, seed, threads, json: Boolean(opts.json), report, commandLine }, io);
  });
// --- end sensitivity ---

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
