/**
 * The report in a real browser with the network cut off: it must draw every chart from what
 * it carries. Needs Debian's Chromium (`apt-get install -y chromium`); SORA_SKIP_BROWSER=1
 * skips it where no browser can be installed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatQuantity } from '../src/format.js';

const CLI = resolve('dist/bundle/cli.js');

const CHROMIUM = '/usr/bin/chromium';
const SKIP = process.env.SORA_SKIP_BROWSER === '1';
const ARTIFACTS = resolve('test-artifacts');

if (SKIP) console.log('report.browser.test.ts skipped: SORA_SKIP_BROWSER=1');

describe.skipIf(SKIP)('the HTML report in Chromium, offline', () => {
  let browser: Browser | undefined;
  let dir: string;
  let reportUrl: string;
  /** gpus_peak's P50 as `run --json` prints it for the same file, seed and samples. */
  let gpusPeakP50: number;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} not found: install it with \`apt-get install -y chromium\` (or set SORA_SKIP_BROWSER=1 to skip)`);
    }
    dir = mkdtempSync(join(tmpdir(), 'sora-browser-'));
    const path = join(dir, 'report.html');
    // Two separate runs, as a user would make them: one writes the report, one prints JSON.
    const args = ['run', 'distributions/baseline.yaml', '--samples', '100000', '--seed', '7'];
    const written = spawnSync(process.execPath, [CLI, ...args, '--report', path], { encoding: 'utf8' });
    expect(written.status, written.stderr).toBe(0);
    expect(readdirSync(dir)).toEqual(['report.html']);
    const printed = spawnSync(process.execPath, [CLI, ...args, '--json', '--no-report'], { encoding: 'utf8', maxBuffer: 1 << 26 });
    expect(printed.status, printed.stderr).toBe(0);
    gpusPeakP50 = JSON.parse(printed.stdout).outputs.gpus_peak.percentiles.p50;
    reportUrl = pathToFileURL(path).href;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function open(width: number) {
    const context = await browser!.newContext({ viewport: { width, height: 900 } });
    const network: string[] = [];
    const problems: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      network.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.goto(reportUrl, { waitUntil: 'load' });
    // Each chart container is marked once its view has run (or filled with an error message).
    await page.waitForFunction(
      () => [...document.querySelectorAll('[data-chart]')].every((el) => el.getAttribute('data-rendered') === 'true' || el.textContent),
      null,
      { timeout: 20_000 },
    );
    return { context, page, network, problems };
  }

  it('draws every chart with no request, error or console error', async () => {
    const { context, page, network, problems } = await open(1200);
    try {
      const charts = await page.$$eval('[data-chart]', (els) =>
        els.map((el) => ({
          id: el.getAttribute('data-chart'),
          rendered: el.getAttribute('data-rendered'),
          svgs: el.querySelectorAll('svg').length,
          marks: el.querySelectorAll('svg path, svg rect, svg line').length,
          width: el.querySelector('svg')?.getBoundingClientRect().width ?? 0,
          text: el.querySelector('svg') ? '' : el.textContent,
        })),
      );
      expect(charts.length).toBeGreaterThanOrEqual(7);
      for (const c of charts) {
        expect(c, `chart ${c.id}`).toMatchObject({ rendered: 'true', svgs: 1, text: '' });
        expect(c.marks, `marks in chart ${c.id}`).toBeGreaterThan(0);
        expect(c.width, `width of chart ${c.id}`).toBeGreaterThan(100);
      }
      expect(network).toEqual([]);
      expect(problems).toEqual([]);

      const gpus = gpusPeakP50;
      const hook = page.locator('.card [data-output="gpus_peak"][data-percentile="p50"]');
      expect(await hook.textContent()).toBe(formatQuantity(gpus, 'GPUs'));
      expect(Number(await hook.getAttribute('data-value'))).toBe(gpus);

      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'report.png'), fullPage: true });
    } finally {
      await context.close();
    }
  }, 60_000);

  it('fits a phone-width screen without a horizontal scrollbar on the page', async () => {
    const { context, page, network, problems } = await open(390);
    try {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      const widest = await page.$$eval('[data-chart] svg', (svgs) => Math.max(...svgs.map((s) => s.getBoundingClientRect().width)));
      expect(widest).toBeLessThanOrEqual(390);
      expect(network).toEqual([]);
      expect(problems).toEqual([]);
      await page.screenshot({ path: join(ARTIFACTS, 'report-phone.png'), fullPage: true });
    } finally {
      await context.close();
    }
  }, 60_000);
});
