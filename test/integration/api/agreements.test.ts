import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleCommand } from '../../helpers/commands.js';
import { ocppClient } from '../../helpers/ocpp-client.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/platform.js';
import { REDIS_URL } from '../../helpers/services.js';
import { expectError } from './api-helpers.js';

const PASSWORD = 'Xq7-kP2_zR9mW4tY-agree';
const hour = 3_600_000;

/**
 * Roaming agreements: who may charge where. CPO-CS (Changsha) and CPO-ZZ (Zhuzhou) own stations;
 * EMSP-APP issues tokens; the app's tokens may charge at CPO-CS in Changsha only, from now on.
 */
describe.each([
  { name: 'embedded', redis: false },
  { name: 'PostgreSQL + Redis', redis: true },
])('agreements ($name)', ({ redis }) => {
  let p: TestPlatform;
  const keys: Record<string, string> = {};
  const as = (who: string, path: string, init: { method?: string; body?: unknown } = {}) => p.api(path, { ...init, key: keys[who]! });
  const ok = async (path: string, body: unknown) => {
    const r = await p.api(path, { body });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body;
  };

  beforeAll(async () => {
    p = await startTestPlatform(redis ? { postgres: true, redisUrl: REDIS_URL } : {});
    await ok('/v1/operators', { id: 'CPO-CS', name: 'Changsha CPO', roles: ['CPO'] });
    await ok('/v1/operators', { id: 'CPO-ZZ', name: 'Zhuzhou CPO', roles: ['CPO'] });
    await ok('/v1/operators', { id: 'EMSP-APP', name: 'Driver app', roles: ['EMSP'] });
    await ok('/v1/locations', { id: 'L-CS', operatorId: 'CPO-CS', name: 'Changsha site', city: 'Changsha', address: 'x', lat: 28.2, lng: 112.9 });
    await ok('/v1/locations', { id: 'L-CS-XT', operatorId: 'CPO-CS', name: 'Its Xiangtan site', city: 'Xiangtan', address: 'y', lat: 27.86, lng: 112.9 });
    await ok('/v1/locations', { id: 'L-ZZ', operatorId: 'CPO-ZZ', name: 'Zhuzhou site', city: 'Zhuzhou', address: 'z', lat: 27.83, lng: 113.13 });
    const evses = [{ evseId: 1, connectors: [{ connectorId: 1, standard: 'GBT_DC', maxPowerKw: 60 }] }, { evseId: 2, connectors: [{ connectorId: 1, standard: 'GBT_DC', maxPowerKw: 60 }] }];
    for (const [id, op, loc] of [['AG-CS16', 'CPO-CS', 'L-CS'], ['AG-CS201', 'CPO-CS', 'L-CS'], ['AG-XT16', 'CPO-CS', 'L-CS-XT'], ['AG-ZZ201', 'CPO-ZZ', 'L-ZZ']]) {
      await ok('/v1/stations', { id, operatorId: op, locationId: loc, password: PASSWORD, evses });
    }
    await ok('/v1/tokens', { uid: 'APP-1', operatorId: 'EMSP-APP', status: 'Accepted' });
    await ok('/v1/tokens', { uid: 'CS-OWN', operatorId: 'CPO-CS', status: 'Accepted' });
    for (const op of ['CPO-CS', 'CPO-ZZ', 'EMSP-APP']) keys[op] = (await ok('/v1/api-keys', { operatorId: op, name: `${op} key` })).key;
  });
  afterAll(() => p.stop());

  it('the admin makes, reads, changes and deletes an agreement; each party sees its own', async () => {
    const validFrom = new Date(Date.now() - hour).toISOString();
    const made = await ok('/v1/agreements', { id: 'AGR-1', providerId: 'EMSP-APP', operatorId: 'CPO-CS', validFrom, cities: ['Changsha'] });
    expect(made).toMatchObject({ id: 'AGR-1', providerId: 'EMSP-APP', operatorId: 'CPO-CS', validFrom, validTo: null, cities: ['Changsha'] });
    // An id is made up when none is given.
    const other = await ok('/v1/agreements', { providerId: 'EMSP-APP', operatorId: 'CPO-ZZ', validFrom, validTo: new Date(Date.now() - hour / 2).toISOString() });
    expect(other.id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await p.api('/v1/agreements/AGR-1')).body).toEqual(made);
    expect((await as('EMSP-APP', '/v1/agreements')).body.items.map((a: { id: string }) => a.id).sort()).toEqual(['AGR-1', other.id].sort());
    expect((await as('CPO-CS', '/v1/agreements')).body.items.map((a: { id: string }) => a.id)).toEqual(['AGR-1']);
    expect((await as('CPO-ZZ', '/v1/agreements')).body.items.map((a: { id: string }) => a.id)).toEqual([other.id]);
    expectError(await as('CPO-ZZ', '/v1/agreements/AGR-1'), 404, 'AGREEMENT_NOT_FOUND');
    expect((await p.api('/v1/agreements?operatorId=CPO-CS')).body.items.map((a: { id: string }) => a.id)).toEqual(['AGR-1']);
    // Only the admin changes them.
    expectError(await as('CPO-CS', '/v1/agreements', { body: { providerId: 'EMSP-APP', operatorId: 'CPO-CS', validFrom } }), 403, 'FORBIDDEN');
    expectError(await as('CPO-CS', '/v1/agreements/AGR-1', { method: 'PATCH', body: { cities: [] } }), 403, 'FORBIDDEN');
    const ended = await p.api(`/v1/agreements/${other.id}`, { method: 'PATCH', body: { validTo: null, cities: ['Zhuzhou'] } });
    expect(ended.body).toMatchObject({ validTo: null, cities: ['Zhuzhou'] });
    expect((await p.api(`/v1/agreements/${other.id}`, { method: 'DELETE' })).status).toBe(204);
    expectError(await p.api(`/v1/agreements/${other.id}`), 404, 'AGREEMENT_NOT_FOUND');
  });

  it('bad agreements are refused with the reason, and leave nothing behind', async () => {
    const validFrom = new Date().toISOString();
    const before = (await p.api('/v1/agreements')).body.items.length;
    expectError(await p.api('/v1/agreements', { body: { providerId: 'NOBODY', operatorId: 'CPO-CS', validFrom } }), 404, 'OPERATOR_NOT_FOUND', 'providerId');
    expectError(await p.api('/v1/agreements', { body: { providerId: 'EMSP-APP', operatorId: 'NOBODY', validFrom } }), 404, 'OPERATOR_NOT_FOUND', 'operatorId');
    expectError(await p.api('/v1/agreements', { body: { providerId: 'CPO-ZZ', operatorId: 'CPO-CS', validFrom } }), 400, 'VALIDATION_FAILED', 'providerId');
    expectError(await p.api('/v1/agreements', { body: { providerId: 'CPO-CS', operatorId: 'EMSP-APP', validFrom } }), 400, 'VALIDATION_FAILED', 'providerId');
    expectError(await p.api('/v1/agreements', { body: { providerId: 'EMSP-APP', operatorId: 'EMSP-APP', validFrom } }), 400, 'VALIDATION_FAILED', 'operatorId');
    expectError(await p.api('/v1/agreements', { body: { providerId: 'EMSP-APP', operatorId: 'CPO-CS', validFrom, validTo: validFrom } }), 400, 'VALIDATION_FAILED', 'validTo');
    expectError(await p.api('/v1/agreements', { body: { providerId: 'EMSP-APP', operatorId: 'CPO-CS', validFrom, cities: ['Beijing'] } }), 400, 'VALIDATION_FAILED', 'cities.0');
    expectError(await p.api('/v1/agreements', { body: { providerId: 'EMSP-APP', operatorId: 'CPO-CS', validFrom: 'yesterday' } }), 400, 'VALIDATION_FAILED', 'validFrom');
    expectError(await p.api('/v1/agreements', { body: { id: 'AGR-1', providerId: 'EMSP-APP', operatorId: 'CPO-CS', validFrom } }), 409, 'AGREEMENT_ALREADY_EXISTS');
    expectError(await p.api('/v1/agreements/AGR-1', { method: 'PATCH', body: { validTo: '2000-01-01T00:00:00Z' } }), 400, 'VALIDATION_FAILED', 'validTo');
    expect((await p.api('/v1/agreements')).body.items.length).toBe(before);
    expect((await p.api('/v1/agreements/AGR-1')).body.validTo).toBeNull();
  });

  it('1.6: the app\'s token is Accepted at CPO-CS in Changsha (recorded with the agreement), Invalid in Xiangtan and at CPO-ZZ', async () => {
    const authorize = async (stationId: string, idTag: string) => {
      const c = ocppClient({ endpoint: p.ocpp, identity: stationId, password: PASSWORD, protocols: ['ocpp1.6'] });
      await c.connect();
      await c.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
      const auth = (await c.call('Authorize', { idTag })) as { idTagInfo: { status: string } };
      const start = (await c.call('StartTransaction', { connectorId: 1, idTag, meterStart: 0, timestamp: new Date().toISOString() })) as { transactionId: number; idTagInfo: { status: string } };
      await c.close();
      return { auth: auth.idTagInfo.status, start: start.idTagInfo.status, transactionId: String(start.transactionId) };
    };
    const here = await authorize('AG-CS16', 'APP-1');
    expect(here).toMatchObject({ auth: 'Accepted', start: 'Accepted' });
    expect((await authorize('AG-XT16', 'APP-1'))).toMatchObject({ auth: 'Invalid', start: 'Invalid' });
    expect((await authorize('AG-CS16', 'CS-OWN'))).toMatchObject({ auth: 'Accepted', start: 'Accepted' });
    const sessions = (await p.api('/v1/sessions?stationId=AG-CS16')).body.items;
    const roamed = sessions.find((s: { transactionId: string }) => s.transactionId === here.transactionId);
    expect(roamed).toMatchObject({ idToken: 'APP-1', authStatus: 'Accepted', providerId: 'EMSP-APP', agreementId: 'AGR-1' });
    const own = sessions.find((s: { idToken: string }) => s.idToken === 'CS-OWN');
    expect(own).toMatchObject({ providerId: 'CPO-CS', agreementId: null });
    const refused = (await p.api('/v1/sessions?stationId=AG-XT16')).body.items[0];
    expect(refused).toMatchObject({ authStatus: 'NotAtThisLocation', providerId: 'EMSP-APP', agreementId: null });
    // The paying provider sees the session charged with its token; the other CPO does not.
    expect((await as('EMSP-APP', `/v1/sessions/${roamed.id}`)).status).toBe(200);
    expectError(await as('CPO-ZZ', `/v1/sessions/${roamed.id}`), 404, 'SESSION_NOT_FOUND');
  });

  it('2.0.1: NotAtThisLocation without an agreement for the place, NotAtThisTime outside its window, Accepted inside', async () => {
    const c = ocppClient({ endpoint: p.ocpp, identity: 'AG-ZZ201', password: PASSWORD, protocols: ['ocpp2.0.1'] });
    await c.connect();
    await c.call('BootNotification', { reason: 'PowerUp', chargingStation: { vendorName: 'V', model: 'M' } });
    const authorize = async () => ((await c.call('Authorize', { idToken: { idToken: 'APP-1', type: 'ISO14443' } })) as { idTokenInfo: { status: string } }).idTokenInfo.status;
    expect(await authorize()).toBe('NotAtThisLocation');
    await ok('/v1/agreements', { id: 'AGR-ZZ', providerId: 'EMSP-APP', operatorId: 'CPO-ZZ', validFrom: new Date(Date.now() + hour).toISOString() });
    expect(await authorize()).toBe('NotAtThisTime');
    await p.api('/v1/agreements/AGR-ZZ', { method: 'PATCH', body: { validFrom: new Date(Date.now() - hour).toISOString() } });
    expect(await authorize()).toBe('Accepted');
    const ev = (await c.call('TransactionEvent', {
      eventType: 'Started', timestamp: new Date().toISOString(), triggerReason: 'Authorized', seqNo: 0,
      transactionInfo: { transactionId: 'tx-ag-1' }, evse: { id: 1, connectorId: 1 }, idToken: { idToken: 'APP-1', type: 'ISO14443' },
    })) as { idTokenInfo: { status: string } };
    expect(ev.idTokenInfo.status).toBe('Accepted');
    await c.close();
    const s = (await p.api('/v1/sessions?stationId=AG-ZZ201')).body.items[0];
    expect(s).toMatchObject({ transactionId: 'tx-ag-1', authStatus: 'Accepted', providerId: 'EMSP-APP', agreementId: 'AGR-ZZ' });
    // An agreement sessions charged under cannot be deleted: it is ended with validTo.
    expectError(await p.api('/v1/agreements/AGR-ZZ', { method: 'DELETE' }), 409, 'AGREEMENT_IN_USE');
  });

  it('remote start by the app: allowed where an agreement covers the station, forbidden elsewhere', async () => {
    const c = ocppClient({ endpoint: p.ocpp, identity: 'AG-CS201', password: PASSWORD, protocols: ['ocpp2.0.1'] });
    c.handle('RequestStartTransaction', async () => ({ status: 'Accepted' }));
    await c.connect();
    await c.call('BootNotification', { reason: 'PowerUp', chargingStation: { vendorName: 'V', model: 'M' } });
    const start = await as('EMSP-APP', '/v1/commands/start', { body: { stationId: 'AG-CS201', evseId: 2, idToken: 'APP-1' } });
    expect(start.status).toBe(202);
    expect(await settleCommand((path) => p.api(path), start.body.id)).toMatchObject({ status: 'accepted' });
    expectError(await as('EMSP-APP', '/v1/commands/start', { body: { stationId: 'AG-XT16', evseId: 1, idToken: 'APP-1' } }), 403, 'FORBIDDEN');
    await c.close();
  });
});
