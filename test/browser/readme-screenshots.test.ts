import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, localContext } from './chromium.js';
import { startConsoleDemo, type ConsoleDemo } from './console-demo.js';

/**
 * The README's pictures of the console, taken from the seeded demo with simulated stations, and the
 * figures the README gives (bundle size, first paint). Not part of a normal run:
 *
 *   CONSOLE_README_SCREENSHOTS=1 npx vitest run --config test/vitest.config.ts --project browser readme-screenshots
 */
describe.skipIf(process.env.CONSOLE_README_SCREENSHOTS !== '1')('README screenshots of the console', () => {
  let demo: ConsoleDemo;
  let browser: Browser;
  const docs = join(process.cwd(), 'docs');

  beforeAll(async () => {
    [demo, browser] = await Promise.all([startConsoleDemo({ consoleDir: inject('consoleDir'), sessions: 6 }), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('takes the overview and the map, and measures the first paint', async () => {
    const context = await localContext(browser, { locale: 'en-US' });
    const page = await context.newPage();
    const url = `${demo.platform.http}/console/`;
    await page.goto(url);
    const signInPaint = await page.evaluate(`performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null`);
    await page.fill('input[name=apiKey]', demo.platform.adminApiKey);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-kpi=stations-online]');
    // A charging connector and a faulted one, so the picture shows the colours.
    const [a, b] = [...demo.stations.values()];
    await a!.setStatus(1, 1, 'Charging');
    await b!.setStatus(1, 1, 'Faulted');
    await page.waitForTimeout(1500);
    await page.screenshot({ path: join(docs, 'console-overview.png'), fullPage: true });
    await page.goto(`${url}#/map`);
    await page.waitForSelector('[data-tiles]', { timeout: 10_000 });
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(docs, 'console-map.png') });

    // A returning user (key in the tab): from navigation to the overview's figures on screen.
    const again = await context.newPage();
    const session = await page.evaluate(`sessionStorage.getItem('xj.console.session')`);
    await again.goto(url);
    await again.evaluate(`sessionStorage.setItem('xj.console.session', ${JSON.stringify(session)})`);
    const started = Date.now();
    await again.reload();
    await again.waitForSelector('[data-kpi=stations-online] .kpi-value');
    const overviewMs = Date.now() - started;
    const paint = await again.evaluate(`performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null`);
    const build = JSON.parse(await readFile(join(inject('consoleDir'), 'build-report.json'), 'utf8')) as { totals: { bytes: number; gzip: number; brotli: number } };
    const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
    process.stdout.write(
      `console: bundle ${kib(build.totals.bytes)} (gzip ${kib(build.totals.gzip)}, brotli ${kib(build.totals.brotli)}); first contentful paint ${Math.round(Number(signInPaint))} ms (sign-in), ${Math.round(Number(paint))} ms (overview page); overview figures on screen ${overviewMs} ms after navigation\n`,
    );
    expect(paint).not.toBeNull();
    await context.close();
  });
});
