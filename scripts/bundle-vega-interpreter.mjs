// Bundles vega-interpreter (published only as an ES module) into one script the reports
// inline, so pages can run Vega without eval and keep a strict Content-Security-Policy.
import { build } from 'esbuild';

await build({
  entryPoints: ['vega-interpreter'],
  bundle: true,
  minify: true,
  format: 'iife',
  globalName: 'vegaInterpreter',
  outfile: 'dist/vendor/vega-interpreter.js',
  logLevel: 'warning',
});
