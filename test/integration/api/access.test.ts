import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ocppClient } from '../../helpers/ocpp-client.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/platform.js';

const PASSWORD = 'Xq7-kP2_zR9mW4tY-access';

describe('API keys and what each caller may see and do', () => {
  let p: TestPlatform;
  const keys: Record<string, string> = {};
  const as = (who: string, path: string, init: { method?: string; body?: unknown } = {}) => p.api(path, { ...init, key: keys[who]! });

  beforeAll(async () => {
    p = await startTestPlatform({ env: { RATE_LIMIT_PER_MINUTE: '200' } });
    const ok = async (path: string, body: unknown) => expect((await p.api(path, { body })).status).toBe(201);
    await ok('/v1/operators', { id: 'CPO-A', name: 'Changsha CPO', roles: ['CPO'] });
    await ok('/v1/operators', { id: 'EMSP-B', name: 'Driver app', roles: ['EMSP'] });
    await ok('/v1/operators', { id: 'BOTH-C', name: 'Integrated operator', roles: ['CPO', 'EMSP'] });
    await ok('/v1/locations', { id: 'L-A', operatorId: 'CPO-A', name: 'A site', city: 'Changsha', address: 'x', lat: 28.2, lng: 112.9 });
    await ok('/v1/locations', { id: 'L-C', operatorId: 'BOTH-C', name: 'C site', city: 'Xiangtan', address: 'y', lat: 27.9, lng: 112.9 });
    await ok('/v1/stations', { id: 'ST-A', operatorId: 'CPO-A', locationId: 'L-A', password: PASSWORD, evses: [{ evseId: 1, connectors: [{ connectorId: 1, standard: 'GBT_DC', maxPowerKw: 60 }] }] });
    await ok('/v1/stations', { id: 'ST-C', operatorId: 'BOTH-C', locationId: 'L-C', password: PASSWORD, evses: [{ evseId: 1, connectors: [{ connectorId: 1, standard: 'GBT_AC', maxPowerKw: 7 }] }] });
    await ok('/v1/tokens', { uid: 'TOK-B', operatorId: 'EMSP-B', status: 'Accepted' });
    await ok('/v1/tokens', { uid: 'TOK-C', operatorId: 'BOTH-C', status: 'Accepted' });
    for (const op of ['CPO-A', 'EMSP-B', 'BOTH-C']) {
      const r = await p.api('/v1/api-keys', { body: { operatorId: op, name: `${op} key` } });
      expect(r.status).toBe(201);
      expect(r.body.key).toMatch(/^xjk_/);
      keys[op] = r.body.key;
    }
    // A session at CPO-A's station charged with EMSP-B's token.
    const c = ocppClient({ endpoint: p.ocpp, identity: 'ST-A', password: PASSWORD, protocols: ['ocpp1.6'] });
    await c.connect();
    await c.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
    await c.call('StartTransaction', { connectorId: 1, idTag: 'TOK-B', meterStart: 0, timestamp: new Date().toISOString() });
    await c.close();
  });
  afterAll(() => p.stop());

  it('keys are shown once and stored only as hashes; listing shows no secret', async () => {
    const list = (await p.api('/v1/api-keys?operatorId=EMSP-B')).body.items;
    expect(list).toHaveLength(1);
    // The secret is the key's last 43 characters (ids and secrets may themselves contain '_').
    expect(JSON.stringify(list)).not.toContain(keys['EMSP-B']!.slice(-43));
    expect((await p.api('/v1/locations', { key: 'xjk_AAAAAAAAAAAA_' + 'A'.repeat(43) })).body.code).toBe('UNAUTHENTICATED');
  });

  it('availability is readable with any valid key', async () => {
    for (const who of ['CPO-A', 'EMSP-B', 'BOTH-C']) expect((await as(who, '/v1/locations')).body.items.map((l: any) => l.id)).toEqual(['L-A', 'L-C']);
  });

  it('admin-only routes refuse operator keys with 403', async () => {
    expect((await as('CPO-A', '/v1/operators')).body.code).toBe('FORBIDDEN');
    expect((await as('CPO-A', '/v1/stations', { body: { id: 'X', operatorId: 'CPO-A', password: PASSWORD } })).status).toBe(403);
    expect((await as('EMSP-B', '/v1/api-keys')).status).toBe(403);
  });

  it('private data never crosses operators', async () => {
    expect((await as('CPO-A', '/v1/stations')).body.items.map((s: any) => s.id)).toEqual(['ST-A']);
    expect((await as('CPO-A', '/v1/stations/ST-C')).body.code).toBe('STATION_NOT_FOUND');
    expect((await as('EMSP-B', '/v1/tokens')).body.items.map((t: any) => t.uid)).toEqual(['TOK-B']);
    expect((await as('CPO-A', '/v1/tokens/TOK-B')).body.code).toBe('TOKEN_NOT_FOUND');
    expect((await as('EMSP-B', '/v1/tokens', { body: { uid: 'TOK-X', operatorId: 'CPO-A', status: 'Accepted' } })).body.code).toBe('FORBIDDEN');
    expect((await as('EMSP-B', '/v1/tokens', { body: { uid: 'TOK-B2', operatorId: 'EMSP-B', status: 'Accepted' } })).status).toBe(201);
    // The session is the CPO's (its station) and the EMSP's (its customer's token), nobody else's.
    const seenBy = async (who: string) => (await as(who, '/v1/sessions')).body.items.map((s: any) => s.stationId);
    expect(await seenBy('CPO-A')).toEqual(['ST-A']);
    expect(await seenBy('EMSP-B')).toEqual(['ST-A']);
    expect(await seenBy('BOTH-C')).toEqual([]);
    const id = (await p.api('/v1/sessions')).body.items[0].id;
    expect((await as('BOTH-C', `/v1/sessions/${id}`)).body.code).toBe('SESSION_NOT_FOUND');
    expect((await as('EMSP-B', `/v1/sessions/${id}`)).status).toBe(200);
  });

  it('control: a CPO its own stations; a provider only with its own tokens where the station operator accepts them', async () => {
    const reset = (who: string, stationId: string) => as(who, '/v1/commands/reset', { body: { stationId } });
    const own = await reset('CPO-A', 'ST-A');
    expect(own.status).toBe(202);
    expect((await reset('CPO-A', 'ST-C')).body.code).toBe('STATION_NOT_FOUND');
    expect((await as('BOTH-C', `/v1/commands/${own.body.id}`)).body.code).toBe('COMMAND_NOT_FOUND');
    expect((await as('CPO-A', `/v1/commands/${own.body.id}`)).status).toBe(200);
    // EMSP-B's customers have no agreement with CPO-A yet (roaming comes later): refused.
    expect((await as('EMSP-B', '/v1/commands/start', { body: { stationId: 'ST-A', idToken: 'TOK-B' } })).body.code).toBe('FORBIDDEN');
    expect((await as('EMSP-B', '/v1/commands/reset', { body: { stationId: 'ST-A' } })).body.code).toBe('FORBIDDEN');
    // An operator that is both: its own token at its own station.
    expect((await as('BOTH-C', '/v1/commands/start', { body: { stationId: 'ST-C', idToken: 'TOK-C' } })).status).toBe(202);
    // As the station's CPO it controls its station fully, e.g. a helpdesk starting for a roaming customer.
    expect((await as('BOTH-C', '/v1/commands/start', { body: { stationId: 'ST-C', idToken: 'TOK-B' } })).status).toBe(202);
  });

  it('a revoked key stops working', async () => {
    const r = await p.api('/v1/api-keys', { body: { operatorId: 'CPO-A', name: 'temporary' } });
    expect((await p.api('/v1/locations', { key: r.body.key })).status).toBe(200);
    expect((await p.api(`/v1/api-keys/${r.body.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await p.api('/v1/locations', { key: r.body.key })).body.code).toBe('UNAUTHENTICATED');
    expect((await p.api(`/v1/api-keys/${r.body.id}`, { method: 'DELETE' })).body.code).toBe('API_KEY_NOT_FOUND');
  });

  it('each key has its own rate limit (429 RATE_LIMITED); the admin key is not limited', async () => {
    const r = await p.api('/v1/api-keys', { body: { operatorId: 'CPO-A', name: 'busy app' } });
    let limited: any;
    for (let i = 0; i < 205 && !limited; i++) {
      const res = await p.api('/v1/locations?limit=1', { key: r.body.key });
      if (res.status === 429) limited = res;
    }
    expect(limited?.body).toMatchObject({ code: 'RATE_LIMITED' });
    expect((await as('CPO-A', '/v1/locations?limit=1')).status).toBe(200);
    for (let i = 0; i < 210; i++) expect((await p.api('/v1/locations?limit=1')).status).toBe(200);
  });
});
