/**
 * A headless Chromium for the report tests, from the npm package @sparticuz/chromium: its
 * binary and libraries unpack from the package into the temp folder on first launch, so
 * `npm ci && npm test` runs the real-browser tests on a machine with no browser installed
 * (no system Chromium, no download at test time).
 */
import chromiumPackage from '@sparticuz/chromium';
import { chromium, type Browser } from 'playwright-core';

/**
 * Flags for a root user on a machine with no network and no GPU. The package's own flag list
 * also turns off web security, which would hide what the report's Content-Security-Policy
 * forbids, so only what this machine needs is taken from it.
 */
const FLAGS = [
  '--headless=shell',
  '--no-sandbox',
  '--no-zygote',
  '--disable-gpu',
  '--use-gl=angle',
  '--use-angle=swiftshader',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where the package unpacked its browser: under the temp folder, never a system install. */
export const chromiumPath = (): Promise<string> => chromiumPackage.executablePath();

export async function launchChromium(): Promise<Browser> {
  const executablePath = await chromiumPath();
  return chromium.launch({ executablePath, args: FLAGS, headless: true });
}

/**
 * Opens a report from file:// with every other request refused, and waits until each chart
 * container is marked drawn (or holds an error message). Collects the refused requests and
 * every console or page error.
 */
export async function openOffline(browser: Browser, url: string, width: number) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const network: string[] = [];
  const problems: string[] = [];
  await context.route('**/*', (route) => {
    const requested = route.request().url();
    if (requested.startsWith('file:')) return route.continue();
    network.push(requested);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(
    () => [...document.querySelectorAll('[data-chart]')].every((el) => el.getAttribute('data-rendered') === 'true' || el.textContent),
    null,
    { timeout: 20_000 },
  );
  return { context, page, network, problems };
}
