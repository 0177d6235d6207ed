import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../src/engine/types.js';
import { PERCENTILES } from '../src/engine/types.js';
import { SLIP_NOTE } from '../src/model/outputs.js';
import { bareQuantity, labelExpr, linearTicks, logTicks } from '../src/report/charts/axis.js';
import { cdfPoints } from '../src/report/charts/distribution.js';
import { assumptionCharts, mainCharts, type Chart } from '../src/report/charts/index.js';
import { compileChart } from '../src/report/compile.js';
import { escapeHtml } from '../src/report/html.js';
import { REPORT_MARKER } from '../src/report/page.js';
import { renderRunReport } from '../src/report/run-report.js';
import { writeFileAtomic } from '../src/io/output-files.js';
import { runResult } from './fixtures/run-result.js';

const META = { command: 'sora-compute run distributions/baseline.yaml' };

function deepFreeze<T>(x: T): T {
  if (x && typeof x === 'object') {
    Object.values(x).forEach(deepFreeze);
    Object.freeze(x);
  }
  return x;
}

function clone(result: RunResult): RunResult {
  return structuredClone(result) as RunResult;
}

/** The fixture with gpus_peak constant, as in a scenario that fixes everything it depends on. */
function withConstantGpusPeak(): RunResult {
  const result = clone(runResult);
  const x = 989_700;
  result.outputs.gpus_peak = {
    ...result.outputs.gpus_peak,
    mean: x,
    sd: 0,
    min: x,
    max: x,
    constant: true,
    percentiles: Object.fromEntries(PERCENTILES.map((p) => [`p${p}`, x])) as RunResult['outputs'][string]['percentiles'],
    histogram: { scale: 'linear', edges: [x, x], counts: [result.samples] },
  };
  return result;
}

function allCharts(result: RunResult): Chart[] {
  return [...mainCharts(result), ...assumptionCharts(result).values()];
}

/** The page with the bodies of its script and style elements removed: only markup is left. */
function markupOnly(html: string): string {
  return html.replace(/(<script\b[^>]*>)[\s\S]*?(<\/script>)/gi, '$1$2').replace(/(<style\b[^>]*>)[\s\S]*?(<\/style>)/gi, '$1$2');
}

beforeAll(() => {
  deepFreeze(runResult);
});

describe('chart specs', () => {
  const schema = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('vega-lite/vega-lite-schema.json'), 'utf8'));
  // The schema is draft-07; formats only annotate strings we never set, so they are accepted as is.
  const ajv = new Ajv({ strict: false, allErrors: true, formats: { uri: true, 'uri-reference': true, 'color-hex': true } });
  const validate = ajv.compile(schema);

  const cases: [string, Chart][] = [
    ...allCharts(runResult).map((c): [string, Chart] => [c.id, c]),
    ...mainCharts(withConstantGpusPeak())
      .filter((c) => c.id.endsWith('gpus_peak'))
      .map((c): [string, Chart] => [`${c.id} (constant)`, c]),
  ];

  it('cover every chart the report promises', () => {
    const ids = allCharts(runResult).map((c) => c.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'bands',
        'histogram-gpus_peak',
        'cdf-gpus_peak',
        'histogram-crossover_video_minutes',
        'cdf-crossover_video_minutes',
        'crossover',
        'modalities',
      ]),
    );
    const uncertain = Object.entries(runResult.assumptions).filter(([, a]) => !a.fixed).map(([n]) => `assumption-${n}`);
    expect(ids).toEqual(expect.arrayContaining(uncertain));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(cases)('%s validates against the vega-lite schema', (_id, chart) => {
    const ok = validate(chart.spec);
    expect(ok ? [] : validate.errors?.slice(0, 5)).toEqual([]);
  });

  it.each(cases)('%s compiles to Vega without warnings', (_id, chart) => {
    const { spec, warnings } = compileChart(chart.spec);
    expect(warnings).toEqual([]);
    expect(spec.marks?.length ?? 0).toBeGreaterThan(0);
  });

  it('label each bar of a discrete assumption with its own value, also where values are unevenly spaced', async () => {
    const { runScenario } = await import('../src/engine/run.js');
    const { loadScenario } = await import('../src/scenario/index.js');
    const dir = mkdtempSync(join(tmpdir(), 'sora-discrete-'));
    writeFileSync(join(dir, 'd.yaml'), 'assumptions:\n  frames_per_second: {dist: discrete, values: [16, 24, 30], weights: [1, 2, 1]}\n');
    const result = await runScenario(loadScenario(join(dir, 'd.yaml')), { samples: 1000, seed: 1, threads: 1 });
    const chart = assumptionCharts(result).get('frames_per_second')!;
    const text = JSON.stringify(chart.spec);
    expect(text).toContain('"values":[16,24,30]');
    for (const v of [16, 24, 30]) expect(text).toContain(JSON.stringify(`datum.value === ${v} ? "${v}"`).slice(1, -1));
    expect(text).not.toMatch(/16\.5|23\.5/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('draw log axes where values span decades', () => {
    const histogram = mainCharts(runResult).find((c) => c.id === 'histogram-gpus_peak')!;
    expect(JSON.stringify(histogram.spec)).toContain('"type":"log"');
    expect(JSON.stringify(histogram.spec)).toContain('gpus_peak (GPUs, log scale)');
  });
});

describe('renderRunReport', () => {
  let html: string;
  beforeAll(() => {
    const start = performance.now();
    html = renderRunReport(runResult, META);
    const first = performance.now() - start;
    const again = performance.now();
    renderRunReport(runResult, META);
    console.log(
      `renderRunReport(fixture): ${first.toFixed(0)} ms first call, ${(performance.now() - again).toFixed(0)} ms warm; ` +
        `${Buffer.byteLength(html)} bytes`,
    );
  });

  it('is one self-contained page under 3 MB', () => {
    expect(Buffer.byteLength(html)).toBeLessThan(3 * 1024 * 1024);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<meta http-equiv="Content-Security-Policy" content="default-src \'none\';');
  });

  it('starts with the marker the CLI recognises its reports by', () => {
    expect(Buffer.from(html).subarray(0, 4096).toString()).toContain(REPORT_MARKER);
  });

  it('loads nothing from anywhere: no resource attributes, links, external scripts or CSS urls', () => {
    const markup = markupOnly(html);
    const attributes = [...markup.matchAll(/\s([a-zA-Z:-]+)\s*=\s*("[^"]*"|'[^']*')/g)].map((m) => [m[1].toLowerCase(), m[2].slice(1, -1)]);
    expect(attributes.length).toBeGreaterThan(100);
    for (const [name, value] of attributes) {
      expect(value, `${name}="${value}"`).not.toMatch(/^\s*(https?:)?\/\//i);
      if (['src', 'href', 'srcset', 'action', 'poster', 'data', 'xlink:href', 'formaction'].includes(name)) {
        throw new Error(`resource attribute ${name}="${value}"`);
      }
    }
    expect(markup).not.toMatch(/<(link|img|iframe|object|embed|video|audio|source|base)\b/i);
    const css = [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)].map((m) => m[1]).join('\n');
    expect(css).not.toMatch(/url\(|@import|@font-face/i);
    expect([...html.matchAll(/<script\b[^>]*>/gi)].map((m) => m[0])).toEqual([
      '<script>',
      '<script type="application/json" id="sora-charts">',
      '<script>',
    ]);
  });

  it('escapes every user-provided string', () => {
    const evil = '<script>alert(1)</script>';
    const result = clone(runResult);
    result.scenario = { name: `a & b ${evil}`, description: `desc ${evil}` };
    result.file = `dir/${evil}.yaml`;
    result.assumptions.sora_params = { ...result.assumptions.sora_params, source: `src ${evil}`, note: `note ${evil}`, from: `from ${evil}`, describe: `describe ${evil}` };
    const page = renderRunReport(result, { command: `sora-compute run '${evil}'`, generatedAt: evil });
    expect(page).not.toContain(evil);
    expect(page).not.toContain('</script><script>');
    expect(page).toContain(`desc ${escapeHtml(evil)}`);
    expect(page).toContain(`a &amp; b ${escapeHtml(evil)}`);
    expect(page).toContain(`src ${escapeHtml(evil)}`);
    expect(page).toContain(`note ${escapeHtml(evil)}`);
    expect(page).toContain(`sora-compute run &#39;${escapeHtml(evil)}&#39;`);
    // Nothing but the three scripts of every report.
    expect(page.match(/<script\b/gi)).toHaveLength(3);
  });

  it('explains the 89k/720k slip beside the printed and consistent figures', () => {
    expect(html).toContain(escapeHtml(SLIP_NOTE));
    expect(html).toContain('data-article="gpus_peak" data-figure="printed" data-value="720000">720k GPUs</span>');
    expect(html).toContain('data-article="gpus_peak" data-figure="consistent" data-value="989700">990k GPUs</span>');
    expect(html).toContain('data-article="gpus_average_ideal" data-figure="printed" data-value="89000">89k GPUs</span>');
    expect(html).toContain('data multiplier 4 (conservative)');
    expect(html).toContain('data multiplier 10 (optimistic)');
  });

  it('hooks every output percentile to its exact value', () => {
    for (const [name, out] of Object.entries(runResult.outputs)) {
      for (const p of PERCENTILES) {
        const x = out.percentiles[`p${p}`];
        expect(html).toContain(`data-output="${name}" data-percentile="p${p}" data-value="${String(x)}">`);
      }
      expect(html).toContain(`data-output="${name}" data-percentile="mean" data-value="${String(out.mean)}">`);
    }
  });

  it('shows every assumption with its distribution in words and where it came from', () => {
    for (const [name, a] of Object.entries(runResult.assumptions)) {
      expect(html).toContain(`<code>${name}</code>`);
      expect(html).toContain(escapeHtml(a.describe));
      expect(html).toContain(`data-assumption="${name}" data-percentile="p50" data-value="${String(a.percentiles.p50)}">`);
    }
    expect(html).toContain(`Set by ${escapeHtml(runResult.assumptions.sora_params.from)}`);
  });

  it('states how to reproduce the run', () => {
    expect(html).toContain(`<pre><code>${escapeHtml(META.command)}</code></pre>`);
    expect(html).toContain(runResult.input_sha256);
    expect(html).toContain(`<code>${runResult.seed}</code>`);
    expect(html).toContain('100,000');
    expect(html).toContain('type 7');
  });

  it('is byte-identical for the same input, and dated only when asked', () => {
    expect(renderRunReport(runResult, META)).toBe(html);
    expect(html).not.toContain('class="generated"');
    const dated = renderRunReport(runResult, { ...META, generatedAt: '2025-01-02T03:04:05Z' });
    expect(dated).toContain('<p class="generated">Generated 2025-01-02T03:04:05Z</p>');
    expect(dated.replace(/<p class="generated">.*<\/p>\n/, '')).toBe(html);
  });

  it('renders a run whose headline output is constant', () => {
    const page = renderRunReport(withConstantGpusPeak(), META);
    expect(page).toContain('constant in this scenario');
  });
});

describe('writeFileAtomic', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sora-report-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function fresh(name: string): string {
    const d = join(dir, name);
    mkdirSync(d);
    return d;
  }

  it('creates the file and its missing parent directories', () => {
    const target = join(dir, 'new', 'deeper', 'report.html');
    writeFileAtomic(target, 'hello');
    expect(readFileSync(target, 'utf8')).toBe('hello');
    expect(readdirSync(join(dir, 'new', 'deeper'))).toEqual(['report.html']);
  });

  it('replaces an existing file and never touches a sibling', () => {
    const d = fresh('replace');
    const target = join(d, 'report.html');
    const sibling = join(d, 'notes.txt');
    writeFileSync(target, 'old');
    writeFileSync(sibling, 'mine');
    const before = statSync(sibling);
    writeFileAtomic(target, 'new content');
    expect(readFileSync(target, 'utf8')).toBe('new content');
    expect(readFileSync(sibling, 'utf8')).toBe('mine');
    expect(statSync(sibling).mtimeMs).toBe(before.mtimeMs);
    expect(readdirSync(d).sort()).toEqual(['notes.txt', 'report.html']);
  });

  it('leaves no temp file when the target is a directory', () => {
    const d = fresh('isdir');
    mkdirSync(join(d, 'report.html'));
    writeFileSync(join(d, 'report.html', 'inside.txt'), 'keep');
    writeFileSync(join(d, 'sibling.txt'), 'keep');
    expect(() => writeFileAtomic(join(d, 'report.html'), 'x')).toThrow();
    expect(readdirSync(d).sort()).toEqual(['report.html', 'sibling.txt']);
    expect(readFileSync(join(d, 'report.html', 'inside.txt'), 'utf8')).toBe('keep');
  });

  it('fails without side effects when the parent path is a file', () => {
    const d = fresh('parentfile');
    writeFileSync(join(d, 'blocker'), 'keep');
    expect(() => writeFileAtomic(join(d, 'blocker', 'report.html'), 'x')).toThrow();
    expect(readdirSync(d)).toEqual(['blocker']);
    expect(readFileSync(join(d, 'blocker'), 'utf8')).toBe('keep');
  });

  // Root ignores directory permissions, so this case only means something for other users.
  it.skipIf(process.getuid?.() === 0)('leaves no temp file when the directory is read-only', () => {
    const d = fresh('readonly');
    writeFileSync(join(d, 'report.html'), 'old');
    chmodSync(d, 0o555);
    try {
      expect(() => writeFileAtomic(join(d, 'report.html'), 'new')).toThrow();
      expect(readdirSync(d)).toEqual(['report.html']);
      expect(readFileSync(join(d, 'report.html'), 'utf8')).toBe('old');
    } finally {
      chmodSync(d, 0o755);
    }
  });

  it('writes a full report that reads back byte for byte', () => {
    const d = fresh('report');
    const target = join(d, 'baseline.html');
    const html = renderRunReport(runResult, META);
    writeFileAtomic(target, html);
    expect(existsSync(target)).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe(html);
    expect(readdirSync(d)).toEqual(['baseline.html']);
  });
});

describe('axis ticks', () => {
  it('are labelled as formatQuantity prints them, without the unit the title gives', () => {
    expect(bareQuantity(1.08e25, 'FLOP')).toBe('1.08e25');
    expect(bareQuantity(1.17e6, 'GPUs')).toBe('1.17M');
    expect(bareQuantity(1.29, 'USD/min')).toBe('$1.29');
    expect(bareQuantity(2, '×')).toBe('2×');
    expect(labelExpr([10, 100], (x) => bareQuantity(x, 'min'))).toBe(`datum.value === 10 ? "10" : datum.value === 100 ? "100" : ''`);
  });

  it('fall on decades when the range spans several, on 1-2-5 steps when it does not', () => {
    expect(logTicks(2.7, 203)).toEqual([3, 10, 30, 100]);
    expect(logTicks(1e3, 1e8)).toEqual([1e3, 1e4, 1e5, 1e6, 1e7, 1e8]);
    expect(logTicks(0.3, 0.66)).toEqual(linearTicks(0.3, 0.66));
    expect(logTicks(1e21, 1.2e21)).toEqual(linearTicks(1e21, 1.2e21));
    expect(linearTicks(0.3, 0.66)).toEqual([0.3, 0.4, 0.5, 0.6]);
  });
});

describe('the CDF drawn from a display histogram', () => {
  it('rises from the lower tail to the upper one', () => {
    const points = cdfPoints(runResult.outputs.gpus_peak, runResult.samples);
    const shares = points.map((p) => p.share);
    expect(shares.every((s, i) => i === 0 || s >= shares[i - 1])).toBe(true);
    expect(shares[0]).toBeCloseTo(0.001, 3);
    expect(shares[shares.length - 1]).toBeCloseTo(0.999, 3);
  });
});

describe('the run page of a correlated scenario under a design', () => {
  it('names the design and shows each target correlation beside the achieved one', async () => {
    const { runScenario: run } = await import('../src/engine/run.js');
    const { loadScenario: load } = await import('../src/scenario/index.js');
    const { renderRunReport } = await import('../src/report/run-report.js');
    const result = await run(load('test/fixtures/spec/correlated.yaml'), { samples: 20_000, seed: 5, threads: 1, method: 'lhs' });
    const html = renderRunReport(result, { command: 'sora-compute run test/fixtures/spec/correlated.yaml --method lhs' });
    expect(html).toContain('Latin hypercube (<code>--method lhs</code>)');
    const table = html.slice(html.indexOf('<table class="correlations">'), html.indexOf('</table>', html.indexOf('<table class="correlations">')));
    expect(table.match(/<tr><td class="text">/g)).toHaveLength(3);
    for (const c of result.correlations!) expect(table).toContain(`<td>${c.spearman}</td><td>${c.achieved.toFixed(3)}</td>`);
  }, 60_000);
});
