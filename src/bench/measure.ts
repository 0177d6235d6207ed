/**
 * Runs the CLI in this process with the given arguments and, at exit, prints one JSON line
 * on stderr with the wall time, the peak resident set size and the CPU time of the whole
 * process (worker threads and V8's background threads included: they share the process) and
 * of the main thread alone (Linux only: null elsewhere). The bench runs each measurement in a
 * fresh one of these.
 */
import { readFileSync } from 'node:fs';

const started = performance.now();
const cpuAtStart = process.cpuUsage();

/** The main thread's CPU time since it started, from the scheduler's own count (ns). */
function mainThreadCpuMs(): number | null {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return null;
  }
}

const mainCpuAtStart = mainThreadCpuMs();

process.on('exit', () => {
  const wallMs = performance.now() - started;
  const peakRssBytes = process.resourceUsage().maxRSS * 1024;
  const cpu = process.cpuUsage(cpuAtStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const mainCpuMs = mainCpuAtStart === null ? null : (mainThreadCpuMs() ?? NaN) - mainCpuAtStart;
  process.stderr.write(`\nBENCH ${JSON.stringify({ wallMs, peakRssBytes, cpuMs, mainCpuMs })}\n`);
});
process.argv = [process.argv[0], 'sora-compute', ...process.argv.slice(2)];
// The bundled CLI, as `./sora-compute`, `npx sora-compute` and `npm start` run it.
await import(new URL('../bundle/cli.js', import.meta.url).href);
