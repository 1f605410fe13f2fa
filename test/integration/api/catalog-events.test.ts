import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ocppClient } from '../../helpers/ocpp-client.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/platform.js';
import { REDIS_URL } from '../../helpers/services.js';

const PASSWORD = 'Xq7-kP2_zR9mW4tY-cat';

/**
 * A location that drivers' searches have already read, whose new station then boots and reports
 * connectors nobody declared: the connectors reach the answers within 1 s on every node (the
 * status write emits catalog.changed; each API node's outbox tail re-reads the catalog).
 */
describe.each([
  { name: 'embedded, one node', redis: false },
  { name: 'PostgreSQL + Redis, gateway node and API node', redis: true },
])('a station first seen by its reports ($name)', ({ redis }) => {
  let gw: TestPlatform;
  let api: TestPlatform;
  beforeAll(async () => {
    if (redis) {
      const prefix = `xjtest:${randomBytes(4).toString('hex')}:`;
      api = await startTestPlatform({ postgres: true, redisUrl: REDIS_URL, env: { ROLE: 'api', NODE_ID: 'cat-api', REDIS_PREFIX: prefix } });
      gw = await startTestPlatform({ databaseUrl: api.databaseUrl!, redisUrl: REDIS_URL, env: { ROLE: 'gateway,jobs', NODE_ID: 'cat-gw', REDIS_PREFIX: prefix } });
    } else {
      gw = api = await startTestPlatform();
    }
    const ok = async (path: string, body: unknown) => expect((await api.api(path, { body })).status).toBe(201);
    await ok('/v1/operators', { id: 'OP-CAT', name: 'Catalog CPO', roles: ['CPO'] });
    await ok('/v1/locations', { id: 'CAT-LOC', operatorId: 'OP-CAT', name: 'New hub', city: 'Xiangtan', address: 'Jianshe Rd', lat: 27.85, lng: 112.91 });
  });
  afterAll(async () => {
    if (gw !== api) await gw.stop();
    await api.stop();
  });

  it('its connectors appear in drivers\' answers within 1 s', async () => {
    const connectors = async () => ((await api.api('/v1/locations/CAT-LOC')).body.evses ?? []).length as number;
    // The search has read the location: no stations, no connectors.
    expect(await connectors()).toBe(0);
    await api.api('/v1/stations', { body: { id: 'CAT-ST', operatorId: 'OP-CAT', locationId: 'CAT-LOC', password: PASSWORD } });
    expect(await connectors()).toBe(0);
    const c = ocppClient({ endpoint: gw.ocpp, identity: 'CAT-ST', password: PASSWORD, protocols: ['ocpp1.6'] });
    await c.connect();
    await c.call('BootNotification', { chargePointVendor: 'XJ', chargePointModel: 'AC7' });
    await c.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' });
    await c.call('StatusNotification', { connectorId: 2, errorCode: 'NoError', status: 'Charging' });
    const reported = Date.now();
    await expect.poll(connectors, { timeout: 1_000, interval: 25 }).toBe(2);
    const shownAfterMs = Date.now() - reported;
    expect(shownAfterMs).toBeLessThan(1_000);
    const loc = (await api.api('/v1/locations/CAT-LOC')).body;
    expect(loc.evses.map((e: { id: string; status: string }) => [e.id, e.status])).toEqual([['CAT-ST.1', 'AVAILABLE'], ['CAT-ST.2', 'CHARGING']]);
    await c.close();
  });
});
