import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsole } from '../../../src/console/build.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/platform.js';

/** The console's files on the API's listener: the page, compressed copies, its settings, and a clear answer when it is not built. */
describe('console serving', () => {
  let dir: string;
  let built: TestPlatform;
  let unbuilt: TestPlatform;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'xj-console-'));
    await buildConsole(join(dir, 'console'));
    [built, unbuilt] = await Promise.all([
      startTestPlatform({ env: { CONSOLE_DIR: join(dir, 'console'), CONSOLE_TILE_URL: 'https://webrd0{s}.is.autonavi.com/appmaptile?x={x}&y={y}&z={z}&style=8', CONSOLE_SESSION_MINUTES: '30' } }),
      startTestPlatform({ env: { CONSOLE_DIR: join(dir, 'nothing-here') } }),
    ]);
  });
  afterAll(async () => {
    await built?.stop();
    await unbuilt?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('/console sends the browser to the page, which names its hashed script and stylesheet, under a strict content security policy', async () => {
    const redirect = await fetch(`${built.http}/console`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('/console/');
    const page = await fetch(`${built.http}/console/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    // Images from the configured tile host (any of its {s} subdomains), nothing else from outside.
    expect(csp).toMatch(/img-src 'self' data: blob: https:\/\/\*\.is\.autonavi\.com(;|$)/);
    const html = await page.text();
    const script = /src="(app-[A-Z0-9]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const js = await fetch(`${built.http}/console/${script}`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(js.status).toBe(200);
    expect(js.headers.get('content-encoding')).toBe('br');
    expect(js.headers.get('cache-control')).toContain('immutable');
  });

  it('config.json carries the map settings; Chinese tile hosts get GCJ-02', async () => {
    const r = await fetch(`${built.http}/console/config.json`);
    expect(await r.json()).toEqual({
      tileUrl: 'https://webrd0{s}.is.autonavi.com/appmaptile?x={x}&y={y}&z={z}&style=8',
      tileAttribution: '',
      tileCoords: 'gcj02',
      sessionMinutes: 30,
    });
    const defaults = await (await fetch(`${unbuilt.http}/console/config.json`)).json();
    expect(defaults).toMatchObject({ tileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png', tileCoords: 'wgs84', sessionMinutes: 720 });
  });

  it('a node whose console is not built says how to build it, and the API is unaffected', async () => {
    const r = await fetch(`${unbuilt.http}/console/`);
    expect(r.status).toBe(503);
    expect(await r.text()).toContain('npm run build:console');
    expect((await unbuilt.api('/v1/me')).status).toBe(200);
  });
});
