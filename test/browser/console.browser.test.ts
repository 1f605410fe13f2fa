import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { ocppClient } from '../helpers/ocpp-client.js';
import { launchChromium, localContext } from './chromium.js';
import { startConsoleDemo, type ConsoleDemo } from './console-demo.js';

const SCREENSHOTS = join(process.cwd(), 'tmp', 'console-screenshots');
/** What the issue asks of a live change: on screen within 2 s, without a reload. */
const LIVE_MS = 2_000;

/**
 * The web console in a real Chromium against the seeded demo platform with simulated stations:
 * signing in (admin, operator, wrong key, ended sessions), the overview, the map, live updates,
 * a command, a session's chart, the CDR CSV, tariffs, partners and the language switch.
 */
// Functions handed to the page run in the browser: they reach its document as (globalThis as any).document,
// since this project compiles without DOM types (and strings would be eval, which the console's CSP refuses).
describe('web console in Chromium', () => {
  let demo: ConsoleDemo;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let url: string;
  let admin: string;

  const newPage = async (locale = 'en-US'): Promise<Page> => {
    const context = await localContext(browser, { locale });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    return page;
  };
  const signIn = async (page: Page, key: string, hash = '') => {
    await page.goto(`${url}${hash}`);
    await page.fill('input[name=apiKey]', key);
    await page.click('button[type=submit]');
    await page.waitForSelector('header.top');
  };
  const operatorKey = async (operatorId: string) => {
    const r = await demo.platform.api('/v1/api-keys', { body: { operatorId, name: 'browser test' } });
    expect(r.status).toBe(201);
    return r.body as { id: string; key: string };
  };

  beforeAll(async () => {
    [demo, browser] = await Promise.all([startConsoleDemo({ consoleDir: inject('consoleDir') }), launchChromium()]);
    url = `${demo.platform.http}/console/`;
    admin = demo.platform.adminApiKey;
  });

  // Screenshots of every open page when a test fails (before the pages close), to see what the user saw.
  beforeEach((ctx) => async () => {
    const failed = ctx.task.result?.state === 'fail' || (ctx.task.result?.errors?.length ?? 0) > 0;
    if (failed) {
      await mkdir(SCREENSHOTS, { recursive: true });
      const name = ctx.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
      let i = 0;
      for (const c of contexts) for (const p of c.pages()) await p.screenshot({ path: join(SCREENSHOTS, `${name}-${i++}.png`), fullPage: true }).catch(() => undefined);
    }
    for (const c of contexts.splice(0)) await c.close();
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('signs in with the admin key and shows the three cities with the connected stations', async () => {
    const page = await newPage();
    await signIn(page, admin);
    await page.waitForSelector('[data-kpi=stations-online]');
    const online = (await page.textContent('[data-kpi=stations-online] .kpi-value'))?.trim();
    expect(Number(online)).toBe(demo.stations.size);
    expect(await page.textContent('[data-kpi=stations-online] .kpi-sub')).toContain(`of ${demo.fleet.length} stations`);
    expect(await page.locator('tbody[data-city]').evaluateAll((els) => els.map((e) => e.getAttribute('data-city')))).toEqual(['Changsha', 'Xiangtan', 'Zhuzhou']);
    // Money as CNY with two decimals, energy in kWh.
    expect(await page.textContent('[data-kpi=revenue-today] .kpi-value')).toMatch(/^CNY \d[\d,]*\.\d{2}$/);
    expect(await page.textContent('[data-kpi=kwh-today] .kpi-value')).toMatch(/^\d[\d,]*\.\d{3} kWh$/);
    const overview = (await demo.platform.api('/v1/overview')).body;
    expect(await page.textContent('[data-kpi=revenue-month] .kpi-value')).toBe(`CNY ${overview.totals.revenueMonth}`);
  });

  it('refuses a wrong key with a message and stays on the sign-in page', async () => {
    const page = await newPage();
    await page.goto(url);
    await page.fill('input[name=apiKey]', 'xj_not-a-key-of-this-platform');
    await page.click('button[type=submit]');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('This key was refused');
    expect(await page.locator('header.top').count()).toBe(0);
  });

  it('the map shows every demo location as a focusable marker labelled with its name, on the cities’ outlines when tiles cannot load', async () => {
    const page = await newPage();
    await signIn(page, admin, '#/map');
    const locations = (await demo.platform.api('/v1/locations?limit=500')).body.items as { id: string; name: string }[];
    expect(locations.length).toBe(13);
    const markers = page.locator('.leaflet-marker-icon[role=button]');
    await expect.poll(() => markers.count()).toBe(13);
    const labels = await markers.evaluateAll((els) => els.map((e) => [e.getAttribute('aria-label'), e.getAttribute('tabindex')]));
    expect(labels.map(([name]) => name).sort()).toEqual(locations.map((l) => l.name).sort());
    expect(labels.every(([, tab]) => tab === '0')).toBe(true);
    // No tile answered: the map says so and draws the three outlines instead of a broken page.
    await page.waitForSelector('[data-tiles=offline]', { timeout: 10_000 });
    expect(await page.locator('.leaflet-overlay-pane path').count()).toBe(3);
    // The switch to the offline map re-rendered the page, and Leaflet's container kept its classes (clipping).
    expect(await page.locator('.map').getAttribute('class')).toContain('leaflet-container');
    // Keyboard: Enter on a focused marker opens the location.
    const first = locations[0]!;
    await page.getByRole('button', { name: first.name, exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector(`aside[data-location="${first.id}"] h2`);
    expect(await page.textContent(`aside[data-location="${first.id}"] h2`)).toBe(first.name);
    expect(await page.locator(`aside[data-location="${first.id}"] .evse`).count()).toBeGreaterThan(0);
  });

  it('a simulated station’s status change appears on the map and the overview within 2 s, without a reload', async () => {
    // Every connected station of one location turns Faulted: its marker turns red.
    const [firstId] = [...demo.stations.keys()];
    const locationId = demo.fleet.find((s) => s.id === firstId)!.locationId;
    const here = [...demo.stations.values()].filter((st) => demo.fleet.find((s) => s.id === st.id)!.locationId === locationId);
    const map = await newPage();
    await signIn(map, admin, '#/map');
    const marker = map.locator(`.leaflet-marker-icon[data-location="${locationId}"]`);
    await marker.waitFor();
    const overview = await newPage();
    await signIn(overview, admin);
    const faulted = overview.locator('[data-connectors=all] li[data-status=FAULTED] strong');
    await faulted.waitFor();
    const before = Number(await faulted.textContent());
    // Both pages are subscribed to the stream before the change.
    for (const p of [map, overview]) await p.waitForSelector('.live-live');
    const navigations = { map: 0, overview: 0 };
    map.on('framenavigated', () => navigations.map++);
    overview.on('framenavigated', () => navigations.overview++);

    const connectors = here.flatMap((st) => st.spec.evses.map((e) => [st, e.evseId] as const));
    const sent = Date.now();
    for (const [st, evseId] of connectors) await st.setStatus(evseId, 1, 'Faulted');
    await map.waitForSelector(`.leaflet-marker-icon[data-location="${locationId}"][data-availability=faulted]`, { timeout: LIVE_MS });
    await overview.waitForFunction((n) => Number((globalThis as any).document.querySelector('[data-connectors=all] li[data-status=FAULTED] strong')?.textContent) >= n, before + connectors.length, {
      timeout: Math.max(100, LIVE_MS - (Date.now() - sent)),
    });
    expect(navigations).toEqual({ map: 0, overview: 0 });
    for (const [st, evseId] of connectors) await st.setStatus(evseId, 1, 'Available');
    await map.waitForSelector(`.leaflet-marker-icon[data-location="${locationId}"][data-availability=available]`, { timeout: LIVE_MS });
  });

  it('a reset sent from the station page reaches the simulated station and shows accepted', async () => {
    const [id, station] = [...demo.stations][1]!;
    const page = await newPage();
    await signIn(page, admin, `#/stations/${id}`);
    await page.waitForSelector('form.command');
    await page.selectOption('select[name=kind]', 'reset');
    await page.selectOption('select[name=resetType]', 'Soft');
    // The station counts the resets it is asked for, and accepts them as the simulator does.
    const resets: unknown[] = [];
    station.rpc.handle('Reset', async ({ params }) => {
      resets.push(params);
      return { status: 'Accepted' };
    });
    await page.click('form.command button[type=submit]');
    await page.waitForSelector('[data-command-status=accepted]', { timeout: 15_000 });
    expect(await page.textContent('[data-command-status=accepted]')).toBe('Accepted');
    expect(resets).toHaveLength(1);
    expect(JSON.stringify(resets[0])).toContain(station.spec.ocppVersion === '1.6' ? 'Soft' : 'OnIdle');
  });

  it("a station's device model and log files from its page: the report fetched, a log uploaded and offered for download", async () => {
    const [id] = [...demo.stations].find(([, s]) => s.spec.ocppVersion === '2.0.1')!;
    const page = await newPage();
    await signIn(page, admin, `#/stations/${id}`);
    await page.getByRole('button', { name: 'Fetch device report' }).click();
    await page.getByRole('button', { name: 'Fetch log file' }).click();
    await page.waitForSelector('[data-log-status=uploaded]', { timeout: 20_000 });
    await expect.poll(() => page.locator('td', { hasText: 'HeartbeatInterval' }).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.fill('input[name=variableFilter]', 'OCPPCommCtrlr');
    await expect.poll(() => page.locator('td', { hasText: 'ConnectorType' }).count()).toBe(0);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download' }).first().click();
    expect((await download).suggestedFilename()).toContain(id);
  });

  it('a session page draws its energy curve from the meter samples', async () => {
    const sessionId = demo.sessionIds.find(Boolean)!;
    const s = (await demo.platform.api(`/v1/sessions/${sessionId}`)).body;
    const readings = new Set(s.samples.filter((x: { measurand: string; phase: string | null }) => x.measurand === 'Energy.Active.Import.Register' && !x.phase).map((x: { sampledAt: string }) => x.sampledAt)).size;
    expect(readings).toBeGreaterThan(2);
    const page = await newPage();
    await signIn(page, admin, `#/sessions/${sessionId}`);
    const chart = page.locator('[data-chart=energy]');
    await chart.waitFor();
    expect(Number(await chart.getAttribute('data-points'))).toBe(readings);
    // Something is drawn on the plot's canvas (not a blank rectangle).
    const inked = await page.evaluate(`(() => {
      const c = document.querySelector('[data-chart=energy] canvas');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
      return n;
    })()`);
    expect(inked).toBeGreaterThan(500);
    expect(await page.textContent('main')).toContain(s.stopReason ?? 'Local');
  });

  it('downloads the CDRs as CSV with one row per CDR the key sees', async () => {
    const cdrs = (await demo.platform.api('/v1/cdrs?limit=500')).body.items as { id: string; total: string }[];
    expect(cdrs.length).toBeGreaterThan(0);
    const page = await newPage();
    await signIn(page, admin, '#/money/cdrs');
    await page.waitForSelector('[data-cdr-status]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^cdrs-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = await readFile((await download.path())!, 'utf8');
    const [header, ...rows] = text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    const columns = header!.split(',');
    const idAt = columns.indexOf('cdr_id') >= 0 ? columns.indexOf('cdr_id') : columns.indexOf('id');
    expect(idAt).toBeGreaterThanOrEqual(0);
    expect(rows.map((r) => r.split(',')[idAt]).sort()).toEqual(cdrs.map((c) => c.id).sort());
    await page.waitForSelector('[data-csv-lines]');
  });

  it('switches between English and Chinese, starting from the browser’s language', async () => {
    const page = await newPage('en-US');
    await signIn(page, admin);
    expect(await page.textContent('header nav')).toContain('Overview');
    await page.getByRole('button', { name: 'Switch language' }).click();
    await page.waitForFunction(() => (globalThis as any).document.querySelector('header nav')?.textContent?.includes('总览'));
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.textContent('[data-kpi=revenue-today] .kpi-value')).toMatch(/^¥\d/);
    await page.reload();
    await page.waitForFunction(() => (globalThis as any).document.querySelector('header nav')?.textContent?.includes('总览'));
    const chinese = await newPage('zh-CN');
    await chinese.goto(url);
    expect(await chinese.textContent('h1')).toBe('湘江充电互联');
  });

  it('an operator key sees only its own stations and sessions, and cannot reach another operator’s station', async () => {
    const own = demo.fleet.filter((s) => s.operatorId === 'XJ-ZHUDIAN');
    const other = demo.fleet.find((s) => s.operatorId === 'XJ-STATE-GRID')!;
    const { key } = await operatorKey('XJ-ZHUDIAN');
    const page = await newPage();
    await signIn(page, key, '#/stations');
    await expect.poll(() => page.locator('table a[href^="#/stations/"]').count()).toBe(own.length);
    const shown = await page.locator('table a[href^="#/stations/"]').allTextContents();
    expect(shown.sort()).toEqual(own.map((s) => s.id).sort());
    // Sessions: only those at its stations (or with its cards).
    await page.goto(`${url}#/sessions`);
    await page.waitForSelector('.pager');
    const stationsOfSessions = await page.locator('table a[href^="#/stations/"]').allTextContents();
    expect(stationsOfSessions.every((id) => own.some((s) => s.id === id))).toBe(true);
    const allSessions = (await demo.platform.api('/v1/sessions?limit=500')).body.items as { stationId: string; operatorId: string; providerId: string | null }[];
    expect(stationsOfSessions.length).toBe(allSessions.filter((s) => s.operatorId === 'XJ-ZHUDIAN' || s.providerId === 'XJ-ZHUDIAN').length);
    // Another operator's station is as good as absent; admin-only controls are not offered.
    await page.goto(`${url}#/stations/${other.id}`);
    expect(await page.getByRole('alert').textContent()).toContain('not found');
    expect(await page.locator('form.command').count()).toBe(0);
    await page.goto(`${url}#/money/statements`);
    await page.waitForSelector('form.filters');
    expect(await page.getByRole('button', { name: 'Run settlement' }).count()).toBe(0);
  });

  it('goes back to sign-in when the session ends: the key revoked, or the tab idle past its time', async () => {
    const { id, key } = await operatorKey('XJ-CHANGXING');
    const page = await newPage();
    await signIn(page, key);
    await page.waitForSelector('[data-kpi]');
    expect((await demo.platform.api(`/v1/api-keys/${id}`, { method: 'DELETE' })).status).toBe(204);
    await page.goto(`${url}#/stations`);
    await page.waitForSelector('input[name=apiKey]');
    expect(await page.getByRole('status').first().textContent()).toContain('Your session has ended');

    const idle = await newPage();
    await signIn(idle, admin);
    await idle.waitForSelector('[data-kpi]');
    await idle.evaluate(`(() => {
      const s = JSON.parse(sessionStorage.getItem('xj.console.session'));
      sessionStorage.setItem('xj.console.session', JSON.stringify({ ...s, expiresAt: Date.now() - 1 }));
    })()`);
    await idle.reload();
    await idle.waitForSelector('input[name=apiKey]');
    await idle.goto(`${url}#/sessions`);
    expect(await idle.locator('header.top').count()).toBe(0);
  });

  it('publishes a new tariff version from the Money page', async () => {
    const tariffId = 'XJ-ZHUDIAN-TOU';
    const before = (await demo.platform.api(`/v1/tariffs/${tariffId}/versions`)).body.items.length;
    const page = await newPage();
    await signIn(page, admin, '#/money/tariffs');
    await page.getByRole('button', { name: 'Peak and valley' }).nth(2).click();
    await page.waitForSelector('form.publish');
    expect(await page.locator('form.publish h3').textContent()).toBe('Publish a new version');
    await page.fill('input[name=service-0]', '0.5500');
    await page.click('form.publish button[type=submit]');
    await page.waitForSelector('form.publish .ok');
    const versions = (await demo.platform.api(`/v1/tariffs/${tariffId}/versions`)).body.items;
    expect(versions.length).toBe(before + 1);
    expect(versions[versions.length - 1].periods[0].serviceFeePerKwh).toBe('0.5500');
    // A bad price is refused with the API's reason, and nothing is published.
    await page.fill('input[name=service-0]', '-1');
    await page.click('form.publish button[type=submit]');
    await page.getByRole('alert').waitFor();
    expect((await demo.platform.api(`/v1/tariffs/${tariffId}/versions`)).body.items.length).toBe(before + 1);
  });

  it('a held CDR is released into settlement from the Money page, and the admin runs the day’s statements', async () => {
    // A demo station the simulators do not hold charges with a meter that runs backwards: held for review.
    const spec = demo.fleet.find((s) => !demo.stations.has(s.id) && s.ocppVersion === '1.6' && s.operatorId === 'XJ-CHANGXING')!;
    // A customer of Xianglu (an EMSP with an agreement): the statement is Xianglu's to Changxing.
    const token = demo.tokens.find((t) => t.operatorId === 'XJ-XIANGLU')!;
    const c = ocppClient({ endpoint: demo.platform.ocpp, identity: spec.id, password: spec.password, protocols: ['ocpp1.6'] });
    await c.connect();
    try {
      await c.call('BootNotification', { chargePointVendor: 'XJ', chargePointModel: 'AC7' });
      const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
      const reading = (wh: number) => ({ value: String(wh), measurand: 'Energy.Active.Import.Register', unit: 'Wh' });
      const { transactionId } = (await c.call('StartTransaction', { connectorId: 1, idTag: token.uid, meterStart: 10_000, timestamp: at(30) })) as { transactionId: number };
      await c.call('MeterValues', { connectorId: 1, transactionId, meterValue: [{ timestamp: at(20), sampledValue: [reading(12_000)] }] });
      await c.call('MeterValues', { connectorId: 1, transactionId, meterValue: [{ timestamp: at(10), sampledValue: [reading(11_000)] }] });
      await c.call('StopTransaction', { transactionId, meterStop: 13_000, timestamp: at(5) });
    } finally {
      await c.close({ force: true });
    }
    // CDRs are priced in one-second batches after the session's events: wait for it.
    await expect.poll(async () => (await demo.platform.api('/v1/cdrs?status=held')).body.items.length, { timeout: 20_000 }).toBe(1);
    const held = (await demo.platform.api('/v1/cdrs?status=held')).body.items as { id: string }[];

    const page = await newPage();
    await signIn(page, admin, '#/money/cdrs');
    await page.waitForSelector('[data-cdr-status]');
    await page.selectOption('select[name=status]', 'held');
    await page.getByRole('button', { name: held[0]!.id, exact: true }).click();
    await page.waitForSelector(`[data-cdr="${held[0]!.id}"] .quality li`);
    await page.getByRole('button', { name: 'Release into settlement' }).click();
    await expect.poll(async () => (await demo.platform.api(`/v1/cdrs/${held[0]!.id}`)).body.status).toBe('priced');
    await expect.poll(() => page.getByRole('button', { name: 'Release into settlement' }).count()).toBe(0);
    expect(await page.textContent(`[data-cdr="${held[0]!.id}"] .facts`)).toContain('Priced');

    // The day's statements (provisional: the day runs) with their net positions.
    await page.goto(`${url}#/money/statements`);
    await page.getByRole('button', { name: 'Run settlement' }).click();
    await page.waitForSelector('table caption');
    expect(await page.textContent('main')).toContain('Xianglu');
    const run = (await demo.platform.api(`/v1/settlements?period=day&date=${(await demo.platform.api('/v1/overview')).body.day}`)).body;
    expect(run.statements.length).toBeGreaterThan(0);
    await expect.poll(() => page.locator('table').first().locator('tbody tr').count()).toBe(run.statements.length);
    expect(await page.textContent('main')).toContain('provisional');
  });

  it('lists partners, their state and last error, and a partner’s messages', async () => {
    // A T/CEC 102 partner whose platform cannot be reached: pulling its stations fails, and the
    // failure shows as its state, its last error and an outgoing message of its audit trail.
    const keys = (tag: string) => ({ operatorSecret: `op-${tag}`, dataSecret: `data-${tag}`.padEnd(16, '0'), dataSecretIv: `iv-${tag}`.padEnd(16, '0'), sigSecret: `sig-${tag}` });
    const created = await demo.platform.api('/v1/partners', {
      body: {
        id: 'HN-PEER', name: '湖南互联互通平台', protocol: 'tcec', role: 'cpo', operatorId: 'XJ-XIANGLU',
        tcec: { partnerOperatorId: 'MA4L0XXX1', ourOperatorId: 'XJCL00001', baseUrl: 'http://127.0.0.1:9/evcs/v1', inbound: keys('in'), outbound: keys('out') },
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const sync = await demo.platform.api('/v1/partners/HN-PEER/station-sync', { body: { full: true } });
    expect(sync.status).toBeGreaterThanOrEqual(400);
    const partner = (await demo.platform.api('/v1/partners/HN-PEER')).body;
    expect(partner.state).toBe('failing');
    const page = await newPage();
    await signIn(page, admin, '#/partners');
    await page.waitForSelector('[data-partner-state=failing]');
    expect(await page.textContent('main table')).toContain(partner.lastError.message);
    await page.getByRole('link', { name: 'HN-PEER' }).click();
    await page.waitForSelector('#msg-h');
    await expect.poll(async () => page.textContent('main')).toContain('query_token');
  });
});
