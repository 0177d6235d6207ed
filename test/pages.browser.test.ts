/**
 * The sensitivity page and a run page under evidence in a real browser with the network cut
 * off: every chart drawn from what the page carries, no request, no error.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './binary.js';
import { launchChromium, openOffline } from './browser.js';

describe('analysis pages in Chromium, offline', () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sora-pages-'));
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    // Sensitivity: a tornado and Sobol bars for each of the four key outputs.
    ['sensitivity', ['sensitivity', 'distributions/baseline.yaml', '--samples', '1024'], ['tornado-gpus_peak', 'sobol-gpus_peak']],
    // Under evidence: prior and posterior overlays, what matters, and the reality check.
    ['run under evidence', ['run', 'distributions/informed.yaml', '--samples', '20000', '--observe', 'cost_per_video_minute_usd=:30'], ['posterior-sora_params', 'what-matters-gpus_peak', 'reality-inference', 'reality-cost', 'reality-training']],
  ])('%s: every chart drawn, no request, no error', async (name, args, expected) => {
    const page = join(dir, `${name.replace(/\W+/g, '-')}.html`);
    const r = cli([...args, '--report', page]);
    expect(r.status, r.stderr).toBe(0);
    const { context, page: tab, network, problems } = await openOffline(browser, pathToFileURL(page).href, 1200);
    try {
      const charts = await tab.$$eval('[data-chart]', (els) =>
        els.map((el) => ({ id: el.getAttribute('data-chart'), rendered: el.getAttribute('data-rendered'), marks: el.querySelectorAll('svg path, svg rect, svg line').length })),
      );
      expect(charts.map((c) => c.id)).toEqual(expect.arrayContaining(expected as string[]));
      for (const c of charts) expect(c, `chart ${c.id}`).toMatchObject({ rendered: 'true' });
      for (const c of charts) expect(c.marks, `marks in chart ${c.id}`).toBeGreaterThan(0);
      expect(network).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
