/**
 * `npm run bench`: end-to-end `run --json` of the baseline scenario at 1e5, 1e6 and 1e7
 * samples on 1 and 2 threads (and 1e8 with --large), each in a fresh process; then `compare`
 * (the README's example on 1 and 2 threads, three files; with --large eight files and the most
 * samples compare takes). Prints wall
 * time, samples per second per core, peak RSS and the 2-thread speed-up, beside the speed-up's
 * bound: 1 thread at n samples against 1 thread at n/2, which is what 2 threads would take if the
 * second cost nothing to start and never contended for a core. A run's fixed work (starting
 * Node, loading the scenario, building tables, the summary's last steps) stays serial, so that
 * bound is below 2, and at 1e7 samples it says how much of a shortfall is fixed work and how
 * much is the second thread's own cost. It ends by judging the engine's targets on these
 * measurements (see targets.ts).
 *
 * Each run's CPU time is printed too, the whole process's and the main thread's. The rest of the
 * process's is the worker's and V8's background threads' (its compiler, its garbage collector).
 * On 1 thread those background threads run on an otherwise idle core; on 2 they take it from the
 * samplers. So the 2-thread run's CPU time over the cores bounds its wall time from below, and
 * the speed-up from above: that is the CPU bound.
 */
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { checkTargets, formatCheck, type Measurement, type SizeMeasurements } from './targets.js';
import { MAX_COMPARE_SAMPLES } from '../commands/compare.js';

const measure = fileURLToPath(new URL('./measure.js', import.meta.url));
const scenario = process.env.BENCH_SCENARIO ?? 'distributions/baseline.yaml';
const sizes = [1e5, 1e6, 1e7, ...(process.argv.includes('--large') ? [1e8] : [])];
const repeats = Number(process.env.BENCH_REPEATS ?? 3);

function once(samples: number, threads: number, method = 'mc'): Measurement {
  return measured(['run', scenario, '--samples', String(samples), '--threads', String(threads), '--method', method, '--json', '--no-report']);
}

/** One CLI command in a fresh process, measured. */
function measured(command: string[]): Measurement {
  const args = [measure, ...command];
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (child.status !== 0) throw new Error(`bench run failed (${child.status}): ${child.stderr}`);
  const line = child.stderr.split('\n').find((l) => l.startsWith('BENCH '));
  return JSON.parse(line!.slice(6)) as Measurement;
}

/** Best of `repeats`: the run least disturbed by anything else on the machine. */
function best(samples: number, threads: number): Measurement {
  const runs = Array.from({ length: samples >= 1e8 ? 1 : repeats }, () => once(samples, threads));
  return runs.reduce((a, b) => (b.wallMs < a.wallMs ? b : a));
}

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const seconds = (ms: number | null): string => (ms === null ? '-' : (ms / 1000).toFixed(3));
const cores = Math.min(2, cpus().length);
console.log(`sora-compute bench: ${scenario}, run --json, best of ${repeats}`);
console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, node ${process.version}`);
console.log('bound: 1 thread at n samples against 1 thread at n/2, the speed-up of a second thread that cost nothing');
console.log(`CPU bound: 1 thread's wall against the 2-thread run's CPU time over ${cores} cores, the most that CPU time allows`);
console.log('CPU: the whole process (worker and V8 background threads included), main: the main thread alone');
console.log('samples      threads  wall       samples/s/core  peak RSS   CPU       main      speed-up  bound   CPU bound');
const bySize = new Map<number, SizeMeasurements>();
for (const samples of sizes) {
  const one = best(samples, 1);
  const two = best(samples, 2);
  const half = best(samples / 2, 1);
  bySize.set(samples, { one, two, half });
  for (const [threads, m] of [[1, one], [2, two]] as const) {
    const perCore = samples / (m.wallMs / 1000) / threads;
    const ratio = (x: number): string => (threads === 2 ? `${x.toFixed(2)}x` : '');
    console.log(
      [
        samples.toExponential(0).padEnd(12),
        String(threads).padEnd(8),
        `${seconds(m.wallMs).padStart(7)} s `,
        `${(perCore / 1e6).toFixed(2).padStart(8)} M/s   `,
        mb(m.peakRssBytes).padStart(8),
        ` ${seconds(m.cpuMs).padStart(7)} s`,
        `${seconds(m.mainCpuMs).padStart(7)} s`,
        ` ${ratio(one.wallMs / two.wallMs).padEnd(8)}`,
        ratio(one.wallMs / half.wallMs).padEnd(7),
        ratio(one.wallMs / (two.cpuMs / cores)),
      ].join(' '),
    );
  }
}
console.log('targets:');
for (const check of checkTargets(bySize)) console.log(formatCheck(check));

// The sampling designs' cost against plain Monte Carlo (issue 23: at most 1.5x at 1e7), 1 thread,
// the three methods interleaved so that drift on a shared machine falls on each alike.
const designs = ['mc', 'lhs', 'qmc'] as const;
const walls = new Map<string, number[]>(designs.map((m) => [m, []]));
for (let round = 0; round < repeats; round++) for (const m of designs) walls.get(m)!.push(once(1e7, 1, m).wallMs);
const bestOf = (m: string) => Math.min(...walls.get(m)!);
console.log(`designs at 1e7 samples, 1 thread, best of ${repeats}: ${designs.map((m) => `${m} ${seconds(bestOf(m))} s (${(bestOf(m) / bestOf('mc')).toFixed(2)}x)`).join(', ')}`);

// compare: the README's example (its threads share out some 1,900 evaluations of the model, the
// files and the attributions' coalitions, rather than the two chunks of 100,000 samples), three
// files, and with --large eight and the most samples compare takes.
const shipped = (...stems: string[]): string[] => stems.map((stem) => `distributions/${stem}.yaml`);
const compares: { what: string; files: string[]; samples: number; threads: number[] }[] = [
  { what: 'seed-article vs baseline', files: shipped('seed-article', 'baseline'), samples: 1e5, threads: [1, 2] },
  { what: '3 files', files: shipped('seed-article', 'baseline', 'informed'), samples: 1e5, threads: [2] },
  ...(process.argv.includes('--large')
    ? [
        {
          what: '8 files',
          files: shipped('seed-article', 'baseline', 'informed', 'analyst-small', 'analyst-large', 'seed-article-optimistic', 'seed-article-ranges', 'baseline'),
          samples: 1e5,
          threads: [2],
        },
        { what: 'seed-article vs baseline', files: shipped('seed-article', 'baseline'), samples: MAX_COMPARE_SAMPLES, threads: [2] },
      ]
    : []),
];
console.log(`compare --json --no-report, best of ${repeats} (1 run above 1e6 samples)`);
console.log('what                      samples    threads  wall       peak RSS   CPU');
for (const { what, files, samples, threads } of compares) {
  for (const t of threads) {
    const runs = Array.from({ length: samples > 1e6 ? 1 : repeats }, () =>
      measured(['compare', ...files, '--samples', String(samples), '--threads', String(t), '--json', '--no-report']),
    );
    const m = runs.reduce((a, b) => (b.wallMs < a.wallMs ? b : a));
    console.log(
      [what.padEnd(25), samples.toExponential(2).padEnd(10), String(t).padEnd(8), `${seconds(m.wallMs).padStart(7)} s `, mb(m.peakRssBytes).padStart(8), ` ${seconds(m.cpuMs).padStart(7)} s`].join(' '),
    );
  }
}
