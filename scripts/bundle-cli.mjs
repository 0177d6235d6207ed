// Bundles the compiled CLI and its worker entries into dist/bundle/: Node then loads a few
// files instead of some two hundred modules (ours, zod's, yaml's), which takes about 80 ms off
// every command and every worker thread's start. Modules still load lazily where they did: the
// report modules are chunks of their own.
//
// Everything lands two folders below the package root, as the modules it bundles were, so their
// file URLs (../../package.json, ../../dist/kernel/kernels.wasm) resolve the same; the workers
// are named as startWorker finds them beside the code that starts them.
import { chmodSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunk names carry content hashes: clear out the last build's.
rmSync('dist/bundle', { recursive: true, force: true });

await build({
  entryPoints: ['dist/cli.js', 'dist/engine/worker.js', 'dist/sensitivity/sensitivity-worker.js'],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir: 'dist/bundle',
  entryNames: '[name]',
  // vega-lite is bundled into the report chunk, not loaded from node_modules: it imports four
  // helpers from 'vega' (stringValue, hasOwnProperty, isObject, isString), which re-exports them
  // from vega-util, and importing all of vega's runtime for them took some 125 ms of the ~145 ms
  // import('vega-lite') cost every run that writes a report. The page inlines vega.min.js itself.
  alias: { vega: 'vega-util' },
  // CommonJS dependencies (seedrandom, commander) call require; an ES module has none of its own.
  banner: { js: "import { createRequire as bundledRequire } from 'node:module'; const require = bundledRequire(import.meta.url);" },
  logLevel: 'warning',
});

// Executable, as the package's bin. The unbundled dist/cli.js too: npx installs a project into its
// cache once and keeps the bin link it made then, so a machine that ran npx sora-compute before
// the bundle existed still runs dist/cli.js (tsc writes it without the executable bit).
for (const file of ['dist/bundle/cli.js', 'dist/cli.js']) chmodSync(file, 0o755);
