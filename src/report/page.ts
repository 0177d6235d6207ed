/**
 * The shell every report shares: one self-contained HTML page with the Vega runtime inlined
 * and the compiled chart specs embedded, so it opens from file:// and makes no request.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { escapeHtml, scriptJson } from './html.js';
import { CHARTS_JSON_ID, PAGE_SCRIPT } from './page-script.js';
import { REPORT_CSS } from './style.js';

/** In the first bytes of every report: how the CLI recognises a file it may overwrite. */
export const REPORT_MARKER = '<meta name="generator" content="sora-compute report">';

/**
 * No network at all, and no eval: Vega evaluates its expressions with vega-interpreter instead
 * of compiling them with Function().
 */
export const REPORT_CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";

let vegaSource: string | undefined;

/**
 * vega.min.js from the installed vega package, then vega-interpreter as `npm run build`
 * bundled it into dist/vendor; read once per process.
 */
function vegaRuntime(): string {
  if (vegaSource === undefined) {
    const entry = createRequire(import.meta.url).resolve('vega');
    const vega = readFileSync(join(dirname(entry), 'vega.min.js'), 'utf8');
    // Two levels below the package root, from src/report and from dist/report alike.
    const interpreter = readFileSync(new URL('../../dist/vendor/vega-interpreter.js', import.meta.url), 'utf8');
    // Inline scripts end at the first "</script"; the shipped builds have none, but stay safe.
    vegaSource = `${vega}\n${interpreter}`.replace(/<\/(script)/gi, '<\\/$1');
  }
  return vegaSource;
}

/** The whole page: `body` is trusted HTML, `title` is escaped, `specs` are compiled Vega specs by chart id. */
export function renderPage(title: string, body: string, specs: Record<string, unknown>): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
${REPORT_MARKER}
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
${body}
</main>
<script>${vegaRuntime()}</script>
<script type="application/json" id="${CHARTS_JSON_ID}">${scriptJson(specs)}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}

/**
 * "Reproduce": the command and what pins its numbers. `items` are [term, trusted HTML] pairs
 * after the tool, seed and sample count every report has.
 */
export function reproduceSection(
  run: { tool: string; version: string; seed: number | string; samples: number },
  command: string,
  items: readonly [string, string][],
): string {
  const e = escapeHtml;
  const rows: [string, string][] = [
    ['tool', `${e(run.tool)} ${e(run.version)}`],
    ['seed', `<code>${e(String(run.seed))}</code>`],
    ['samples', `<span data-value="${run.samples}">${e(run.samples.toLocaleString('en-US'))}</span>`],
    ...items,
  ];
  return `<section><h2>Reproduce</h2>
<p>The same command with the same scenario files (same SHA-256) gives the same numbers, whatever the machine or thread count.</p>
<pre><code>${e(command)}</code></pre>
<dl class="reproduce">
${rows.map(([term, value]) => `<dt>${e(term)}</dt><dd>${value}</dd>`).join('\n')}
</dl></section>`;
}
