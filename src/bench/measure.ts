/**
 * Runs the CLI in this process with the given arguments and, at exit, prints one JSON line
 * on stderr with the wall time and the peak resident set size (worker threads included:
 * they share the process). The bench runs each measurement in a fresh one of these.
 */
const started = performance.now();
process.on('exit', () => {
  const wallMs = performance.now() - started;
  const peakRssBytes = process.resourceUsage().maxRSS * 1024;
  process.stderr.write(`\nBENCH ${JSON.stringify({ wallMs, peakRssBytes })}\n`);
});
process.argv = [process.argv[0], 'sora-compute', ...process.argv.slice(2)];
// The bundled CLI, as `npx sora-compute` and `npm start` run it.
await import(new URL('../bundle/cli.js', import.meta.url).href);
